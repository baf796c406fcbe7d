// What the panel shows before a run: which function the cursor is in, its argument prefill,
// and the analyzer's label and recommendation for it.
import { suggestArgs } from './args';
import type { FunctionInfo } from './host-protocol';
import { listProfilableFunctions, locateFunction } from './locate';
import { staticReportOf } from './static-label';

/** The function named `name`, or else the innermost profilable one whose span holds `line`. */
export function describeFunction(file: string, text: string, name?: string, line?: number): { info?: FunctionInfo; reason?: string } {
  let target = name;
  if (!target) {
    const spanning = listProfilableFunctions(file, text).filter((f) => line !== undefined && f.line <= line && line <= f.endLine);
    const innermost = spanning.sort((a, b) => b.line - a.line)[0];
    if (!innermost) return { reason: 'the cursor is not inside a function that can be profiled (top-level functions, class methods, object-literal methods)' };
    target = innermost.name;
  }
  const located = locateFunction(file, text, target, line);
  if (located.kind === 'not-found') return { reason: located.reason };
  const fn = located.fn;
  let report;
  try {
    report = staticReportOf(file, text, fn.name, fn.line);
  } catch {
    report = undefined;
  }
  return {
    info: {
      name: fn.name,
      line: fn.line,
      endLine: fn.endLine,
      args: suggestArgs(fn),
      staticLabel: report?.label ?? null,
      recommendation: report?.recommendation.form,
    },
  };
}
