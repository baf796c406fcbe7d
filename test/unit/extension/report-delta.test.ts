// Report deltas between the analysis worker and the extension host: whatever the edit, the
// host's report rebuilt from the delta must be exactly the worker's report, and for a
// keystroke the delta must refer to the unmoved and shifted items instead of copying them.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as ts from 'typescript';
import { analyzeIncrementally, parseSource, updateSourceFile, type FileFacts } from '../../../src/analysis';
import type { FileReport } from '../../../src/analysis/types';
import {
  NO_SHIFT, countLineBreaks, decodeList, encodeList, equalsShifted, shiftOf, shifted, type DeltaList, type Shift,
} from '../../../src/extension/report-delta';
import { generateSource } from '../../integration/support/generate-source';
import { TRICKY, random, randomEdit, typing } from '../support/random-edits';

/** A report's three lists as the worker sends them (the findings and syntax errors ahead of the functions). */
interface ReportDelta {
  shift: Shift;
  path: string;
  findings: DeltaList<FileReport['findings'][number]>;
  syntaxErrors: DeltaList<FileReport['syntaxErrors'][number]>;
  functions: DeltaList<FileReport['functions'][number]>;
}

function encodeDelta(base: FileReport, next: FileReport, shift: Shift): ReportDelta {
  return {
    shift,
    path: next.path,
    findings: encodeList(base.findings, next.findings, shift),
    syntaxErrors: encodeList(base.syntaxErrors, next.syntaxErrors, shift),
    functions: encodeList(base.functions, next.functions, shift),
  };
}

/** What the host rebuilds from the lists, as documents.ts does. */
function applyDelta(base: FileReport, delta: ReportDelta): FileReport {
  return {
    path: delta.path,
    functions: decodeList(base.functions, delta.functions, delta.shift),
    findings: decodeList(base.findings, delta.findings, delta.shift),
    syntaxErrors: decodeList(base.syntaxErrors, delta.syntaxErrors, delta.shift),
  };
}

interface Edit {
  start: number;
  oldLength: number;
  insert: string;
}

/** One edit as the worker sees it: the updated tree, the new report, and the delta against the old one. */
function step(sourceFile: ts.SourceFile, facts: FileFacts, report: FileReport, edit: Edit) {
  const oldText = sourceFile.text;
  const text = oldText.slice(0, edit.start) + edit.insert + oldText.slice(edit.start + edit.oldLength);
  const change = { start: edit.start, oldLength: edit.oldLength, newLength: edit.insert.length };
  const shift = shiftOf(oldText, text, change, (offset) => sourceFile.getLineAndCharacterOfPosition(offset).line + 1);
  // As the worker re-parses: the statements the edit touched, or `ts.updateSourceFile`.
  const updated = updateSourceFile(sourceFile, text, change, { deferMoves: true });
  const next = analyzeIncrementally(updated, facts);
  // What the host receives is a copy (postMessage), as here.
  const delta = v8.deserialize(v8.serialize(encodeDelta(report, next.report, shift))) as ReportDelta;
  return { sourceFile: updated, facts: next.facts, report: next.report, delta };
}


function references(delta: ReportDelta): number {
  return [...delta.functions, ...delta.findings].filter((entry) => typeof entry === 'number').length;
}

