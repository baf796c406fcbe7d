// A typescript-eslint style table runner for rewrites: each case gives the input and the exact
// output of one fix (plus new files); each trap gives an input where no fix may be offered.
import * as assert from 'node:assert/strict';
import type { RuleId } from '../../../src/analysis';
import type { FixId, FixOptions } from '../../../src/rewrite';
import { applyFix, assertIdempotent, defaultProject, offered, ROOT } from './support';

export interface RewriteCase {
  name: string;
  code: string;
  output: string;
  /** Defaults to /project/src/app.ts. */
  filename?: string;
  fix?: FixId;
  options?: FixOptions;
  /** Which finding of the rule, in file order (default 0). */
  index?: number;
  /** Exact text of new files, by base name. */
  newFiles?: Record<string, string>;
  /** Substrings the fix title must contain. */
  title?: string[];
  dependency?: string;
}

export interface TrapCase {
  name: string;
  code: string;
  filename?: string;
  options?: FixOptions;
  /** A refusal reason that must be given: the analyzer reports the finding and the rewrite declines. Without it, the analyzer itself may stay silent. */
  reason?: RegExp;
  /** Only this fix must be absent (others may be offered). */
  fix?: FixId;
}

export function runRewriteTable(rule: RuleId, defaultFix: FixId, cases: RewriteCase[], traps: TrapCase[]): void {
  describe(`${rule} → ${defaultFix}`, () => {
    it('has at least 15 cases and a trap table', () => {
      assert.ok(cases.length >= 15, `${cases.length} cases`);
      assert.ok(traps.length >= 8, `${traps.length} traps`);
    });
    for (const c of cases) {
      it(c.name, () => {
        const filename = c.filename ?? `${ROOT}/src/app.ts`;
        const options = c.options ?? defaultProject();
        const { output, fix, newFiles } = applyFix(c.code, filename, rule, c.fix ?? defaultFix, options, c.index ?? 0);
        assert.equal(output, c.output);
        for (const part of c.title ?? []) assert.ok(fix.title.includes(part), `title "${fix.title}" lacks "${part}"`);
        if (c.dependency !== undefined) assert.equal(fix.packageJsonDependency?.name, c.dependency);
        if (c.newFiles) {
          const byBase = Object.fromEntries(Object.entries(newFiles).map(([p, t]) => [p.split('/').pop()!, t]));
          assert.deepEqual(Object.keys(byBase).sort(), Object.keys(c.newFiles).sort());
          for (const [name, text] of Object.entries(c.newFiles)) assert.equal(byBase[name], text, name);
        }
        assertIdempotent(output, filename, rule, c.fix ?? defaultFix, options);
      });
    }
    describe('traps: no fix', () => {
      for (const t of traps) {
        it(t.name, () => {
          const filename = t.filename ?? `${ROOT}/src/app.ts`;
          const result = offered(t.code, filename, rule, t.options ?? defaultProject());
          const ids = t.fix ? result.ids.filter((id) => id === t.fix) : result.ids;
          assert.deepEqual(ids, [], `offered ${ids.join(', ')}`);
          if (t.reason) {
            assert.ok(result.reasons.some((r) => t.reason!.test(r)), `reasons: ${result.reasons.join(' | ')}`);
          }
        });
      }
    });
  });
}
