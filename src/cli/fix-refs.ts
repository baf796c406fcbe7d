// Fills each finding's `fixes` with the rewrites the rewrite layer can offer for it.
import type { FileReport } from '../analysis';
import { attachFixes as attachRewriteFixes, type FileAnalysis } from '../rewrite';
import { nodeFixOptions } from './fix-command';

/** `analysis.report` with the fixes of each finding; the rewrites start from this analysis, not a second one. */
export function attachFixes(analysis: FileAnalysis, text: string): FileReport {
  if (analysis.report.findings.length === 0) return analysis.report;
  // With file access the rewrite layer reads tsconfig.json and package.json (module kind, p-map).
  return attachRewriteFixes(analysis.report, text, nodeFixOptions(), analysis);
}
