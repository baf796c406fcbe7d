// Input the analyzer must survive: syntax errors (analyse what parses, list the errors),
// binary, minified and oversized files (skipped with a reason), and odd but valid files.
import * as assert from 'node:assert/strict';
import { analyzeText, DEFAULT_MAX_FILE_SIZE } from '../../../src/analysis';
import { analyze, code } from './rule-tester';

function skipReason(path: string, text: string, maxFileSize?: number): string {
  const result = analyzeText(path, text, { maxFileSize });
  assert.equal(result.kind, 'skipped', `${path} was analysed`);
  return (result as Extract<typeof result, { kind: 'skipped' }>).reason;
}

const SAMPLE = code`
  import fs from 'node:fs';
  import { createHash } from 'node:crypto';

  export async function load(urls: string[]) {
    const config = fs.readFileSync('config.json', 'utf8');
    for (const url of urls) {
      await fetch(url + config);
    }
    const a = await fetch('/a');
    const b = await fetch('/b');
    return [a, b];
  }

  export class Hasher {
    digestAll(files: Buffer[]) {
      return files.map((f) => createHash('sha256').update(f).digest('hex'));
    }
  }
`;

describe('bad input', () => {
  it('a file with syntax errors yields findings for what parses and lists the errors', () => {
    const report = analyze(code`
      import fs from 'fs';
      export async function load() {
        const x = fs.readFileSync('b';
        return x;
      }
      function fine() {
        return fs.statSync('c');
      }
      const y = ;
      export async function after(urls: string[]) {
        for (const u of urls) await fetch(u);
      }
    `);
    assert.deepEqual(report.syntaxErrors.map((e) => [e.line, e.column]), [[3, 32], [9, 11]]);
    for (const e of report.syntaxErrors) assert.ok(e.message.length > 0);
    assert.deepEqual(report.findings.map((f) => [f.rule, f.span.line, f.function]), [
      ['blocking-sync-call', 3, 'load'],
      ['blocking-sync-call', 7, 'fine'],
      ['await-in-loop', 11, 'after'],
    ]);
    assert.deepEqual(report.functions.map((f) => [f.name, f.label]), [['load', 'io'], ['fine', 'io'], ['after', 'io']]);
  });

  it('a function whose parameter list is broken does not hide the functions after it', () => {
    const report = analyze(code`
      import fs from 'fs';
      export async function broken( {
        const x = fs.readFileSync('b');
      }
      function fine() {
        return fs.statSync('c');
      }
    `);
    assert.ok(report.syntaxErrors.length > 0);
    assert.deepEqual(report.findings.map((f) => [f.rule, f.span.line, f.function]), [['blocking-sync-call', 6, 'fine']]);
  });

  it('an unterminated string, template and comment do not throw', () => {
    for (const text of ['const a = "abc', 'const t = `abc ${', 'function f() { /* never closed', 'class {', '}}}}', '<div>', 'for (;;', 'await', '@']) {
      for (const path of ['x.ts', 'x.tsx', 'x.js']) {
        const result = analyzeText(path, text);
        assert.equal(result.kind, 'analyzed', `${path}: ${text}`);
      }
    }
  });

  it('every prefix of a real file analyses without a throw and with positions inside the text', () => {
    const lines = SAMPLE.split('\n').length;
    for (let cut = 0; cut <= SAMPLE.length; cut += 7) {
      const report = analyze(SAMPLE.slice(0, cut));
      for (const f of report.findings) assert.ok(f.span.line >= 1 && f.span.endLine <= lines, `cut ${cut}: ${f.rule} at ${f.span.line}`);
      for (const fn of report.functions) assert.ok(['cpu', 'io', 'mixed', 'neutral'].includes(fn.label));
    }
  });

  it('binary content (NUL bytes) is skipped', () => {
    assert.match(skipReason('data.js', 'const a = 1;\u0000\u0001\u0002'), /binary/);
  });

  it('a .min.js file is skipped', () => {
    assert.match(skipReason('vendor/lib.min.js', 'var a=1;'), /minified/);
  });

  it('a file of very long lines is skipped as minified', () => {
    const line = 'var a=function(b){return b+1};'.repeat(200);
    assert.match(skipReason('bundle.js', `${line}\n${line}\n${line}`), /minified/);
  });

  it('a long but normal file is analysed', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `export function f${i}(a: number) { return a + ${i}; }`).join('\n');
    assert.equal(analyzeText('long.ts', text).kind, 'analyzed');
  });

  it('a file over 5 MB is skipped with its size', () => {
    const text = '// padding\n'.repeat(Math.ceil((DEFAULT_MAX_FILE_SIZE + 1024) / 11));
    assert.match(skipReason('huge.ts', text), /larger than 5\.0 MB/);
  });

  it('the size limit is measured in bytes and can be set', () => {
    const text = `const s = '${'é'.repeat(600)}';\n`;
    assert.equal(text.length < 1024, true);
    assert.match(skipReason('small.ts', text, 1024), /larger than/);
    assert.equal(analyzeText('small.ts', text, { maxFileSize: 4096 }).kind, 'analyzed');
  });

  it('empty files, comments only, a BOM and a shebang are fine', () => {
    for (const text of ['', '\n\n', '// nothing\n/* here */', '\uFEFFexport const a = 1;', '#!/usr/bin/env node\nconsole.log(1);']) {
      const report = analyze(text, 'x.js');
      assert.deepEqual(report.findings, []);
      assert.deepEqual(report.syntaxErrors, []);
    }
  });

  it('a shebang does not shift positions', () => {
    const report = analyze(code`
      #!/usr/bin/env node
      const { execSync } = require('node:child_process');
      execSync('make');
    `, 'cli.js');
    assert.deepEqual(report.findings.map((f) => [f.rule, f.span.line, f.span.column, f.severity]), [['blocking-sync-call', 3, 1, 'hint']]);
  });

  it('TSX and JSX parse with their own script kind', () => {
    const tsx = analyze(code`
      import { readFileSync } from 'node:fs';
      export function Page(props: { path: string }) {
        return <pre>{readFileSync(props.path, 'utf8')}</pre>;
      }
    `, 'page.tsx');
    assert.deepEqual(tsx.syntaxErrors, []);
    assert.deepEqual(tsx.findings.map((f) => [f.rule, f.function]), [['blocking-sync-call', 'Page']]);
    const jsx = analyze('const el = <div onClick={() => 1}>{a < b}</div>;\n', 'el.jsx');
    assert.deepEqual(jsx.syntaxErrors, []);
  });

  it('deep nesting is analysed, or skipped with a reason once it overflows the parser', () => {
    const depth = 300;
    const functions = `${'function f() {\n'.repeat(depth)}return 1;\n${'}\n'.repeat(depth)}`;
    assert.equal(analyze(functions, 'deep.js').functions.length, depth);
    const loops = `${'for (const x of xs) {\n'.repeat(depth)}f(x);\n${'}\n'.repeat(depth)}`;
    assert.equal(analyzeText('loops.js', loops).kind, 'analyzed');
    const arrays = `const a = ${'[\n'.repeat(5000)}${']\n'.repeat(5000)};\n`;
    assert.match(skipReason('arrays.js', arrays), /nested too deeply/);
  });

  it('a concatenation of thousands of terms is analysed (the walk does not recurse down the chain)', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `'s${i}'`).join(' +\n  ');
    const report = analyze(`export function big(fs: unknown) {\n  return ${terms};\n}\n`, 'big.js');
    assert.deepEqual(report.functions.map((f) => f.name), ['big']);
  });
});
