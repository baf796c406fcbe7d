// The check every fix passes before it is offered: its output parses (no new syntax errors,
// new files parse cleanly) and the finding it fixes is gone from the re-analysed output.
import * as ts from 'typescript';
import { analyzeText, parseSource, type Finding } from '../analysis';
import type { RewriteContext } from './context';
import { applyEdits, mapRange, selectEdits } from './edits';
import type { Fix } from './types';

function parseErrors(path: string, text: string): string[] {
  const sf = parseSource(path, text) as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] };
  return (sf.parseDiagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function startsIn(findings: readonly Finding[], rule: string, start: number, end: number): number {
  return findings.filter((f) => f.rule === rule && f.span.start >= start && f.span.start < Math.max(end, start + 1)).length;
}

/** Why `fix` must not be offered for `finding`, or undefined when its output checks out. */
export function verifyFix(context: RewriteContext, finding: Finding, fix: Fix): string | undefined {
  const { kept, dropped } = selectEdits(fix.edits);
  if (dropped.length > 0) return 'its edits overlap';
  const output = applyEdits(context.text, kept);
  const before = parseErrors(context.path, context.text);
  const after = parseErrors(context.path, output);
  const added = after.filter((m) => {
    const i = before.indexOf(m);
    if (i === -1) return true;
    before.splice(i, 1);
    return false;
  });
  if (added.length > 0) return `the rewritten code would not parse (${added[0]})`;
  for (const file of fix.newFiles ?? []) {
    const errors = parseErrors(file.path, file.text);
    if (errors.length > 0) return `the new file ${file.path} would not parse (${errors[0]})`;
  }
  const result = analyzeText(context.path, output, context.options.analyzeOptions ?? {});
  if (result.kind !== 'analyzed') return undefined;
  const region = mapRange(finding.span.start, finding.span.end, kept);
  const was = startsIn(context.report.findings, finding.rule, finding.span.start, finding.span.end);
  const now = startsIn(result.report.findings, finding.rule, region.start, region.end);
  if (now >= Math.max(was, 1)) return 'the finding would remain after the rewrite';
  return undefined;
}
