// `npm run bench` (after the build): the analyzer benchmark, then the workload benchmark of
// scripts/bench/workloads/ when it is there, then the editor's per-keystroke path, then the
// profile overhead. Each runs in its own
// process (the analyzer one with --expose-gc, so that every timed pass starts from a collected heap).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const passThrough = process.argv.slice(2);

function run(script, nodeArgs = [], scriptArgs = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, script, ...scriptArgs], { stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

// Options such as --quick or --only=analyzer are the analyzer bench's.
// ESLint warns once per `/* eslint-env */` comment it meets in the corpus: noise here.
let status = run(path.join(here, 'analyzer.mjs'), ['--expose-gc', '--disable-warning=ESLintEnvWarning'], passThrough);
const workloads = path.join(here, 'workloads', 'run.mjs');
if (existsSync(workloads)) {
  console.log('');
  status = run(workloads) || status;
}
console.log('');
status = run(path.join(here, 'keystroke.mjs')) || status;
console.log('');
status = run(path.join(here, 'profile-overhead.mjs')) || status;
process.exitCode = status;
