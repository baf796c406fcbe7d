// The analyzer's view of the profiled function: its static label and recommendation, to set
// beside the measurement.
import { analyzeText, type FunctionReport } from '../analysis';

/**
 * The analyzer's report for `name` in `text`, or undefined when the file is skipped or the
 * function is not among the reports. With several of that name, `line` picks the one whose
 * span contains it.
 */
export function staticReportOf(file: string, text: string, name: string, line?: number): FunctionReport | undefined {
  const result = analyzeText(file, text);
  if (result.kind !== 'analyzed') return undefined;
  const matches = result.report.functions.filter((f) => f.name === name);
  return (line !== undefined && matches.find((f) => f.line <= line && line <= f.endLine)) || matches[0];
}
