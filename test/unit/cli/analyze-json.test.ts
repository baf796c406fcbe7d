// `analyze --format json`: exactly the shape DESIGN.md promises (checked as a closed JSON schema),
// 1-based positions, summary counts, skipped files with reasons, and `--rule ID=off`.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { createTempProject, ensureBuilt, FIXTURES, runCliJson, type TempProject } from './support';

const PROJECT = path.join(FIXTURES, 'project');

/** DESIGN.md "Contracts": `analyze --format json`, every key required and no other key allowed. */
const closed = (properties: Record<string, object>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });
const position = { type: 'integer', minimum: 1 };
const DESIGN_SHAPE = closed({
  files: {
    type: 'array',
    items: closed({
      path: { type: 'string', minLength: 1 },
      functions: {
        type: 'array',
        items: closed({
          name: { type: 'string', minLength: 1 },
          line: position,
          endLine: position,
          label: { enum: ['cpu', 'io', 'mixed', 'neutral'] },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
          reasons: { type: 'array', items: closed({ message: { type: 'string', minLength: 1 }, line: position }) },
        }),
      },
      findings: {
        type: 'array',
        items: closed({
          rule: { enum: ['blocking-sync-call', 'await-in-loop', 'sequential-awaits', 'hot-loop'] },
          line: position,
          column: position,
          endLine: position,
          endColumn: position,
          severity: { enum: ['error', 'warning', 'info', 'hint'] },
          message: { type: 'string', minLength: 1 },
          function: { type: 'string', minLength: 1 },
          fixes: { type: 'array', items: closed({ id: { type: 'string', minLength: 1 }, title: { type: 'string', minLength: 1 } }) },
        }),
      },
    }),
  },
  summary: closed({
    files: { type: 'integer', minimum: 0 },
    functions: { type: 'integer', minimum: 0 },
    findings: { type: 'integer', minimum: 0 },
    skipped: { type: 'array', items: closed({ path: { type: 'string', minLength: 1 }, reason: { type: 'string', minLength: 1 } }) },
  }),
});

interface Finding { rule: string; line: number; column: number; endLine: number; endColumn: number; severity: string; message: string; function: string; fixes: Array<{ id: string; title: string }> }
interface JsonRun {
  files: Array<{ path: string; functions: Array<{ name: string; line: number; endLine: number; label: string; confidence: number; reasons: Array<{ message: string; line: number }> }>; findings: Finding[] }>;
  summary: { files: number; functions: number; findings: number; skipped: Array<{ path: string; reason: string }> };
}

const validate = new Ajv({ allErrors: true, strict: true }).compile<JsonRun>(DESIGN_SHAPE);

function assertDesignShape(json: unknown): asserts json is JsonRun {
  assert.ok(validate(json), JSON.stringify(validate.errors, null, 2));
}

function findingAt(run: JsonRun, file: string, rule: string): Finding {
  const found = run.files.find((f) => f.path === file)?.findings.find((f) => f.rule === rule);
  assert.ok(found, `no ${rule} in ${file}: ${JSON.stringify(run.files.map((f) => [f.path, f.findings.map((x) => x.rule)]))}`);
  return found;
}

