// Entry point of the rewrite layer: a finding in, the fixes it offers (edits + new files) and
// the reasons for the ones it does not offer out. Pure: the caller reads and writes files.
import type { FileReport, Finding, FixRef } from '../analysis';
import { awaitInLoopFixes } from './await-in-loop';
import { blockingSyncCallFixes } from './blocking-sync-call';
import { contextFor, contextFromAnalysis, type RewriteContext } from './context';
import { sequentialAwaitsFixes } from './sequential-awaits';
import type { FileAnalysis, Fix, FixOptions, FixPlan, Refusal } from './types';
import { verifyFix } from './verify';
import { workerPoolFixes, workerPoolRefactorAt } from './worker-pool';

export type { FileAnalysis, Fix, FixId, FixOptions, FixPlan, FixRef, NewFile, Refusal, TextEdit } from './types';
export { applyEdits, combineFixes, selectEdits } from './edits';

/** The rewrites of `finding`, unchecked. A rewrite that throws becomes a refusal: fixes never break analysis. */
function plan(context: RewriteContext, finding: Finding): FixPlan {
  try {
    return planRule(context, finding);
  } catch (error) {
    return { fixes: [], refusals: [{ id: 'promise-all', reason: `internal error in the rewrite: ${(error as Error).message}` }] };
  }
}

function planRule(context: RewriteContext, finding: Finding): FixPlan {
  switch (finding.rule) {
    case 'sequential-awaits': return sequentialAwaitsFixes(context, finding);
    case 'await-in-loop': return awaitInLoopFixes(context, finding);
    case 'blocking-sync-call': return blockingSyncCallFixes(context, finding);
    case 'hot-loop': return workerPoolFixes(context, finding);
    default: return { fixes: [], refusals: [] };
  }
}

function checked(context: RewriteContext, finding: Finding, raw: FixPlan): FixPlan {
  const fixes: Fix[] = [];
  const refusals: Refusal[] = [...raw.refusals];
  for (const fix of raw.fixes) {
    let problem: string | undefined;
    try {
      problem = verifyFix(context, finding, fix);
    } catch (error) {
      problem = `internal error while checking the output: ${(error as Error).message}`;
    }
    if (problem) refusals.push({ id: fix.id, reason: problem });
    else fixes.push(fix);
  }
  if (fixes.length > 0 && !fixes.some((f) => f.isPreferred)) fixes[0] = { ...fixes[0], isPreferred: true };
  return { fixes, refusals };
}

const SKIPPED: FixPlan = { fixes: [], refusals: [] };
/** One object, so calls without options share the parsed file (the cache compares options by identity). */
const DEFAULT_OPTIONS: FixOptions = {};

/**
 * Everything about fixing `finding` in `text` (the file at `path`): the fixes offered, each
 * checked (its output parses and the finding is gone), and the reasons for those refused.
 * A finding from an older version of the text gets a refusal, not a wrong edit.
 */
export function explainFixes(finding: Finding, text: string, path: string, options: FixOptions = DEFAULT_OPTIONS): FixPlan {
  const context = contextFor(path, text, options);
  if (!context) return SKIPPED;
  return checked(context, finding, plan(context, finding));
}

/** The fixes offered for `finding`, first choice first. Edits apply to `text`. */
export function fixesFor(finding: Finding, text: string, path: string, options: FixOptions = DEFAULT_OPTIONS): Fix[] {
  return explainFixes(finding, text, path, options).fixes;
}

/** Why the fixes `finding` would call for are not offered (empty when every one is). */
export function refusalsFor(finding: Finding, text: string, path: string, options: FixOptions = DEFAULT_OPTIONS): Refusal[] {
  return explainFixes(finding, text, path, options).refusals;
}

/**
 * Ids and titles of the fixes `finding` offers, for the `fixes` field of a finding (JSON
 * output, code-action lists). Cheaper than `fixesFor`: the output is not re-analysed, and
 * the file is parsed once for all findings of the same text.
 */
export function availableFixes(finding: Finding, text: string, path: string, options: FixOptions = DEFAULT_OPTIONS): FixRef[] {
  const context = contextFor(path, text, options);
  if (!context) return [];
  return plan(context, finding).fixes.map((f) => ({ id: f.id, title: f.title }));
}

/**
 * `report` with every finding's `fixes` filled in (see availableFixes). `analysis`, the result of
 * the `analyzeText` call that made `report`, spares a second parse and walk of the file.
 */
export function attachFixes(report: FileReport, text: string, options: FixOptions = DEFAULT_OPTIONS, analysis?: Omit<FileAnalysis, 'report'>): FileReport {
  if (report.findings.length === 0) return report;
  const context = analysis ? contextFromAnalysis(report.path, text, options, { ...analysis, report }) : contextFor(report.path, text, options);
  return {
    ...report,
    findings: report.findings.map((f) => ({ ...f, fixes: context ? plan(context, f).fixes.map((x) => ({ id: x.id, title: x.title })) : [] })),
  };
}

/**
 * Refactorings for a selection (`start..end`): "Move to a worker pool" for the CPU-bound
 * function the selection is in, whether or not it holds a `hot-loop` finding.
 */
export function refactorsAt(text: string, path: string, start: number, end: number, options: FixOptions = DEFAULT_OPTIONS): FixPlan {
  const context = contextFor(path, text, options);
  if (!context) return SKIPPED;
  const raw = workerPoolRefactorAt(context, start, end);
  if (!raw) return SKIPPED;
  const fixes: Fix[] = [];
  const refusals = [...raw.plan.refusals];
  for (const fix of raw.plan.fixes) {
    const problem = verifyFix(context, raw.finding, fix);
    if (problem) refusals.push({ id: fix.id, reason: problem });
    else fixes.push(fix);
  }
  return { fixes, refusals };
}
