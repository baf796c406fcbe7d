// `npm run demo`: analyses the bundled examples. Exit code 1 only means the examples hold
// error-severity findings (they are there to show them); 2 is a real failure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['dist/cli.js', 'analyze', 'examples', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status === 0 || result.status === 1 ? 0 : (result.status ?? 2);
