// The analysis worker's warm-up replays edits of a generated file; it only helps if that file
// sends the incremental path through every rule and stays free of syntax errors as it is edited.
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { RULES, analyzeIncrementally, parseSource } from '../../../src/analysis';
import { warmUpEditAt, warmUpSource } from '../../../src/extension/warm-up';

describe('analysis worker warm-up', () => {
  it('edits a file where every rule fires, without syntax errors, re-parsing incrementally', () => {
    let text = warmUpSource(5);
    let sourceFile = parseSource('/warm-up.ts', text);
    let { facts, report } = analyzeIncrementally(sourceFile, undefined);
    assert.deepEqual([...new Set(report.findings.map((f) => f.rule))].sort(), RULES.map((r) => r.id).sort());
    for (let step = 1; step <= 10; step++) {
      const at = warmUpEditAt(text, step);
      assert.equal(text[at - 1], '{', `edit ${step} types after an opening brace`);
      text = `${text.slice(0, at)} ${text.slice(at)}`;
      sourceFile = ts.updateSourceFile(sourceFile, text, { span: { start: at, length: 0 }, newLength: 1 });
      ({ facts, report } = analyzeIncrementally(sourceFile, facts));
      assert.deepEqual(report.syntaxErrors, []);
    }
  });
});
