// Tests for src/profile/run.ts end to end: real child processes on the fixtures in
// test/fixtures/profile. Small runs and timeouts keep the suite short; no timing assertions.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileFunction } from '../../../src/profile';
import { descendantsOf, isAlive, killQuietly } from '../../../src/profile/process-tree';
import type { ProfileRequest, ProfileResult } from '../../../src/profile/types';

const FIXTURES = path.resolve(__dirname, '../../fixtures/profile');
const fixture = (name: string) => path.join(FIXTURES, name);

function profile(file: string, functionName: string, args: string, extra: Partial<ProfileRequest> = {}): Promise<ProfileResult> {
  return profileFunction({ file: fixture(file), functionName, args, runs: 1, concurrency: 0, timeoutMs: 5_000, cwd: FIXTURES, ...extra });
}


async function eventually(check: () => boolean, what: string, deadlineMs = 3_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`still not true after ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('profile/run (child processes)', function () {
  this.timeout(30_000);
  // A private temp folder (os.tmpdir() follows TMPDIR), so other test runs cannot interfere.
  const savedTmp = process.env.TMPDIR;
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-hints-run-test-'));
    process.env.TMPDIR = tmp;
  });
  after(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    const left = fs.readdirSync(tmp);
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(left, [], 'temp folders left behind');
  });

  it('measures a CPU-bound pi loop, maps hot lines into it and runs the what-if', async () => {
    const r = await profile('cpu-pi.ts', 'estimatePi', '[200000]', { runs: 2, concurrency: 2 });
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.verdict?.label, 'cpu');
    assert.equal(r.comparison?.staticLabel, 'cpu');
    assert.equal(r.comparison?.agreement, 'confirmed');
    assert.equal(r.runs.length, 2);
    assert.ok(r.hotLines.length > 0 && r.hotLines.every((h) => h.file === fixture('cpu-pi.ts')));
    assert.ok(r.hotLines.some((h) => h.inFunction && h.line >= 6 && h.line <= 10), JSON.stringify(r.hotLines));
    assert.deepEqual(r.whatIf.map((w) => w.strategy).concat(r.whatIfSkipped.map((s) => s.strategy)).sort(), ['promise-all', 'sequential', 'worker-pool']);
    for (const w of r.whatIf) assert.ok(w.wallMs > 0 && w.speedup > 0 && w.peakRssMb > 0, JSON.stringify(w));
    assert.match(r.returnValue ?? '', /^3\.\d+$/);
    assert.equal(r.process?.killed, false);
    // The overhead is everything but the measured calls: bundling, loading and the warm-up are in it.
    const t = r.timing;
    assert.ok(t.warmupMs > 0 && t.functionMs > 0, JSON.stringify(t));
    assert.ok(Math.abs(t.totalMs - t.functionMs - t.overheadMs) < 0.02, JSON.stringify(t));
    assert.ok(t.overheadMs >= t.bundleMs + t.loadMs + t.warmupMs, JSON.stringify(t));
  });

  it('measures waiting on timers as I/O-bound', async () => {
    const r = await profile('io-server.ts', 'waitTimers', '[15]');
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.verdict?.label, 'io', r.verdict?.explanation);
    assert.deepEqual(r.openHandles, []);
  });

  it('measures requests to a local server the function starts and closes as I/O-bound', async () => {
    const r = await profile('io-server.ts', 'fetchSequentially', '[2, 100]');
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.verdict?.label, 'io', r.verdict?.explanation);
    assert.equal(r.comparison?.staticLabel, 'io');
    assert.deepEqual(r.openHandles, []);
  });

  it('measures a wait followed by computation as mixed', async () => {
    const r = await profile('mixed.ts', 'waitThenCompute', '[30, 15]');
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.verdict?.label, 'mixed', r.verdict?.explanation);
  });

  it('reports an exception with its stack mapped to the TypeScript source', async () => {
    const r = await profile('failures.ts', 'explode', '[]');
    assert.equal(r.outcome, 'threw');
    assert.equal(r.phase, 'warmup');
    assert.match(r.message ?? '', /TypeError: config has no port/);
    assert.deepEqual(r.error?.location, { file: fixture('failures.ts'), line: 7, column: 40 });
    assert.match(r.error?.stack ?? '', /at explode \(.*failures\.ts:12:10\)/);
    assert.doesNotMatch(r.error?.stack ?? '', /harness|node:internal/);
  });

  it('reports a promise that can never settle', async () => {
    const r = await profile('failures.ts', 'neverSettles', '[]');
    assert.equal(r.outcome, 'never-settled');
    assert.match(r.message ?? '', /never settled/);
  });

  it('times out a pending call that keeps a timer alive and names the open handle', async () => {
    const r = await profile('failures.ts', 'pendingWithTimer', '[]', { timeoutMs: 400 });
    assert.equal(r.outcome, 'timeout');
    assert.match(r.message ?? '', /did not settle within 400 ms; still pending \(open handles: Timeout\)/);
  });

  it('reports process.exit with the line that called it and keeps the output', async () => {
    const r = await profile('failures.ts', 'quits', '[]');
    assert.equal(r.outcome, 'exited');
    assert.match(r.message ?? '', /process\.exit\(3\) at failures\.ts:27/);
    assert.equal(r.output.stdout, 'about to exit\n');
  });

  it('kills an infinite loop at the timeout with everything it started', async () => {
    const r = await profile('failures.ts', 'spinForever', '[]', { timeoutMs: 400 });
    assert.equal(r.outcome, 'timeout');
    assert.match(r.message ?? '', /event loop was blocked/);
    assert.equal(r.process?.killed, true);
    const grandchild = Number(/grandchild (\d+)/.exec(r.output.stdout)?.[1]);
    assert.ok(grandchild > 0, r.output.stdout);
    await eventually(() => !isAlive(r.process!.pid) && !isAlive(grandchild), 'child and grandchild gone');
  });

  it('kills the child, what it started and its temp folder when the profiler itself is killed', async function () {
    if (process.platform !== 'linux') this.skip();
    // Two Node start-ups (tsx's, the child's), the guard's, and its half-second poll.
    this.timeout(60_000);
    // Its own temp folder: tsx keeps a cache there too.
    const own = fs.mkdtempSync(path.join(tmp, 'orphan-'));
    const profileFolders = () => fs.readdirSync(own).filter((name) => name.startsWith('workload-hints-profile-'));
    const profiler = spawn(process.execPath, ['--import', 'tsx', fixture('orphan-parent.ts')], { env: { ...process.env, TMPDIR: own }, stdio: ['ignore', 'pipe', 'inherit'] });
    let said = '';
    let tree: number[] = [];
    profiler.stdout!.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
    try {
      // The warm-up call has started (the guard starts with the child's first message), and
      // the function has started its grandchild.
      await eventually(() => said.includes('warmup'), 'the profile reached the warm-up', 20_000);
      const cmdline = (pid: number) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      };
      const harness = descendantsOf(profiler.pid!).filter((pid) => cmdline(pid).includes('harness'));
      assert.equal(harness.length, 1, 'one harness child');
      await eventually(() => descendantsOf(harness[0]).length > 0, 'the function started a grandchild');
      tree = [harness[0], ...descendantsOf(harness[0])];
      assert.equal(profileFolders().length, 1, 'one temp folder while it runs');
      profiler.kill('SIGKILL');
      await eventually(() => tree.every((pid) => !isAlive(pid)) && profileFolders().length === 0, 'child, grandchild and temp folder gone', 10_000);
    } finally {
      // Whatever the outcome, nothing of this test outlives it.
      [profiler.pid!, ...tree].forEach(killQuietly);
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('cancels on request and kills the child', async () => {
    const controller = new AbortController();
    const r = await profileFunction(
      { file: fixture('failures.ts'), functionName: 'spinForever', runs: 1, concurrency: 0, timeoutMs: 20_000, cwd: FIXTURES },
      { signal: controller.signal, onProgress: (p) => p.phase === 'warmup' && controller.abort() },
    );
    assert.equal(r.outcome, 'cancelled');
    await eventually(() => !isAlive(r.process!.pid), 'child gone');
  });

  it('names handles a function leaves open', async () => {
    const r = await profile('failures.ts', 'leavesTimer', '[]');
    assert.equal(r.outcome, 'ok', r.message);
    assert.match(r.openHandles.join(), /^Timeout/);
  });

  it('runs ESM JavaScript: a class method on a fresh instance, and the module\'s own import.meta.url', async () => {
    const add = await profile('esm-module.mjs', 'Counter.add', '[1]');
    assert.equal(add.outcome, 'ok', add.message);
    assert.equal(add.returnValue, '11');
    const where = await profile('esm-module.mjs', 'whereAmI', '[]');
    assert.equal(where.returnValue, `'file://${fixture('esm-module.mjs')}'`);
  });

  it('runs CommonJS exports', async () => {
    const r = await profile('cjs-module.cjs', 'cube', '[3]');
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.returnValue, '27');
  });

  it('runs TypeScript that imports a package from node_modules', async () => {
    const r = await profile('ts-with-dep.ts', 'squaresWithPMap', '[5]');
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.returnValue, '[ 0, 1, 4, 9, 16 ]');
  });

  it('evaluates a JavaScript expression for the arguments and skips the pool for a function argument', async () => {
    const r = await profile('failures.ts', 'takesCallback', '[() => 4]', { concurrency: 2 });
    assert.equal(r.outcome, 'ok', r.message);
    assert.equal(r.returnValue, '4');
    assert.deepEqual(r.whatIfSkipped, [{ strategy: 'worker-pool', reason: 'arguments[0] is a function, which cannot be sent to a worker' }]);
  });

  it('profiles unsaved editor text instead of the file on disk', async () => {
    const text = fs.readFileSync(fixture('cjs-module.cjs'), 'utf8').replace('n * n * n', 'n + 100');
    const r = await profile('cjs-module.cjs', 'cube', '[3]', { sourceText: text });
    assert.equal(r.returnValue, '103');
  });

  it('takes the arguments from the @workloadArgs tag when none are given', async () => {
    const r = await profileFunction({ file: fixture('cpu-pi.ts'), functionName: 'estimatePi', runs: 1, concurrency: 0, cwd: FIXTURES });
    assert.equal(r.args, '[300000]');
    assert.match(r.returnValue ?? '', /^3\.\d+$/);
  });

  it('reports a Node binary that cannot be started', async () => {
    const r = await profile('cjs-module.cjs', 'cube', '[2]', { nodePath: path.join(FIXTURES, 'no-such-node') });
    assert.equal(r.outcome, 'crashed');
    assert.match(r.message ?? '', /could not start .*no-such-node: spawn .* ENOENT/);
  });

  it('stops before running anything for a missing function, bad arguments or code that does not compile', async () => {
    assert.equal((await profile('cpu-pi.ts', 'nope', '[]')).outcome, 'not-found');
    assert.equal((await profile('cpu-pi.ts', 'estimatePi', '[1, (')).outcome, 'args-error');
    const sourceText = "import { missing } from './does-not-exist';\nexport function estimatePi(n: number) { return missing(n); }\n";
    const broken = await profile('cpu-pi.ts', 'estimatePi', '[1]', { sourceText });
    assert.equal(broken.outcome, 'bundle-error');
    assert.match(broken.message ?? '', /cpu-pi\.ts:1:\d+: Could not resolve/);
  });
});
