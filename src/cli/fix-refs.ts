// Fills each finding's `fixes` with the rewrites the rewrite layer can offer for it.
import type { FileReport } from '../analysis';
import { attachFixes as attachRewriteFixes } from '../rewrite';
import { nodeFixOptions } from './fix-command';

export function attachFixes(report: FileReport, text: string): FileReport {
  if (report.findings.length === 0) return report;
  // With file access the rewrite layer reads tsconfig.json and package.json (module kind, p-map).
  return attachRewriteFixes(report, text, nodeFixOptions());
}
