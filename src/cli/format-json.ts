// `analyze --format json`: exactly the shape DESIGN.md promises (other tools parse it).
import type { FileReport } from '../analysis';
import type { AnalysisRun } from './analysis-run';

export interface JsonOutput {
  files: Array<{
    path: string;
    functions: Array<{ name: string; line: number; endLine: number; label: string; confidence: number; reasons: Array<{ message: string; line: number }> }>;
    findings: Array<{
      rule: string; line: number; column: number; endLine: number; endColumn: number; severity: string;
      message: string; function: string; fixes: Array<{ id: string; title: string }>;
    }>;
  }>;
  summary: { files: number; functions: number; findings: number; skipped: Array<{ path: string; reason: string }> };
}

function fileToJson(report: FileReport): JsonOutput['files'][number] {
  return {
    path: report.path,
    functions: report.functions.map((f) => ({
      name: f.name, line: f.line, endLine: f.endLine, label: f.label, confidence: f.confidence,
      reasons: f.reasons.map((r) => ({ message: r.message, line: r.line })),
    })),
    findings: report.findings.map((f) => ({
      rule: f.rule, line: f.span.line, column: f.span.column, endLine: f.span.endLine, endColumn: f.span.endColumn,
      severity: f.severity, message: f.message, function: f.function,
      fixes: f.fixes.map((x) => ({ id: x.id, title: x.title })),
    })),
  };
}

export function toJson(run: AnalysisRun): JsonOutput {
  const files = run.reports.map(fileToJson);
  return {
    files,
    summary: {
      files: files.length,
      functions: files.reduce((n, f) => n + f.functions.length, 0),
      findings: files.reduce((n, f) => n + f.findings.length, 0),
      skipped: run.skipped.map((s) => ({ path: s.path, reason: s.reason })),
    },
  };
}
