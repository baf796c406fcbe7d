// Incremental re-analysis (the editor's path): after a re-parse (src/analysis/reparse.ts), only
// the top-level statements and class members the edit touched are walked again. The report must be exactly
// what a full analysis of the new text gives, whatever the edit; and untouched functions must
// really be reused, or the editor pays for a full walk per keystroke.
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { analyzeIncrementally, analyzeIncrementallyInStages, analyzeSourceFile, parseSource, updateSourceFile, type FileFacts } from '../../../src/analysis';
import { generateSource } from '../../integration/support/generate-source';
import { TRICKY, random, randomEdit, typing } from '../support/random-edits';
import { realSources, type Source } from '../support/sources';

type Case = Source;

function cases(): Case[] {
  return [
    { name: 'tricky.mts', text: TRICKY },
    { name: 'generated.ts', text: generateSource(400) },
    ...realSources(),
  ];
}

type Update = (sourceFile: ts.SourceFile, edit: { start: number; oldLength: number; insert: string }) => ts.SourceFile;

/** Applies `edit` with `ts.updateSourceFile`. */
const update: Update = (sourceFile, edit) => {
  const text = sourceFile.text;
  const next = text.slice(0, edit.start) + edit.insert + text.slice(edit.start + edit.oldLength);
  return ts.updateSourceFile(sourceFile, next, { span: { start: edit.start, length: edit.oldLength }, newLength: edit.insert.length });
};

/**
 * Applies `edit` as the editor's worker does: the statements it touched, or `ts.updateSourceFile`;
 * the later statements' nodes move when the analysis reads them.
 */
const updateStatements: Update = (sourceFile, edit) => {
  const text = sourceFile.text;
  const next = text.slice(0, edit.start) + edit.insert + text.slice(edit.start + edit.oldLength);
  return updateSourceFile(sourceFile, next, { start: edit.start, oldLength: edit.oldLength, newLength: edit.insert.length }, { deferMoves: true });
};