describe('cli: analyze --format json', function () {
  this.timeout(120_000);
  let run: JsonRun;
  let code: number | null;

  before(async () => {
    ensureBuilt();
    const result = await runCliJson(['analyze', '--format', 'json'], PROJECT);
    assertDesignShape(result.json);
    run = result.json;
    code = result.code;
  });

  it('prints exactly the DESIGN.md shape: those keys, those types, nothing else', () => {
    assert.ok(run.files.length > 0);
    assert.equal(code, 1);
  });

  it('lists files by their path relative to the working directory, with forward slashes, sorted', () => {
    assert.deepEqual(run.files.map((f) => f.path), ['src/batch.ts', 'src/pi.js', 'src/server.ts']);
  });

  it('gives 1-based lines and columns, with exclusive end columns', () => {
    const sync = findingAt(run, 'src/server.ts', 'blocking-sync-call');
    assert.deepEqual(
      { line: sync.line, column: sync.column, endLine: sync.endLine, endColumn: sync.endColumn, severity: sync.severity, function: sync.function },
      { line: 6, column: 16, endLine: 6, endColumn: 54, severity: 'error', function: 'handleRequest' },
    );
    const source = readFileSync(path.join(PROJECT, 'src/server.ts'), 'utf8').split('\n');
    assert.equal(source[sync.line - 1].slice(sync.column - 1, sync.endColumn - 1), "readFileSync('./catalog.json', 'utf8')");

    const loop = findingAt(run, 'src/batch.ts', 'await-in-loop');
    assert.deepEqual([loop.line, loop.column, loop.endLine, loop.endColumn, loop.function], [9, 3, 11, 4, 'fetchAll']);
    const awaits = findingAt(run, 'src/batch.ts', 'sequential-awaits');
    assert.deepEqual([awaits.line, awaits.column, awaits.endLine, awaits.function], [16, 3, 17, 'loadDashboard']);
    const hot = findingAt(run, 'src/pi.js', 'hot-loop');
    assert.deepEqual([hot.line, hot.column, hot.endLine, hot.endColumn, hot.function], [4, 3, 8, 4, 'estimatePi']);
  });

  it('names functions as DESIGN.md says and gives their 1-based line range', () => {
    const server = run.files.find((f) => f.path === 'src/server.ts')!;
    const handler = server.functions.find((f) => f.name === 'handleRequest');
    assert.deepEqual([handler?.line, handler?.endLine, handler?.label], [5, 8, 'io']);
    assert.ok(handler!.reasons.some((r) => r.line === 6 && r.message.includes('readFileSync')), JSON.stringify(handler!.reasons));
    const pi = run.files.find((f) => f.path === 'src/pi.js')!.functions.find((f) => f.name === 'estimatePi');
    assert.deepEqual([pi?.line, pi?.endLine, pi?.label], [2, 10, 'cpu']);
    const batch = run.files.find((f) => f.path === 'src/batch.ts')!;
    assert.deepEqual(batch.functions.map((f) => f.name), ['fetchJson', 'fetchAll', 'loadDashboard']);
  });

  it('keeps every position inside its file and every finding inside its function', () => {
    for (const file of run.files) {
      const lines = readFileSync(path.join(PROJECT, file.path), 'utf8').split('\n');
      for (const fn of file.functions) {
        assert.ok(fn.line <= fn.endLine && fn.endLine <= lines.length, `${file.path} ${fn.name} ${fn.line}-${fn.endLine}`);
        for (const r of fn.reasons) assert.ok(r.line >= fn.line && r.line <= fn.endLine, `${fn.name} reason at ${r.line}`);
      }
      for (const f of file.findings) {
        assert.ok(f.line < f.endLine || (f.line === f.endLine && f.column < f.endColumn), `${file.path}:${f.line}:${f.column} empty range`);
        assert.ok(f.column <= lines[f.line - 1].length + 1 && f.endColumn <= lines[f.endLine - 1].length + 1, `${file.path}:${f.line}:${f.column} past end of line`);
        const owner = file.functions.find((fn) => fn.name === f.function);
        assert.ok(owner && owner.line <= f.line && f.endLine <= owner.endLine, `${f.rule} at ${f.line} outside ${f.function}`);
      }
    }
  });

  it('counts files, functions and findings in the summary', () => {
    assert.equal(run.summary.files, run.files.length);
    assert.equal(run.summary.functions, run.files.reduce((n, f) => n + f.functions.length, 0));
    assert.equal(run.summary.findings, run.files.reduce((n, f) => n + f.findings.length, 0));
    assert.deepEqual(run.summary.skipped, []);
  });

  it('drops a rule with `--rule ID=off` and keeps the others', async () => {
    const { json, code: exit } = await runCliJson(['analyze', '--format', 'json', '--rule', 'blocking-sync-call=off', '--rule', 'hot-loop=off'], PROJECT);
    assertDesignShape(json);
    const rules = json.files.flatMap((f) => f.findings.map((x) => x.rule)).sort();
    assert.deepEqual(rules, ['await-in-loop', 'sequential-awaits']);
    assert.equal(json.summary.findings, 2);
    assert.equal(exit, 0);
  });

  describe('skipped files', () => {
    let project: TempProject;
    let skipped: JsonRun;

    before(async () => {
      project = createTempProject();
      project.write('src/ok.ts', 'export function ok(): number {\n  return 1;\n}\n');
      project.write('src/binary.js', Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x00, 0x00, 0x01, 0xff, 0x0a]));
      // Minified by its content, not its name: long lines, few of them.
      project.write('src/bundle.js', `${'var a=function(b){return b+1};'.repeat(100)}\n${'a(1);'.repeat(300)}\n`);
      project.write('vendor/jquery.min.js', 'var x = 1;\n');
      project.write('src/large.ts', Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2;`).join('\n') + '\n');
      const result = await runCliJson(['analyze', '--format', 'json', '--max-file-size', '5000'], project.dir);
      assertDesignShape(result.json);
      skipped = result.json;
    });
    after(() => project.dispose());

    it('analyses the readable file and leaves the skipped ones out of `files`', () => {
      assert.deepEqual(skipped.files.map((f) => f.path), ['src/ok.ts']);
      assert.equal(skipped.summary.files, 1);
    });

    it('lists a binary, a minified, a .min.js and an over-size file in summary.skipped with a reason', () => {
      const byPath = new Map(skipped.summary.skipped.map((s) => [s.path, s.reason]));
      assert.deepEqual([...byPath.keys()].sort(), ['src/binary.js', 'src/bundle.js', 'src/large.ts', 'vendor/jquery.min.js']);
      assert.match(byPath.get('src/binary.js')!, /binary/);
      assert.match(byPath.get('src/bundle.js')!, /minified/);
      assert.match(byPath.get('vendor/jquery.min.js')!, /minified/);
      assert.match(byPath.get('src/large.ts')!, /larger than/);
    });

    it('states the size limit and the file size in readable, non-zero units', () => {
      const reason = skipped.summary.skipped.find((s) => s.path === 'src/large.ts')!.reason;
      assert.doesNotMatch(reason, /\b0\.0 /, reason);
      assert.match(reason, /larger than 4\.9 KB \(1\d\.\d KB\)/);
    });
  });
});
