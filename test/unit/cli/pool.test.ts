// The worker pool gives the same answer as one thread, and the progress bar only ever reaches a
// terminal: piped output carries no escape codes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { createProgress } from '../../../src/cli/progress';
import { idleThreads } from '../../../src/cli/run-analysis';
import { createTempProject, ensureBuilt, FIXTURES, ROOT, runCli, TERMINAL_CONTROL, type CliResult, type TempProject } from './support';

/** The pool starts at 48 files (run-analysis.ts); well above it, with every kind of outcome. */
const COPIES = 16;

/** Collects what a stream receives; `isTTY` decides whether the progress bar draws. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, text: '', write(chunk: string) { stream.text += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('cli: worker pool and progress', function () {
  this.timeout(180_000);
  let project: TempProject;
  const runs: Record<string, CliResult> = {};

  before(async () => {
    ensureBuilt();
    project = createTempProject();
    const sources = [
      ...['server.ts', 'batch.ts', 'pi.js'].map((f) => path.join(FIXTURES, 'project', 'src', f)),
      ...['cpu-monte-carlo-pi.ts', 'io-batch-requests.ts', 'mixed-pipeline.ts'].map((f) => path.join(ROOT, 'examples', f)),
    ];
    for (let i = 0; i < COPIES; i++) {
      for (const source of sources) {
        // A comment line per copy shifts every position, so a mixed-up order would show.
        const text = `${'// copy\n'.repeat(i % 3)}${readFileSync(source, 'utf8')}`;
        project.write(`pkg${String(i).padStart(2, '0')}/${path.basename(source)}`, text);
      }
      project.write(`pkg${String(i).padStart(2, '0')}/broken.ts`, `export async function f${i}(a) {\n  for (const x of a) await g(x);\n  if (\n`);
    }
    project.write('pkg07/blob.js', Buffer.from([0x00, 0x01, 0x02, 0x03]));
    for (const [name, args] of Object.entries({
      one: ['--jobs', '1'],
      two: ['--jobs', '2'],
      three: ['--jobs', '3'],
      auto: [],
    })) {
      runs[name] = await runCli(['analyze', '--format', 'json', ...args], project.dir);
    }
  });
  after(() => project.dispose());

  it('analyses a folder large enough for the pool', () => {
    const json = JSON.parse(runs.one.stdout) as { summary: { files: number; findings: number; skipped: unknown[] } };
    assert.equal(json.summary.files, COPIES * 7);
    assert.ok(json.summary.files >= 48 * 2);
    assert.ok(json.summary.findings > COPIES * 5, `findings: ${json.summary.findings}`);
    assert.equal(json.summary.skipped.length, 1);
  });

  for (const name of ['two', 'three', 'auto']) {
    it(`prints byte-identical JSON with ${name === 'auto' ? 'the default pool' : `--jobs ${name === 'two' ? 2 : 3}`} and with --jobs 1`, () => {
      assert.equal(runs[name].code, runs.one.code);
      assert.ok(runs[name].stdout === runs.one.stdout, 'the JSON differs between the pool and one thread');
    });
  }

  it('prints the same text and SARIF through the pool as on one thread', async () => {
    for (const format of ['text', 'sarif']) {
      const [one, pool] = await Promise.all([
        runCli(['analyze', '--format', format, '--jobs', '1'], project.dir),
        runCli(['analyze', '--format', format, '--jobs', '2'], project.dir),
      ]);
      assert.ok(one.stdout === pool.stdout, `${format} differs`);
    }
  });

  it('writes no progress bar or colour codes when stdout and stderr are piped', () => {
    for (const [name, run] of Object.entries(runs)) {
      assert.doesNotMatch(run.stdout, TERMINAL_CONTROL, `${name}: stdout`);
      assert.doesNotMatch(run.stderr, TERMINAL_CONTROL, `${name}: stderr`);
      assert.equal(run.stderr, '', `${name}: stderr`);
    }
  });

  it('by default starts one thread per core the machine leaves idle, at least one', () => {
    assert.equal(idleThreads(8, 0), 8);
    assert.equal(idleThreads(8, 3.5), 5);
    assert.equal(idleThreads(2, 0.4), 2);
    assert.equal(idleThreads(2, 1.8), 1);
    assert.equal(idleThreads(4, 12), 1);
    assert.equal(idleThreads(1, 0), 1);
  });

  describe('progress bar', () => {
    it('draws on a terminal and clears its line when done', () => {
      const tty = fakeStream(true);
      const progress = createProgress(tty, 'Analysing');
      progress.update(1, 4);
      progress.update(4, 4);
      progress.done();
      assert.match(tty.text, /\rAnalysing \[.+\] 1\/4/);
      assert.match(tty.text, /\rAnalysing \[█+\] 4\/4/);
      assert.ok(tty.text.endsWith('\r\x1b[2K'), JSON.stringify(tty.text.slice(-12)));
    });

    it('stays silent on a pipe', () => {
      const pipe = fakeStream(false);
      const progress = createProgress(pipe, 'Analysing');
      progress.update(1, 2);
      progress.update(2, 2);
      progress.done();
      assert.equal(pipe.text, '');
    });

    it('keeps stdout free of terminal codes when only stderr is a terminal (`analyze > report.json`)', async () => {
      let stdout = '';
      const stderr = fakeStream(true);
      const code = await main(['analyze', '--format', 'json', '--jobs', '1', path.join(FIXTURES, 'project')], {
        stdout: (text) => { stdout += text; },
        stderr: (text) => { stderr.text += text; },
        cwd: ROOT,
        version: '0.0.0-test',
        color: false,
        stderrStream: stderr,
      });
      assert.equal(code, 1);
      assert.doesNotMatch(stdout, TERMINAL_CONTROL);
      assert.ok(JSON.parse(stdout));
      assert.match(stderr.text, /Analysing \[/, 'the bar went to the terminal on stderr');
    });
  });
});
