// `analyze --format text`: linter-style lines (`path:line:col  severity  message  rule`), the
// labelled functions of each file, then a summary.
import type { Label, Severity } from '../analysis';
import type { AnalysisRun } from './analysis-run';

export interface TextStyle {
  color: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', magenta: '\x1b[35m', cyan: '\x1b[36m', green: '\x1b[32m' };

const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue, hint: ANSI.dim };
const LABEL_COLOR: Record<Label, string> = { cpu: ANSI.magenta, io: ANSI.cyan, mixed: ANSI.yellow, neutral: ANSI.dim };
const LABEL_TEXT: Record<Label, string> = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'mixed', neutral: 'neutral' };

function paint(style: TextStyle, color: string, text: string): string {
  return style.color ? `${color}${text}${ANSI.reset}` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(run: AnalysisRun, style: TextStyle): string {
  const out: string[] = [];
  const labelCounts: Record<Label, number> = { cpu: 0, io: 0, mixed: 0, neutral: 0 };
  const severityCounts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let functions = 0;
  let fixable = 0;

  for (const report of run.reports) {
    const labelled = report.functions.filter((f) => f.label !== 'neutral');
    for (const f of report.functions) labelCounts[f.label]++;
    functions += report.functions.length;
    if (labelled.length === 0 && report.findings.length === 0) continue;
    out.push(paint(style, ANSI.bold, report.path));
    const width = Math.max(...labelled.map((f) => f.name.length), 0);
    for (const f of labelled) {
      const reason = f.reasons[0] ? `${f.reasons[0].message} (L${f.reasons[0].line})` : '';
      const advice = f.recommendation.path[f.recommendation.path.length - 1];
      out.push(`  ${f.name.padEnd(width)}  ${paint(style, LABEL_COLOR[f.label], LABEL_TEXT[f.label].padEnd(9))}  ${f.confidence.toFixed(2)}  L${f.line}  ${reason}${advice ? paint(style, ANSI.dim, `  → ${advice}`) : ''}`);
    }
    for (const finding of report.findings) {
      severityCounts[finding.severity]++;
      const where = `${report.path}:${finding.span.line}:${finding.span.column}`;
      if (finding.fixes.length > 0) fixable++;
      out.push(`${where}  ${paint(style, SEVERITY_COLOR[finding.severity], finding.severity)}  ${finding.message}  ${paint(style, ANSI.dim, finding.rule)}`);
    }
    if (report.syntaxErrors.length > 0) {
      const first = report.syntaxErrors[0];
      out.push(paint(style, ANSI.dim, `  note: ${plural(report.syntaxErrors.length, 'syntax error')} (first at ${first.line}:${first.column}: ${first.message}); the rest was analysed`));
    }
    out.push('');
  }

  for (const s of run.skipped) out.push(paint(style, ANSI.dim, `skipped ${s.path}: ${s.reason}`));
  if (fixable > 0) out.push(paint(style, ANSI.dim, `${plural(fixable, 'finding')} can be rewritten: workload-hints fix <file> --all --stdout`));
  const findings = Object.values(severityCounts).reduce((a, b) => a + b, 0);
  const bySeverity = (Object.keys(severityCounts) as Severity[]).filter((k) => severityCounts[k] > 0).map((k) => `${severityCounts[k]} ${k}`).join(', ');
  const byLabel = (Object.keys(labelCounts) as Label[]).filter((k) => labelCounts[k] > 0).map((k) => `${labelCounts[k]} ${k}`).join(', ');
  out.push(paint(style, ANSI.bold,
    `${plural(run.reports.length, 'file')}, ${plural(functions, 'function')}${byLabel ? ` (${byLabel})` : ''}, ` +
    `${plural(findings, 'finding')}${bySeverity ? ` (${bySeverity})` : ''}${run.skipped.length > 0 ? `, ${run.skipped.length} skipped` : ''}`));
  return out.join('\n') + '\n';
}
