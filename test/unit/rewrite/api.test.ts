// The rewrite layer's entry points: applying and combining edits (overlaps dropped), fix ids for
// the JSON `fixes` field, refusal reasons, refactorings on a selection, stale findings.
import * as assert from 'node:assert/strict';
import {
  applyEdits, attachFixes, availableFixes, combineFixes, explainFixes, fixesFor, refactorsAt, refusalsFor, selectEdits,
  type Fix,
} from '../../../src/rewrite';
import { contextFromAnalysis } from '../../../src/rewrite/context';
import { mapRange } from '../../../src/rewrite/edits';
import { analyzeText } from '../../../src/analysis';
import { code, defaultProject, findingsOf, ROOT } from './support';

describe('rewrite API', () => {
  describe('applyEdits', () => {
    it('applies edits in offset order, whatever order they come in', () => {
      assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 1, newText: 'A' }]), 'AbcdEf');
    });
    it('keeps insertions at one offset in the order given', () => {
      assert.equal(applyEdits('xy', [{ start: 1, end: 1, newText: '1' }, { start: 1, end: 1, newText: '2' }]), 'x12y');
    });
    it('drops an edit that overlaps one applied before it, merges identical ones', () => {
      const edits = [
        { start: 0, end: 3, newText: 'ABC' },
        { start: 2, end: 4, newText: 'zz' },
        { start: 0, end: 3, newText: 'ABC' },
        { start: 5, end: 5, newText: '!' },
      ];
      assert.equal(applyEdits('abcdef', edits), 'ABCde!f');
      assert.deepEqual(selectEdits(edits).dropped, [{ start: 2, end: 4, newText: 'zz' }]);
    });
    it('an insertion inside a replaced range overlaps it', () => {
      assert.equal(applyEdits('abcdef', [{ start: 1, end: 4, newText: '-' }, { start: 2, end: 2, newText: '+' }]), 'a-ef');
    });
  });

  describe('combineFixes ("fix all")', () => {
    const fix = (id: string, edits: Fix['edits']): Fix => ({ id: 'promise-all', title: id, kind: 'quickfix', edits });
    it('skips a whole fix when any of its edits overlaps a fix taken earlier; shares identical imports', () => {
      const importLine = { start: 0, end: 0, newText: 'import x;\n' };
      const a = fix('a', [importLine, { start: 10, end: 20, newText: 'A' }]);
      const b = fix('b', [importLine, { start: 15, end: 25, newText: 'B' }]);
      const c = fix('c', [importLine, { start: 30, end: 31, newText: 'C' }]);
      const result = combineFixes([a, b, c]);
      assert.deepEqual(result.applied.map((f) => f.title), ['a', 'c']);
      assert.deepEqual(result.skipped.map((f) => f.title), ['b']);
      assert.equal(result.edits.filter((e) => e === importLine).length, 1);
    });
  });

  describe('mapRange', () => {
    it('moves a range by the edits before it and covers insertions at its edges', () => {
      const edits = [{ start: 0, end: 0, newText: 'xx' }, { start: 5, end: 5, newText: 'await ' }, { start: 9, end: 12, newText: '' }];
      assert.deepEqual(mapRange(5, 8, edits), { start: 7, end: 16 });
    });
  });

  const source = code`
    async function load(api: Api) {
      const user = await api.getUser(1);
      const stats = await api.getStats();
      return { user, stats };
    }
  `;
  const file = `${ROOT}/src/app.ts`;

  it('availableFixes lists ids and titles for the JSON `fixes` field', () => {
    const [finding] = findingsOf(source, file, 'sequential-awaits');
    const refs = availableFixes(finding, source, file, defaultProject());
    assert.deepEqual(refs.map((r) => r.id), ['promise-all']);
    assert.match(refs[0].title, /Promise\.all/);
  });

  it('attachFixes fills every finding of a report', () => {
    const result = analyzeText(file, source);
    assert.equal(result.kind, 'analyzed');
    const report = attachFixes((result as Extract<typeof result, { kind: 'analyzed' }>).report, source, defaultProject());
    assert.deepEqual(report.findings.map((f) => f.fixes.map((x) => x.id)), [['promise-all']]);
  });

  it('attachFixes starts from the caller\'s analysis (same tree, same fixes), and from its own when the analysis is of another text', () => {
    const text = code`
      import { readFileSync } from 'node:fs';
      function estimatePi(samples: number): number {
        let inside = 0;
        for (let i = 0; i < samples; i++) {
          const x = Math.random();
          const y = Math.random();
          if (x * x + y * y <= 1) inside++;
        }
        return (4 * inside) / samples;
      }
      export async function main() {
        const a = await fetch('/a');
        const b = await fetch('/b');
        console.log(readFileSync('x', 'utf8'), a, b, estimatePi(1e6));
      }
    `;
    const result = analyzeText(file, text);
    assert.equal(result.kind, 'analyzed');
    const analysis = result as Extract<typeof result, { kind: 'analyzed' }>;
    const fresh = attachFixes(analysis.report, text, defaultProject());
    const reused = attachFixes(analysis.report, text, defaultProject(), analysis);
    assert.deepEqual(reused.findings.map((f) => f.fixes), fresh.findings.map((f) => f.fixes));
    assert.deepEqual(new Set(reused.findings.flatMap((f) => f.fixes.map((x) => x.id))), new Set(['promise-all', 'async-api', 'worker-pool']));
    assert.equal(contextFromAnalysis(file, text, defaultProject(), analysis)?.sourceFile, analysis.sourceFile);
    const other = analyzeText(file, `${text}\n// changed\n`) as typeof analysis;
    assert.notEqual(contextFromAnalysis(file, text, defaultProject(), other)?.sourceFile, other.sourceFile);
    assert.deepEqual(attachFixes(analysis.report, text, defaultProject(), other).findings.map((f) => f.fixes), fresh.findings.map((f) => f.fixes));
  });

  it('refusalsFor says why a fix is not offered', () => {
    const text = code`
      class Sim {
        steps = 1e7;
        async run() {
          let s = 0;
          for (let i = 0; i < this.steps; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
          return s;
        }
      }
      void Sim;
    `;
    const [finding] = findingsOf(text, file, 'hot-loop');
    assert.deepEqual(fixesFor(finding, text, file), []);
    assert.deepEqual(refusalsFor(finding, text, file).map((r) => r.id), ['worker-pool']);
    assert.match(refusalsFor(finding, text, file)[0].reason, /this/);
  });

  it('a finding from an older text is refused, not misapplied', () => {
    const [finding] = findingsOf(source, file, 'sequential-awaits');
    const edited = `// a new first line\n${source}`;
    const plan = explainFixes(finding, edited, file, defaultProject());
    assert.deepEqual(plan.fixes, []);
    assert.match(plan.refusals[0].reason, /changed/);
  });

  it('every offered fix re-parses and makes its finding go away (checked before it is offered)', () => {
    const [finding] = findingsOf(source, file, 'sequential-awaits');
    const [fix] = fixesFor(finding, source, file, defaultProject());
    const output = applyEdits(source, fix.edits);
    assert.deepEqual(findingsOf(output, file, 'sequential-awaits'), []);
  });

  it('refactorsAt offers "Move to a worker pool" for a CPU-bound function under the selection', () => {
    const text = code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }

      export async function main() {
        return spin(1e7);
      }
    `;
    const at = text.indexOf('let s');
    const plan = refactorsAt(text, file, at, at, defaultProject());
    assert.deepEqual(plan.fixes.map((f) => [f.id, f.kind]), [['worker-pool', 'refactor']]);
    const none = refactorsAt(text, file, text.indexOf('return spin'), text.indexOf('return spin'), defaultProject());
    assert.deepEqual(none.fixes, []);
  });
});
