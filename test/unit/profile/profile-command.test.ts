// Tests for src/cli/profile-command.ts: the JSON contract of DESIGN.md, the text report and
// the exit codes (0 measured, 1 the function failed, 2 usage).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runProfileCommand } from '../../../src/cli/profile-command';

const FIXTURES = path.resolve(__dirname, '../../fixtures/profile');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runProfileCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: FIXTURES, color: false });
  return { code, stdout, stderr };
}

const CONTRACT_KEYS = ['function', 'label', 'staticLabel', 'agrees', 'wallMs', 'cpuMs', 'cpuRatio', 'eventLoopUtilization', 'maxBlockMs', 'whatIf'];

describe('cli profile', function () {
  this.timeout(30_000);

  it('prints the JSON shape of DESIGN.md, contract keys first', async () => {
    const { code, stdout } = await run('cpu-pi.ts', '--function', 'estimatePi', '--args', '[100000]', '--runs', '1', '--concurrency', '2', '--format', 'json');
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).slice(0, CONTRACT_KEYS.length), CONTRACT_KEYS);
    assert.equal(json.function, 'estimatePi');
    assert.equal(json.label, 'cpu');
    assert.equal(json.staticLabel, 'cpu');
    assert.equal(json.agrees, true);
    for (const key of ['wallMs', 'cpuMs', 'cpuRatio', 'eventLoopUtilization', 'maxBlockMs']) assert.equal(typeof json[key], 'number', key);
    const whatIf = json.whatIf as Array<Record<string, unknown>>;
    assert.ok(whatIf.length >= 2);
    for (const entry of whatIf) {
      assert.deepEqual(Object.keys(entry).slice(0, 3), ['strategy', 'wallMs', 'speedup']);
      assert.ok(['sequential', 'promise-all', 'worker-pool'].includes(entry.strategy as string));
      assert.equal(typeof entry.wallMs, 'number');
      assert.equal(typeof entry.speedup, 'number');
    }
    assert.equal(json.outcome, 'ok');
  });

  it('prints a readable text report', async () => {
    const { code, stdout } = await run('cpu-pi.ts', '-f', 'estimatePi', '--args', '[300000]', '--runs', '2', '--concurrency', '0');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^estimatePi {2}cpu-pi\.ts:4\n/);
    assert.match(stdout, /\n {2}verdict {4}CPU-bound — CPU\/wall \d\.\d\d, event-loop utilization \d\.\d\d \((CPU\/wall|event-loop utilization) decided\)\n/);
    assert.match(stdout, /\n {2}static {5}cpu: confirmed — labelled CPU-bound/);
    assert.match(stdout, /\n {2}hot lines {2}L\d+ /);
    assert.match(stdout, /\n {2}took {7}/);
  });

  it('exits 1 with the mapped stack when the function throws, JSON fields null', async () => {
    const text = await run('failures.ts', '-f', 'explode', '--runs', '1', '--concurrency', '0');
    assert.equal(text.code, 1);
    assert.match(text.stdout, /outcome {4}threw during the warm-up: TypeError: config has no port\n\s+at parseConfig \(.*failures\.ts:7:40\)/);
    const json = await run('failures.ts', '-f', 'explode', '--format', 'json', '--concurrency', '0');
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed).slice(0, CONTRACT_KEYS.length), CONTRACT_KEYS);
    assert.equal(parsed.label, null);
    assert.equal(parsed.outcome, 'threw');
  });

  it('exits 1 when the function times out', async () => {
    const { code, stdout } = await run('failures.ts', '-f', 'pendingWithTimer', '--timeout-ms', '300', '--concurrency', '0');
    assert.equal(code, 1);
    assert.match(stdout, /did not settle within 300 ms/);
  });

  const usageCases: Array<[string, string[], RegExp]> = [
    ['no file', ['-f', 'x'], /missing <file>/],
    ['no function', ['cpu-pi.ts'], /missing --function/],
    ['bad format', ['cpu-pi.ts', '-f', 'estimatePi', '--format', 'xml'], /--format must be text or json/],
    ['bad runs', ['cpu-pi.ts', '-f', 'estimatePi', '--runs', '0'], /--runs must be an integer ≥ 1/],
    ['unknown option', ['cpu-pi.ts', '-f', 'estimatePi', '--fast'], /Unknown option '--fast'/],
    ['missing function', ['cpu-pi.ts', '-f', 'nope'], /no function named `nope`.*functions here: estimatePi/],
    ['unreadable file', ['nope.ts', '-f', 'x'], /cannot read/],
    ['bad args', ['cpu-pi.ts', '-f', 'estimatePi', '--args', '{"n": 1}'], /arguments must be an array/],
  ];
  for (const [name, argv, message] of usageCases) {
    it(`exits 2 on a usage error: ${name}`, async () => {
      const { code, stdout, stderr } = await run(...argv);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /Run 'workload-hints profile --help' for usage\./);
    });
  }

  it('prints help', async () => {
    const { code, stdout } = await run('--help');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: workload-hints profile <file> --function NAME/);
  });
});
