// Profile overhead benchmark (run by `npm run bench`, after the build). `timing.overheadMs` is
// everything a profile costs beyond the function's own measured calls: locating, bundling,
// the child's start-up, loading, the warm-up call, teardown. Issue #5's target is ≤ 500 ms.
//
// 1. CLI: `workload-hints profile test/fixtures/profile/cpu-pi.ts -f estimatePi --format json
//    --concurrency 0`, a fresh process each time (the command's own start-up is printed as
//    `command` for reference; it is not part of the overhead).
// 2. Editor: the built profiler worker (dist/profile-worker.js) driven as the panel drives it,
//    one profile after another with a pause between them, as a user reads a result.
//
// Medians of a few runs; they move with the machine's load, which is printed beside them.
// Options: --runs=N (default 7), --cli=PATH (a second build of dist/cli.js, e.g. the previous
// commit's, run interleaved with this one for a comparison under the same load).
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET_MS = 500;
const FILE = 'test/fixtures/profile/cpu-pi.ts';
const FUNCTION = 'estimatePi';
const PAUSE_MS = 1_000;
const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const runs = Number(option('runs', 7));
const clis = [path.join(ROOT, 'dist', 'cli.js')];
if (option('cli')) clis.push(path.resolve(option('cli')));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const COLUMNS = ['overheadMs', 'totalMs', 'functionMs', 'warmupMs', 'bundleMs', 'loadMs', 'commandMs'];

function printRows(rows) {
  console.log(`  ${''.padEnd(26)}${COLUMNS.map((c) => c.replace(/Ms$/, '').padStart(9)).join('')}   (medians, ms)`);
  for (const [name, samples] of rows) {
    const cells = COLUMNS.map((c) => (samples.some((s) => s[c] !== undefined) ? median(samples.map((s) => s[c] ?? 0)).toFixed(0) : '—').padStart(9));
    console.log(`  ${name.padEnd(26)}${cells.join('')}`);
    console.log(`  ${''.padEnd(26)}  overhead of each run: ${samples.map((s) => s.overheadMs.toFixed(0)).join(' ')}`);
  }
}

function profileWithCli(cli) {
  const started = process.hrtime.bigint();
  const out = spawnSync(process.execPath, [cli, 'profile', FILE, '-f', FUNCTION, '--format', 'json', '--concurrency', '0'], { cwd: ROOT, encoding: 'utf8' });
  const commandMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (out.status !== 0) throw new Error(`profile failed (${out.status}): ${out.stderr || out.stdout}`);
  const result = JSON.parse(out.stdout);
  if (result.outcome !== 'ok') throw new Error(`profile outcome ${result.outcome}: ${result.message}`);
  return { ...result.timing, commandMs };
}

async function profileWithWorker(count) {
  const worker = new Worker(path.join(ROOT, 'dist', 'profile-worker.js'));
  const profile = (id) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message.id !== id || message.type === 'progress') return;
        worker.off('message', onMessage);
        if (message.type !== 'result') return reject(new Error(message.message ?? message.type));
        if (message.result.outcome !== 'ok') return reject(new Error(`profile outcome ${message.result.outcome}: ${message.result.message}`));
        resolve(message.result.timing);
      };
      worker.on('message', onMessage);
      // What the panel sends: it knows the static label already.
      worker.postMessage({ type: 'profile', id, request: { file: path.join(ROOT, FILE), functionName: FUNCTION, concurrency: 0, cwd: ROOT, staticLabel: 'cpu' } });
    });
  try {
    const first = await profile(0);
    const next = [];
    for (let i = 1; i <= count; i++) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      next.push(await profile(i));
    }
    return { first, next };
  } finally {
    await worker.terminate();
  }
}

console.log(`Profile overhead (${FILE} -f ${FUNCTION}, ${runs} runs each, ${os.availableParallelism()} cores, load ${loadAverage()})`);
const cliSamples = clis.map(() => []);
for (let i = 0; i < runs; i++) clis.forEach((cli, k) => cliSamples[k].push(profileWithCli(cli)));
console.log('CLI, a fresh process per profile:');
printRows(clis.map((cli, k) => [path.relative(ROOT, cli), cliSamples[k]]));
const editor = await profileWithWorker(runs);
console.log(`Editor, the profiler worker (a profile every ${PAUSE_MS / 1000} s after the first):`);
printRows([
  ['first profile', [editor.first]],
  ['the next ones', editor.next],
]);
const ours = median(cliSamples[0].map((s) => s.overheadMs));
console.log(`CLI median overhead ${ours.toFixed(0)} ms against a target of ≤ ${TARGET_MS} ms: ${ours <= TARGET_MS ? 'met' : 'missed'} (load ${loadAverage()})`);