describe('incremental re-analysis', () => {
  for (const { name, text } of cases()) {
    for (const [how, apply] of [['ts.updateSourceFile', update], ['the statements it touched', updateStatements]] as const) {
      it(`gives the full analysis's report after 6 snippets typed and 60 random edits, re-parsed with ${how}: ${name}`, () => {
        const next = random(name.length * 7919 + text.length);
        let sourceFile = parseSource(name, text);
        let facts: FileFacts | undefined = analyzeIncrementally(sourceFile, undefined).facts;
        const typed = typing(() => sourceFile.text, next, 6);
        for (let i = 0; i < 60; ) {
          const typedEdit = typed.next().value;
          const edit = typedEdit ?? randomEdit(sourceFile.text, next);
          if (!typedEdit) i++;
          const newText = sourceFile.text.slice(0, edit.start) + edit.insert + sourceFile.text.slice(edit.start + edit.oldLength);
          try {
            sourceFile = apply(sourceFile, edit);
          } catch {
            // TypeScript's re-parse fails an assertion on a few broken texts; the worker then parses in full.
            sourceFile = parseSource(name, newText);
            facts = undefined;
          }
          const incremental = analyzeIncrementally(sourceFile, facts);
          facts = incremental.facts;
          const full = analyzeSourceFile(parseSource(name, sourceFile.text));
          assert.deepEqual(
            incremental.report, full,
            `edit ${JSON.stringify(edit)} made the incremental report differ from a full analysis`,
          );
        }
      });
    }
  }

  it('reuses the facts of the functions and class members an edit did not touch', () => {
    const text = [
      'export function one(xs: number[]) { let t = 0; for (const x of xs) t += x * x; return t; }',
      'export async function two(urls: string[]) { for (const u of urls) await fetch(u); }',
      'class Store {',
      '  async load(keys: string[]) { for (const k of keys) await fetch(k); }',
      '  sum(xs: number[]) { let t = 0; for (const x of xs) t += x; return t; }',
      '}',
      'export function three() { return 3; }',
    ].join('\n');
    const sourceFile = parseSource('reuse.ts', text);
    const before = analyzeIncrementally(sourceFile, undefined);
    const unitsBefore = new Map(before.facts.units.map((u) => [u.name, u]));
    // Type inside `Store.sum` only.
    const at = text.indexOf('let t = 0; for (const x of xs) t += x;') + 'let t = 0;'.length;
    const after = analyzeIncrementally(update(sourceFile, { start: at, oldLength: 0, insert: ' ' }), before.facts);
    const unitsAfter = new Map(after.facts.units.map((u) => [u.name, u]));
    for (const name of ['one', 'two', 'Store.load', 'three']) {
      assert.equal(unitsAfter.get(name), unitsBefore.get(name), `${name} was walked again`);
    }
    assert.notEqual(unitsAfter.get('Store.sum'), unitsBefore.get('Store.sum'), 'the edited method kept stale facts');
    assert.deepEqual(after.report, analyzeSourceFile(parseSource('reuse.ts', after.facts.sourceFile.text)));
  });

  it('sees two reused top-level awaits become neighbours when the statement between them goes', () => {
    // Each await sits in a try of its own, so the facts of its statement carry its index.
    const text = "import { readFile } from 'node:fs/promises';\ntry { await readFile('a'); } catch {}\nconsole.log(0);\ntry { await readFile('b'); } catch {}\n";
    const sourceFile = parseSource('top.mts', text);
    const before = analyzeIncrementally(sourceFile, undefined);
    assert.deepEqual(before.report.findings, []);
    const edited = update(sourceFile, { start: text.indexOf('console'), oldLength: 'console.log(0);\n'.length, insert: '' });
    const after = analyzeIncrementally(edited, before.facts);
    assert.deepEqual(after.report.findings.map((f) => f.rule), ['sequential-awaits']);
    assert.deepEqual(after.report, analyzeSourceFile(parseSource('top.mts', edited.text)));
  });

  it('gives the findings before the labels, and the same ones in the whole report', () => {
    const text = generateSource(200);
    let sourceFile = parseSource('staged.ts', text);
    let facts: FileFacts = analyzeIncrementally(sourceFile, undefined).facts;
    const at = text.indexOf('await readFile');
    sourceFile = update(sourceFile, { start: at, oldLength: 'await '.length, insert: '' });
    const staged = analyzeIncrementallyInStages(sourceFile, facts);
    const findings = staged.findings.map((f) => `${f.rule}@${f.span.line}`);
    const report = staged.complete();
    facts = staged.facts;
    assert.equal(report.findings, staged.findings);
    assert.equal(report.syntaxErrors, staged.syntaxErrors);
    assert.ok(findings.length > 5, `${findings.length} findings`);
    assert.deepEqual(report, analyzeSourceFile(parseSource('staged.ts', sourceFile.text)));
  });

  it('walks everything again when a module constant that loop bounds read changes', () => {
    const text = 'const N = 10;\nexport function spin() { let t = 0; for (let i = 0; i < N; i++) t += Math.sqrt(i * i) % 7 * i; return t; }\n';
    const sourceFile = parseSource('constants.ts', text);
    const before = analyzeIncrementally(sourceFile, undefined);
    const edited = update(sourceFile, { start: text.indexOf('10'), oldLength: 2, insert: '10000000' });
    const after = analyzeIncrementally(edited, before.facts);
    assert.deepEqual(after.report, analyzeSourceFile(parseSource('constants.ts', edited.text)));
    assert.notEqual(after.facts.units.find((u) => u.name === 'spin'), before.facts.units.find((u) => u.name === 'spin'));
  });

  it('keeps the call resolution of the functions an edit did not touch, until a module-level name changes', () => {
    const text = [
      "import { readFileSync } from 'fs';",
      'export function load(p: string) { return readFileSync(p, "utf8"); }',
      'export function other(xs: number[]) { return xs.map((x) => x + 1); }',
      'export function calls() { return load("a") + other([1]).length; }',
    ].join('\n');
    let sourceFile = parseSource('memo.ts', text);
    const first = analyzeIncrementally(sourceFile, undefined);
    const resolvedIn = (facts: FileFacts, name: string) => facts.units.find((u) => u.name === name)!.calls.map((c) => c.resolved);

    // A keystroke inside `other`: `load` keeps its resolved calls (the same objects).
    let at = sourceFile.text.indexOf('xs.map');
    sourceFile = updateStatements(sourceFile, { start: at, oldLength: 0, insert: ' ' });
    const second = analyzeIncrementally(sourceFile, first.facts);
    assert.deepEqual(second.report, analyzeSourceFile(parseSource('memo.ts', sourceFile.text)));
    const loadCalls = resolvedIn(second.facts, 'load');
    assert.equal(loadCalls.length, 1);
    assert.equal(second.facts.units.find((u) => u.name === 'load')!.syncCalls.length, 1);

    const third = analyzeIncrementally(updateStatements(sourceFile, { start: at, oldLength: 0, insert: ' ' }), second.facts);
    assert.equal(resolvedIn(third.facts, 'load')[0], loadCalls[0], 'load was resolved again though nothing it reads changed');
    // `calls` resolves to `other`, whose unit the edit replaced: resolved again, to the new unit.
    const callsUnit = third.facts.units.find((u) => u.name === 'calls')!;
    const otherUnit = third.facts.units.find((u) => u.name === 'other')!;
    assert.ok(callsUnit.calls.some((c) => c.resolved?.kind === 'local' && c.resolved.unit === otherUnit));

    // Renaming the import changes what `readFileSync` in `load` is: resolved again.
    sourceFile = parseSource('memo.ts', third.facts.sourceFile.text);
    let facts = analyzeIncrementally(sourceFile, undefined).facts;
    facts = analyzeIncrementally(sourceFile = updateStatements(sourceFile, { start: sourceFile.text.indexOf('xs.map'), oldLength: 0, insert: ' ' }), facts).facts;
    at = sourceFile.text.indexOf('readFileSync }');
    const renamed = updateStatements(sourceFile, { start: at, oldLength: 'readFileSync'.length, insert: 'readFileSync as read' });
    const fourth = analyzeIncrementally(renamed, facts);
    assert.equal(fourth.facts.units.find((u) => u.name === 'load')!.syncCalls.length, 0, 'readFileSync still resolved to fs');
    assert.deepEqual(fourth.report, analyzeSourceFile(parseSource('memo.ts', renamed.text)));
  });

  it('hands back the findings of untouched functions: the same objects before the edit, moved copies after it', () => {
    const text = generateSource(120);
    let sourceFile = parseSource('cache.ts', text);
    let { facts, report } = analyzeIncrementally(sourceFile, undefined);
    // Two keystrokes, so the second analysis reuses what the first kept.
    const at = text.indexOf('{', Math.floor(text.length / 2)) + 1;
    for (const insert of [' ', '\n']) {
      const before = report;
      sourceFile = updateStatements(sourceFile, { start: at, oldLength: 0, insert });
      ({ facts, report } = analyzeIncrementally(sourceFile, facts));
      assert.deepEqual(report, analyzeSourceFile(parseSource('cache.ts', sourceFile.text)));
      const earlier = report.findings.filter((f) => f.span.end < at);
      const later = report.findings.filter((f) => f.span.start > at + 1);
      assert.ok(earlier.length > 3 && later.length > 3, `${earlier.length} findings before the edit, ${later.length} after`);
      if (insert === '\n') {
        for (const f of earlier) assert.ok(before.findings.includes(f), `${f.function}: a finding before the edit was made again`);
        for (const f of later) assert.ok(!before.findings.includes(f), `${f.function}: a finding after the edit was not moved`);
      }
    }
  });

  it('checks again the functions a block suppression covered once the comments go', () => {
    const loop = (name: string) => `export async function ${name}(urls: string[]) {\n  const out = [];\n  for (const u of urls) out.push(await fetch(u));\n  return out;\n}\n`;
    const text = `/* workload-hints-disable await-in-loop */\n${loop('a')}${loop('b')}/* workload-hints-enable await-in-loop */\n${loop('c')}`;
    let sourceFile = parseSource('block.ts', text);
    let { facts, report } = analyzeIncrementally(sourceFile, undefined);
    assert.deepEqual(report.findings.map((f) => f.function), ['c']);
    // Remove the enable comment, then the disable comment: every function is checked again.
    for (const comment of ['/* workload-hints-enable await-in-loop */\n', '/* workload-hints-disable await-in-loop */\n']) {
      sourceFile = updateStatements(sourceFile, { start: sourceFile.text.indexOf(comment), oldLength: comment.length, insert: '' });
      ({ facts, report } = analyzeIncrementally(sourceFile, facts));
      assert.deepEqual(report, analyzeSourceFile(parseSource('block.ts', sourceFile.text)));
    }
    assert.deepEqual(report.findings.map((f) => f.function), ['a', 'b', 'c']);
  });
});
