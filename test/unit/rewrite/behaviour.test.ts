// Behaviour: the original and the rewritten program, bundled with esbuild and run in child Node
// processes, print the same results; the worker-pool rewrite really runs off the main thread.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import type { RuleId } from '../../../src/analysis';
import { applyEdits, explainFixes, type FixId, type FixOptions } from '../../../src/rewrite';
import { code, defaultProject, findingsOf, ROOT, runBundled } from './support';

/** Applies fix `id` to every finding of `rule`, one at a time, re-analysing in between. */
function fixAll(source: string, filename: string, rule: RuleId, id: FixId, options: FixOptions): { text: string; files: Record<string, string>; applied: number } {
  let text = source;
  const files: Record<string, string> = {};
  let applied = 0;
  for (let pass = 0; pass < 10; pass++) {
    const fix = findingsOf(text, filename, rule)
      .map((f) => explainFixes(f, text, filename, options).fixes.find((x) => x.id === id))
      .find((x) => x !== undefined);
    if (!fix) break;
    text = applyEdits(text, fix.edits);
    for (const f of fix.newFiles ?? []) files[f.path] = f.text;
    applied++;
  }
  return { text, files, applied };
}

async function compare(filename: string, before: string, after: { text: string; files: Record<string, string> }, format: 'cjs' | 'esm') {
  const [a, b] = await Promise.all([
    runBundled({ [filename]: before }, filename, format),
    runBundled({ [filename]: after.text, ...after.files }, filename, format),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.notEqual(a.stdout.trim(), '');
  assert.equal(b.stdout, a.stdout);
  return { before: a, after: b };
}

const DELAY = `const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));`;

describe('rewrites keep behaviour (bundled, run in child processes)', function () {
  this.timeout(60_000);

  it('sequential-awaits → Promise.all: same results, in the same order', async () => {
    const file = `${ROOT}/src/dashboard.ts`;
    const source = code`
      ${DELAY}
      async function fetchUser(id: number) { await delay(30); return { id, name: 'Ada' }; }
      async function fetchStats(id: number) { await delay(10); return { orders: id * 2 }; }
      async function dashboard(id: number) {
        const user = await fetchUser(id);
        const stats = await fetchStats(id);
        return { user, stats };
      }
      dashboard(7).then((r) => console.log(JSON.stringify(r)));
    `;
    const after = fixAll(source, file, 'sequential-awaits', 'promise-all', defaultProject());
    assert.equal(after.applied, 1);
    assert.match(after.text, /Promise\.all/);
    await compare(file, source, after, 'cjs');
  });

  it('await-in-loop → Promise.all and p-map (ESM and CommonJS): results keep their order though they finish in reverse', async () => {
    const body = (ts: boolean) => code`
      const delay = (ms${ts ? ': number' : ''}) => new Promise((resolve) => setTimeout(resolve, ms));
      async function double(x${ts ? ': number' : ''}) { await delay(5 * (6 - x)); return x * 2; }
      async function all(xs${ts ? ': number[]' : ''}) {
        const out${ts ? ': number[]' : ''} = [];
        for (const x of xs) {
          out.push(await double(x));
        }
        return out;
      }
    `;
    const ts = `${body(true)}all([1, 2, 3, 4, 5]).then((r) => console.log(JSON.stringify(r)));\n`;
    const esm = `${body(false)}console.log(JSON.stringify(await all([1, 2, 3, 4, 5])));\nexport {};\n`;
    const cjs = `${body(false)}all([1, 2, 3, 4, 5]).then((r) => console.log(JSON.stringify(r)));\nmodule.exports = { all };\n`;
    const esmFile = `${ROOT}/src/all.mjs`;
    const cjsFile = `${ROOT}/src/all.cjs`;
    const tsFile = `${ROOT}/src/all.ts`;
    const runs = await Promise.all([
      compare(tsFile, ts, fixAll(ts, tsFile, 'await-in-loop', 'promise-all', defaultProject()), 'cjs'),
      compare(esmFile, esm, fixAll(esm, esmFile, 'await-in-loop', 'p-map', defaultProject()), 'esm'),
      compare(cjsFile, cjs, fixAll(cjs, cjsFile, 'await-in-loop', 'p-map', defaultProject()), 'cjs'),
    ]);
    for (const run of runs) assert.equal(run.after.stdout.trim(), '[2,4,6,8,10]');
  });

  it('forEach(async …) → await Promise.all: the caller now waits for the callbacks', async () => {
    const file = `${ROOT}/src/notify.ts`;
    const source = code`
      ${DELAY}
      const sent: number[] = [];
      async function notify(ids: number[]) {
        ids.forEach(async (id) => {
          await delay(10);
          sent.push(id);
        });
      }
      notify([1, 2, 3]).then(async () => {
        console.log('right after: ' + sent.length);
        await delay(50);
        console.log('later: ' + [...sent].sort().join(','));
      });
    `;
    const after = fixAll(source, file, 'await-in-loop', 'promise-all', defaultProject());
    const [a, b] = await Promise.all([runBundled({ [file]: source }, file, 'cjs'), runBundled({ [file]: after.text }, file, 'cjs')]);
    assert.equal(a.stdout, 'right after: 0\nlater: 1,2,3\n');
    assert.equal(b.stdout, 'right after: 3\nlater: 1,2,3\n');
  });

  it('blocking-sync-call → fs/promises, promisified crypto, exec: same output', async () => {
    const file = `${ROOT}/src/startup.ts`;
    const source = code`
      import { readFileSync } from 'node:fs';
      import * as crypto from 'node:crypto';
      import { execSync } from 'node:child_process';

      async function main() {
        const size = readFileSync(__filename, 'utf8').length > 0;
        const key = crypto.pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex');
        const out = execSync('echo hi', { encoding: 'utf8' }).trim();
        console.log(JSON.stringify({ size, key, out }));
      }
      main();
    `;
    const after = fixAll(source, file, 'blocking-sync-call', 'async-api', defaultProject());
    assert.equal(after.applied, 3);
    assert.doesNotMatch(after.text, /Sync\(/);
    await compare(file, source, after, 'cjs');
  });

  const PI = (ts: boolean) => code`
    import { threadId } from 'node:worker_threads';

    /** Monte-Carlo π with a seeded generator, so every run gives the same estimate. */
    function estimatePi(samples${ts ? ': number' : ''}, seed${ts ? ': number' : ''})${ts ? ': number' : ''} {
      process.stderr.write('estimatePi on thread ' + threadId + '\\n');
      let state = seed >>> 0;
      let inside = 0;
      for (let i = 0; i < samples; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        const x = state / 4294967296;
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        const y = state / 4294967296;
        if (x * x + y * y <= 1) inside++;
      }
      return (4 * inside) / samples;
    }
  `;

  it('hot-loop → worker pool (TypeScript, CommonJS): same estimates, computed on worker threads', async () => {
    const file = `${ROOT}/src/pi.ts`;
    const source = `${PI(true)}\nasync function main() {\n  const estimates: number[] = [];\n  for (let task = 0; task < 4; task++) {\n    estimates.push(estimatePi(200_000, task + 1));\n  }\n  console.log(JSON.stringify(estimates));\n}\nmain();\n`;
    const moved = fixAll(source, file, 'hot-loop', 'worker-pool', defaultProject());
    assert.equal(moved.applied, 1);
    // The moved call sites await inside the loop: the await-in-loop fix then runs them together.
    const together = fixAll(moved.text, file, 'await-in-loop', 'promise-all', defaultProject());
    assert.equal(together.applied, 1);
    const { before, after } = await compare(file, source, { text: together.text, files: moved.files }, 'cjs');
    assert.match(before.stderr, /^(estimatePi on thread 0\n){4}$/);
    assert.doesNotMatch(after.stderr, /thread 0\n/);
    assert.equal((after.stderr.match(/estimatePi on thread [1-9]\d*\n/g) ?? []).length, 4);
  });

  it('hot-loop → worker pool: the pool keeps one thread per core across bursts of calls (none stopped and restarted)', async () => {
    const file = `${ROOT}/src/pi.ts`;
    const source = `${PI(true)}\n${DELAY}\n\nasync function main() {\n  const estimates: number[] = [];\n  for (const seed of [1, 3, 5]) {\n    estimates.push(...(await Promise.all([0, 1].map(async (k) => estimatePi(50_000, seed + k)))));\n    await delay(30);\n  }\n  console.log(JSON.stringify(estimates));\n}\nmain();\n`;
    const moved = fixAll(source, file, 'hot-loop', 'worker-pool', defaultProject());
    assert.equal(moved.applied, 1);
    const { after } = await compare(file, source, moved, 'cjs');
    // Worker thread ids count up per process: a thread stopped when idle and started again gets a new one.
    const ids = [...after.stderr.matchAll(/estimatePi on thread (\d+)\n/g)].map((m) => Number(m[1]));
    assert.equal(ids.length, 6);
    assert.ok(ids.every((id) => id >= 1 && id <= os.availableParallelism()), `thread ids ${ids.join(', ')} with ${os.availableParallelism()} cores`);
  });

  it('hot-loop → worker pool (JavaScript ES module, top-level await): same estimates, off the main thread', async () => {
    const file = `${ROOT}/src/pi.mjs`;
    const source = `${PI(false)}\nconst a = estimatePi(100_000, 1);\nconst b = estimatePi(100_000, 2);\nconsole.log(JSON.stringify([a, b]));\n`;
    const moved = fixAll(source, file, 'hot-loop', 'worker-pool', defaultProject());
    assert.equal(moved.applied, 1);
    assert.match(moved.text, /import\.meta\.url/);
    const { after } = await compare(file, source, moved, 'esm');
    assert.equal((after.stderr.match(/estimatePi on thread [1-9]\d*\n/g) ?? []).length, 2);
  });
});
