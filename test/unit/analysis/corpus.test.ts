// Real code: every .js/.ts/.mjs/.cjs file (not .d.ts) of a few installed packages goes through
// analyzeText. Nothing may throw, and every report must be sane: positions inside the file,
// every function labelled, every finding inside a reported function, messages filled in.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, isAnalyzablePath, LABELS, RULE_IDS, type FileReport } from '../../../src/analysis';

const NODE_MODULES = path.resolve(__dirname, '../../../node_modules');
/** Varied styles: TS sources, CJS, ESM, a bundle. A byte cap per package keeps the test short on two cores. */
const PACKAGES = ['piscina', 'tinyglobby', 'ignore', 'p-map', 'esbuild', 'mocha', 'ajv', 'eslint'];
const MAX_BYTES_PER_PACKAGE = 400 * 1024;
const SEVERITIES = ['error', 'warning', 'info', 'hint'];

function listFiles(dir: string, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') listFiles(full, out);
    } else if (entry.isFile() && isAnalyzablePath(full)) {
      out.push(full);
    }
  }
  return out;
}

function corpus(): string[] {
  const files: string[] = [];
  for (const name of PACKAGES) {
    let total = 0;
    for (const file of listFiles(path.join(NODE_MODULES, name))) {
      const size = fs.statSync(file).size;
      if (total + size > MAX_BYTES_PER_PACKAGE) continue;
      total += size;
      files.push(file);
    }
  }
  return files;
}

function checkReport(file: string, text: string, report: FileReport): void {
  const lines = text.split('\n').length;
  const where = path.relative(NODE_MODULES, file);
  const names = new Set(report.functions.map((f) => f.name));
  for (const fn of report.functions) {
    assert.ok(LABELS.includes(fn.label), `${where}: ${fn.name} has label ${fn.label}`);
    assert.ok(fn.confidence > 0 && fn.confidence <= 1, `${where}: ${fn.name} confidence ${fn.confidence}`);
    assert.ok(fn.line >= 1 && fn.line <= fn.endLine && fn.endLine <= lines, `${where}: ${fn.name} lines ${fn.line}-${fn.endLine} of ${lines}`);
    assert.ok(fn.name.length > 0, `${where}: a function without a name`);
    for (const reason of fn.reasons) {
      assert.ok(reason.line >= 1 && reason.line <= lines, `${where}: ${fn.name} reason "${reason.message}" on line ${reason.line}`);
    }
    assert.ok(fn.recommendation.path.length > 0, `${where}: ${fn.name} has no recommendation path`);
  }
  let previous = -1;
  for (const f of report.findings) {
    const at = `${where}:${f.span.line}:${f.span.column} ${f.rule}`;
    assert.ok(RULE_IDS.includes(f.rule), at);
    assert.ok(SEVERITIES.includes(f.severity), `${at}: severity ${f.severity}`);
    assert.ok(f.span.line >= 1 && f.span.line <= f.span.endLine && f.span.endLine <= lines, `${at}: lines ${f.span.line}-${f.span.endLine} of ${lines}`);
    assert.ok(f.span.column >= 1 && f.span.endColumn >= 1, `${at}: columns`);
    assert.ok(f.span.line < f.span.endLine || f.span.column < f.span.endColumn, `${at}: empty span`);
    assert.ok(f.span.start < f.span.end && f.span.end <= text.length, `${at}: offsets`);
    assert.ok(f.span.start >= previous, `${at}: findings out of order`);
    previous = f.span.start;
    assert.ok(f.message.length > 0 && !f.message.includes('{{'), `${at}: message "${f.message}"`);
    assert.ok(names.has(f.function), `${at}: function ${f.function} is not among the reported functions`);
  }
  for (const e of report.syntaxErrors) assert.ok(e.line >= 1 && e.line <= lines, `${where}: syntax error on line ${e.line}`);
}

describe('corpus: installed packages', function () {
  this.timeout(60_000);

  it('analyses every file without a throw and with a sane report', () => {
    const files = corpus();
    assert.ok(files.length >= 100, `only ${files.length} files found under ${NODE_MODULES}`);
    const counts: Record<string, number> = {};
    const skipped: string[] = [];
    let functions = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const result = analyzeText(file, text);
      if (result.kind === 'skipped') {
        assert.ok(result.reason.length > 0, `${file}: skipped without a reason`);
        skipped.push(path.relative(NODE_MODULES, file));
        continue;
      }
      checkReport(file, text, result.report);
      functions += result.report.functions.length;
      for (const f of result.report.findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    }
    assert.ok(skipped.length < files.length / 10, `too many skipped: ${skipped.join(', ')}`);
    assert.ok(functions > 1000, `${functions} functions`);
    // Real Node code reads files synchronously at startup: resolution must see it.
    assert.ok((counts['blocking-sync-call'] ?? 0) > 0, JSON.stringify(counts));
  });
});
