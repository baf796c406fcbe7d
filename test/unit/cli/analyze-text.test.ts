// `analyze --format text`: linter-style finding lines (`path:line:col  severity  message  rule`),
// the labelled functions of each file, skipped files and a summary that agrees with the JSON.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { createTempProject, ensureBuilt, FIXTURES, runCli, runCliJson, TERMINAL_CONTROL, type CliResult, type TempProject } from './support';

const PROJECT = path.join(FIXTURES, 'project');
const FINDING_LINE = /^(?<path>[^\s:]+):(?<line>\d+):(?<column>\d+) {2}(?<severity>error|warning|info|hint) {2}(?<message>.+) {2}(?<rule>[a-z]+(?:-[a-z]+)+)$/;

interface JsonRun {
  files: Array<{ path: string; functions: Array<{ label: string }>; findings: Array<{ rule: string; line: number; column: number; severity: string }> }>;
  summary: { files: number; functions: number; findings: number; skipped: Array<{ path: string; reason: string }> };
}

describe('cli: analyze --format text', function () {
  this.timeout(120_000);
  let text: CliResult;
  let json: JsonRun;

  before(async () => {
    ensureBuilt();
    [text, { json }] = await Promise.all([runCli(['analyze'], PROJECT), runCliJson<JsonRun>(['analyze', '--format', 'json'], PROJECT)]);
  });

  it('prints one `path:line:col  severity  message  rule` line per finding, in the JSON order', () => {
    const lines = text.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
    const expected = json.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}:${x.column}  ${x.severity}  ${x.rule}`));
    assert.equal(lines.length, expected.length, text.stdout);
    const seen = lines.map((l) => {
      const m = FINDING_LINE.exec(l);
      assert.ok(m?.groups, `not a finding line: ${JSON.stringify(l)}`);
      return `${m.groups.path}:${m.groups.line}:${m.groups.column}  ${m.groups.severity}  ${m.groups.rule}`;
    });
    assert.deepEqual(seen, expected);
  });

  it('reports the known findings of the fixture at their 1-based positions', () => {
    for (const expected of [
      /^src\/server\.ts:6:16 {2}error {2}`readFileSync` blocks the event loop.* {2}blocking-sync-call$/m,
      /^src\/batch\.ts:9:3 {2}warning {2}.+ {2}await-in-loop$/m,
      /^src\/batch\.ts:16:3 {2}info {2}.+ {2}sequential-awaits$/m,
      /^src\/pi\.js:4:3 {2}\w+ {2}.+ {2}hot-loop$/m,
    ]) assert.match(text.stdout, expected);
  });

  it('heads each file with its path and lists its non-neutral functions with label, confidence and line', () => {
    assert.match(text.stdout, /^src\/server\.ts$/m);
    assert.match(text.stdout, /^ {2}handleRequest +I\/O-bound +\d\.\d\d {2}L5 {2}.*readFileSync/m);
    assert.match(text.stdout, /^ {2}estimatePi +CPU-bound +\d\.\d\d {2}L2 /m);
    assert.match(text.stdout, /^ {2}loadDashboard +I\/O-bound +\d\.\d\d {2}L15 /m);
  });

  it('ends with a summary whose counts match the JSON summary', () => {
    const lines = text.stdout.trimEnd().split('\n');
    const summary = lines[lines.length - 1];
    const labels = json.files.flatMap((f) => f.functions.map((fn) => fn.label));
    const severities = json.files.flatMap((f) => f.findings.map((x) => x.severity));
    const count = (values: string[], order: string[]) => order.filter((k) => values.includes(k)).map((k) => `${values.filter((v) => v === k).length} ${k}`).join(', ');
    assert.equal(summary,
      `${json.summary.files} files, ${json.summary.functions} functions (${count(labels, ['cpu', 'io', 'mixed', 'neutral'])}), ` +
      `${json.summary.findings} findings (${count(severities, ['error', 'warning', 'info', 'hint'])})`);
    assert.equal(json.summary.files, 3);
  });

  it('prints plain text when piped: no colour codes on stdout, nothing on stderr', () => {
    assert.doesNotMatch(text.stdout, TERMINAL_CONTROL);
    assert.equal(text.stderr, '');
  });

  it('uses the singular for one file, function and finding', async () => {
    const { stdout } = await runCli(['analyze', 'src/pi.js'], PROJECT);
    assert.match(stdout, /^1 file, 1 function \(1 cpu\), 1 finding \(1 \w+\)$/m);
  });

  it('says "0 findings" and lists no file for a clean folder', async () => {
    const { stdout } = await runCli(['analyze'], path.join(FIXTURES, 'clean'));
    assert.equal(stdout, '2 files, 3 functions (3 neutral), 0 findings\n');
  });

  it('colours only on a terminal, and never with --no-color', async () => {
    const render = async (color: boolean, extra: string[] = []) => {
      let stdout = '';
      await main(['analyze', 'src/server.ts', ...extra], { stdout: (t) => { stdout += t; }, stderr: () => {}, cwd: PROJECT, version: '0.0.0-test', color });
      return stdout;
    };
    const [tty, plain, noColor] = await Promise.all([render(true), render(false), render(true, ['--no-color'])]);
    assert.match(tty, TERMINAL_CONTROL);
    assert.equal(tty.replace(new RegExp(`${String.fromCharCode(0x1b)}\\[\\d+m`, 'g'), ''), plain);
    assert.equal(noColor, plain);
  });

  describe('skipped and broken files', () => {
    let project: TempProject;
    let result: CliResult;

    before(async () => {
      project = createTempProject();
      project.write('ok.ts', 'export const one = (): number => 1;\n');
      project.write('broken.ts', 'import { readFileSync } from "fs";\nexport async function h(req, res) {\n  const x = readFileSync("a");\n  if (\n}\n');
      project.write('binary.js', Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x00, 0x01, 0x02, 0x0a]));
      result = await runCli(['analyze'], project.dir);
    });
    after(() => project.dispose());

    it('lists each skipped file with its reason and counts it in the summary', () => {
      assert.match(result.stdout, /^skipped binary\.js: binary/m);
      assert.match(result.stdout, /, 1 skipped$/m);
    });

    it('still reports what parses in a file with syntax errors, with a note', () => {
      assert.match(result.stdout, /^broken\.ts:3:\d+ {2}\w+ {2}.+ {2}blocking-sync-call$/m);
      assert.match(result.stdout, /note: \d+ syntax errors? \(first at \d+:\d+: .+\); the rest was analysed/);
    });
  });
});
