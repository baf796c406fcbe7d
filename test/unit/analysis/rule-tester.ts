// A typescript-eslint style table runner for the analyzer's rules: `valid` cases must yield no
// finding of the rule, `invalid` cases exactly the listed findings (positions 1-based).
import * as assert from 'node:assert/strict';
import { analyzeText, type FileReport, type Finding, type RuleId, type Severity } from '../../../src/analysis';

/** Strips the common indentation and the first empty line, so positions count from line 1, column 1. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export interface ValidCase {
  name: string;
  code: string;
  /** Defaults to `test.ts`. */
  filename?: string;
  /** A case today's linters get wrong (they would flag it): the point of the rule. */
  hard?: boolean;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  function: string;
  severity?: Severity;
  /** Substrings the message must contain. */
  message?: string[];
  /** Entries `data` must contain. */
  data?: Finding['data'];
}

export interface InvalidCase {
  name: string;
  code: string;
  filename?: string;
  errors: ExpectedFinding[];
}

export interface RuleTable {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export function analyze(source: string, filename = 'test.ts'): FileReport {
  const result = analyzeText(filename, source);
  assert.equal(result.kind, 'analyzed', result.kind === 'skipped' ? result.reason : '');
  return (result as Extract<typeof result, { kind: 'analyzed' }>).report;
}

function describeFinding(f: Finding): string {
  return `${f.span.line}:${f.span.column}-${f.span.endLine}:${f.span.endColumn} [${f.function}] ${f.severity}: ${f.message}`;
}

/** Registers one mocha test per case, plus a check of the table's own size and balance. */
export function runRuleTests(rule: RuleId, table: RuleTable): void {
  describe(rule, () => {
    it('has at least 25 cases, a third of them hard negatives', () => {
      const total = table.valid.length + table.invalid.length;
      const hard = table.valid.filter((c) => c.hard).length;
      assert.ok(total >= 25, `${total} cases`);
      assert.ok(hard * 3 >= total, `${hard} hard negatives of ${total}`);
      const names = [...table.valid, ...table.invalid].map((c) => c.name);
      assert.equal(new Set(names).size, names.length, 'case names are unique');
    });

    describe('valid', () => {
      for (const c of table.valid) {
        it(`${c.hard ? '(hard) ' : ''}${c.name}`, () => {
          const findings = analyze(c.code, c.filename).findings.filter((f) => f.rule === rule);
          assert.deepEqual(findings.map(describeFinding), [], 'expected no finding');
        });
      }
    });

    describe('invalid', () => {
      for (const c of table.invalid) {
        it(c.name, () => {
          const findings = analyze(c.code, c.filename).findings.filter((f) => f.rule === rule);
          const actual = findings.map((f) => ({
            line: f.span.line, column: f.span.column, endLine: f.span.endLine, endColumn: f.span.endColumn, function: f.function,
          }));
          const expected = c.errors.map((e) => ({
            line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn, function: e.function,
          }));
          assert.deepEqual(actual, expected, `findings were:\n${findings.map(describeFinding).join('\n')}`);
          c.errors.forEach((e, i) => {
            const f = findings[i];
            if (e.severity) assert.equal(f.severity, e.severity, `severity of finding ${i + 1}`);
            for (const part of e.message ?? []) assert.ok(f.message.includes(part), `message "${f.message}" lacks "${part}"`);
            for (const [key, value] of Object.entries(e.data ?? {})) assert.equal(f.data[key], value, `data.${key}`);
          });
        });
      }
    });
  });
}
