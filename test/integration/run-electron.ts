// Runs the integration suite with @vscode/test-electron, where a desktop VS Code can be
// downloaded (not on the CI machines here: they use test/harness/run-integration.ts).
// Usage: npm run build && node scripts/e2e/build-tests.mjs && tsx test/integration/run-electron.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '../..');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-hints-electron-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(repo, 'out', 'test', 'integration', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(scratch, 'user-data')],
      extensionTestsEnv: { WORKLOAD_HINTS_TEST_RESULT: path.join(repo, '.test-artifacts', 'integration-mocha.json') },
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
