// Tests for the extension's side of the profiler: describing the function at the cursor,
// and the worker-thread host (run from its TypeScript entry through tsx).
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFunction } from '../../../src/profile/describe';
import { ProfileHost } from '../../../src/profile/host-client';
import { descendantsOf } from '../../../src/profile/process-tree';

const FIXTURES = path.resolve(__dirname, '../../fixtures/profile');
const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src/profile');
const PI = path.join(FIXTURES, 'cpu-pi.ts');
const PI_TEXT = fs.readFileSync(PI, 'utf8');

async function eventually(check: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`still not true after ${deadlineMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Harness children of this process (the host's worker thread runs in it). */
function harnessChildren(): number[] {
  return descendantsOf(process.pid).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('profile-harness.js');
    } catch {
      return false;
    }
  });
}

describe('profile/host', function () {
  this.timeout(30_000);

  it('describes the innermost profilable function around a line, with prefill and static label', () => {
    const { info } = describeFunction(PI, PI_TEXT, undefined, 8);
    assert.deepEqual(info, {
      name: 'estimatePi',
      line: 4,
      endLine: 12,
      args: { text: '[300000]', source: 'jsdoc' },
      staticLabel: 'cpu',
      recommendation: info?.recommendation,
    });
    assert.match(describeFunction(PI, PI_TEXT, undefined, 1).reason ?? '', /not inside a function/);
    assert.match(describeFunction(PI, PI_TEXT, 'nope').reason ?? '', /no function named `nope`/);
  });

  it('runs a profile in the worker thread, bundled as the build ships it, and reports progress', async () => {
    // The layout of dist/: the worker and the prebuilt harness side by side, and esbuild
    // resolved from the package's node_modules (hence a folder inside the repository).
    const artifacts = path.join(ROOT, '.test-artifacts');
    fs.mkdirSync(artifacts, { recursive: true });
    const dist = fs.mkdtempSync(path.join(artifacts, 'profile-host-'));
    const common: esbuild.BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', external: ['esbuild', 'typescript'] };
    await esbuild.build({ ...common, entryPoints: [path.join(SRC, 'host-worker.ts')], outfile: path.join(dist, 'profile-worker.js') });
    await esbuild.build({ ...common, entryPoints: [path.join(SRC, 'harness/main.ts')], outfile: path.join(dist, 'profile-harness.js') });
    // The harness imports only types from the parent side: none of typescript comes along.
    assert.ok(fs.statSync(path.join(dist, 'profile-harness.js')).size < 100_000);
    const host = new ProfileHost(path.join(dist, 'profile-worker.js'));
    try {
      const phases = new Set<string>();
      const result = await host.profile(
        { file: path.join(FIXTURES, 'cjs-module.cjs'), functionName: 'cube', args: '[2]', runs: 1, concurrency: 0, cwd: FIXTURES },
        { onProgress: (p) => phases.add(p.phase) },
      );
      assert.equal(result.outcome, 'ok', result.message);
      assert.equal(result.returnValue, '8');
      assert.ok(phases.has('run') && phases.has('profile'), [...phases].join());
      if (process.platform === 'linux') {
        // The next profile's child boots meanwhile, and the next profile runs in it.
        await eventually(() => harnessChildren().length === 1, 'one spare child waiting');
        const [spare] = harnessChildren();
        const again = await host.profile({ file: path.join(FIXTURES, 'cjs-module.cjs'), functionName: 'cube', args: '[3]', runs: 1, concurrency: 0, cwd: FIXTURES });
        assert.equal(again.outcome, 'ok', again.message);
        assert.equal(again.returnValue, '27');
        assert.equal(again.process?.pid, spare);
      }
      const described = await host.describe(PI, PI_TEXT, 'estimatePi');
      assert.equal(described.info?.staticLabel, 'cpu');
    } finally {
      await host.dispose();
      fs.rmSync(dist, { recursive: true, force: true });
    }
    // A spare waits on its IPC channel, which closes with the worker: it goes too.
    if (process.platform === 'linux') await eventually(() => harnessChildren().length === 0, 'no child outlives the host');
  });
});
