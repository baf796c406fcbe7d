// Options of analyzeText: per-rule severity (explicit settings are taken as they are; only
// defaults move with the context), `off`, and the hot-loop thresholds.
import * as assert from 'node:assert/strict';
import { analyzeText, RULES, type AnalyzeOptions, type FileReport } from '../../../src/analysis';
import { code } from './rule-tester';

const SOURCE = code`
  import fs from 'node:fs';
  export function pi(n: number) {
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.random();
      const y = Math.random();
      if (x * x + y * y <= 1) inside++;
    }
    return inside;
  }
  app.get('/x', (req, res) => res.send(fs.readFileSync('x.html')));
  export async function all(urls: string[]) {
    for (const u of urls) await fetch(u);
  }
  export function warm() {
    let s = 0;
    for (let i = 0; i < 1000; i++) s += i * i;
    return s;
  }
`;

function run(options: AnalyzeOptions): FileReport {
  const result = analyzeText('options.ts', SOURCE, options);
  assert.equal(result.kind, 'analyzed');
  return (result as Extract<typeof result, { kind: 'analyzed' }>).report;
}

function severities(report: FileReport): string[] {
  return report.findings.map((f) => `${f.rule}@${f.span.line}:${f.severity}`);
}

describe('analyze options', () => {
  it('default severities move with the context', () => {
    assert.deepEqual(severities(run({})), [
      'hot-loop@4:info',
      'blocking-sync-call@11:error',
      'await-in-loop@13:warning',
    ]);
  });

  it('an explicit severity is used as set, whatever the context', () => {
    assert.deepEqual(severities(run({ severity: { 'hot-loop': 'error', 'blocking-sync-call': 'warning' } })), [
      'hot-loop@4:error',
      'blocking-sync-call@11:warning',
      'await-in-loop@13:warning',
    ]);
  });

  it('off drops a rule', () => {
    assert.deepEqual(severities(run({ severity: { 'await-in-loop': 'off', 'hot-loop': 'off' } })), ['blocking-sync-call@11:error']);
  });

  it('a rule turned off still leaves the label to the facts', () => {
    const fn = run({ severity: { 'hot-loop': 'off' } }).functions.find((f) => f.name === 'pi');
    assert.equal(fn?.label, 'cpu');
  });

  it('hot-loop thresholds can be lowered', () => {
    const report = run({ hotLoop: { minIterations: 500 } });
    assert.ok(report.findings.some((f) => f.rule === 'hot-loop' && f.function === 'warm'), severities(report).join(', '));
    assert.ok(!run({}).findings.some((f) => f.function === 'warm'));
  });

  it('every rule has an id, a description, a default severity, messages and a docs link', () => {
    for (const rule of RULES) {
      assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.description.length > 20, rule.id);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.defaultSeverity), rule.id);
      assert.ok(Object.keys(rule.messages).length > 0, rule.id);
      assert.ok(rule.docs.endsWith(`/docs/rules/${rule.id}.md`), rule.docs);
    }
  });
});