describe('report deltas (worker → extension host)', () => {
  for (const [name, text] of [['generated.ts', generateSource(300)], ['tricky.mts', TRICKY]]) {
    it(`rebuild exactly the worker's report after 8 snippets typed and 150 random edits: ${name}`, () => {
      const next = random(20261127 + text.length);
      let sourceFile = parseSource(name, text);
      let { facts, report } = analyzeIncrementally(sourceFile, undefined);
      let host: FileReport = structuredClone(report);
      const typed = typing(() => sourceFile.text, next, 8);
      for (let i = 0; i < 150; ) {
        const typedEdit = typed.next().value;
        const edit = typedEdit ?? randomEdit(sourceFile.text, next);
        if (!typedEdit) i++;
        const result = step(sourceFile, facts, report, edit);
        host = applyDelta(host, result.delta);
        assert.deepEqual(host, result.report, `edit ${JSON.stringify(edit)} rebuilt a different report`);
        ({ sourceFile, facts, report } = result);
      }
    });
  }

  it('refer to every unmoved or shifted item when a character or a line is typed', () => {
    const text = generateSource(300);
    for (const insert of [' ', '\n', '\n  let spare = 0;\n']) {
      const sourceFile = parseSource('generated.ts', text);
      const { facts, report } = analyzeIncrementally(sourceFile, undefined);
      const items = report.functions.length + report.findings.length;
      assert.ok(items > 40, `the generated file has ${items} functions and findings`);
      // Inside the body of a function in the middle of the file, at the start of a statement.
      const at = text.indexOf('\n', text.indexOf('{', text.length / 2)) + 1;
      const { delta, report: after } = step(sourceFile, facts, report, { start: at, oldLength: 0, insert });
      assert.deepEqual(applyDelta(report, delta), after);
      const copied = items - references(delta);
      assert.ok(copied <= 1, `typing ${JSON.stringify(insert)} copied ${copied} of ${items} items: ${JSON.stringify(
        [...delta.functions, ...delta.findings].filter((entry) => typeof entry !== 'number'))}`);
      assert.ok(v8.serialize(delta).length * 10 < v8.serialize(after).length, 'the delta is not a tenth of the report');
    }
  });

  it('copies the items an edit changed: a new finding, a moved column', () => {
    const text = 'export async function load(urls: string[]) {\n  const out = [];\n  return out;\n}\n';
    const sourceFile = parseSource('load.ts', text);
    const { facts, report } = analyzeIncrementally(sourceFile, undefined);
    assert.equal(report.findings.length, 0);
    const at = text.indexOf('  return');
    const { delta, report: after } = step(sourceFile, facts, report, { start: at, oldLength: 0, insert: '  for (const u of urls) out.push(await fetch(u));\n' });
    assert.equal(after.findings.length, 1);
    assert.equal(typeof delta.findings[0], 'object', 'the new finding is sent whole');
    assert.deepEqual(applyDelta(report, delta), after);
  });
});

describe('report delta pieces', () => {
  it('counts line breaks as TypeScript does', () => {
    assert.equal(countLineBreaks(''), 0);
    assert.equal(countLineBreaks('a\nb\r\nc\rd\u2028e\u2029'), 5);
    assert.equal(countLineBreaks('\r\n\r\n'), 2);
    assert.equal(countLineBreaks('\n\r'), 2);
  });

  it('shifts offsets at or after the edit and lines after its line, sharing what did not move', () => {
    const shift: Shift = { offset: 10, by: 3, line: 2, lines: 1 };
    const before = { span: { start: 4, end: 8, line: 1, column: 5, endLine: 1, endColumn: 9 }, message: 'm', reasons: [{ line: 1, message: 'r' }] };
    assert.equal(shifted(before, shift), before);
    const after = { span: { start: 10, end: 20, line: 3, column: 1, endLine: 4, endColumn: 2 }, data: { awaitLine: 3, count: 10 }, reasons: [{ line: 2, message: 'r' }] };
    const moved = shifted(after, shift);
    assert.deepEqual(moved, { span: { start: 13, end: 23, line: 4, column: 1, endLine: 5, endColumn: 2 }, data: { awaitLine: 4, count: 10 }, reasons: [{ line: 2, message: 'r' }] });
    assert.equal(moved.reasons, after.reasons, 'an unmoved part is the same object');
    assert.deepEqual(after.span.start, 10, 'the original is not mutated');
    assert.ok(equalsShifted(moved, after, shift));
    assert.ok(!equalsShifted({ ...moved, message: 'x' }, after, shift), 'an extra field is a difference');
    assert.ok(!equalsShifted(after, after, shift));
    assert.ok(equalsShifted(after, after, NO_SHIFT));
  });
});
