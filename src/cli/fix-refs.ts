// Fills each finding's `fixes` with the rewrites the rewrite layer can offer for it.
import type { FileReport } from '../analysis';
import { attachFixes as attachRewriteFixes } from '../rewrite';

export function attachFixes(report: FileReport, text: string): FileReport {
  if (report.findings.length === 0) return report;
  return attachRewriteFixes(report, text);
}
