// How labels, reasons and recommended forms read in lenses, hovers and the status bar.
import type { FunctionReport, Label, Recommendation, Reason } from '../analysis/types';

export const LABEL_TEXT: Record<Label, string> = {
  cpu: 'CPU-bound',
  io: 'I/O-bound',
  mixed: 'CPU + I/O',
  neutral: 'neutral',
};

/** Short names for the status bar counts. */
export const LABEL_SHORT: Record<Label, string> = {
  cpu: 'CPU',
  io: 'I/O',
  mixed: 'mixed',
  neutral: 'neutral',
};

/** Codicon ids. */
export const LABEL_ICON: Record<Label, string> = {
  cpu: 'flame',
  io: 'watch',
  mixed: 'layers',
  neutral: 'circle-outline',
};

export const FORM_TEXT: Record<Recommendation['form'], string> = {
  leave: 'leave it as it is',
  'promise-all': 'Promise.all',
  'bounded-concurrency': 'bounded concurrency (p-map)',
  'async-api': 'the async API',
  'worker-pool': 'a worker-thread pool (piscina)',
  split: 'Promise.all for the I/O part, a worker pool for the CPU part',
};

/** The reason a lens shows: the first one, with its line when it is not the function's own. */
export function mainReason(fn: FunctionReport): string | undefined {
  const reason: Reason | undefined = fn.reasons[0];
  if (!reason) return undefined;
  return reason.line !== fn.line ? `${reason.message} (L${reason.line})` : reason.message;
}

/**
 * The lens text, e.g. "CPU-bound · nested loop over items (L12)". Lenses show plain text, so
 * the Markdown code marks of the reason are dropped.
 */
export function lensTitle(fn: FunctionReport): string {
  const reason = mainReason(fn)?.replace(/`/g, '');
  return `$(${LABEL_ICON[fn.label]}) ${LABEL_TEXT[fn.label]}${reason ? ` · ${reason}` : ''}`;
}
