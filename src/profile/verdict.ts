// The measured label and its comparison with the static one. The article's rule on CPU/wall,
// with event-loop utilization beside it to take out time the OS gave to other processes
// (DESIGN.md, "under foreign load").
import type { Label } from '../analysis/types';
import type { HotLine, StaticComparison, Verdict } from './types';

/** CPU/wall at or above this is CPU-bound (the article's 0.8). */
export const CPU_BOUND_AT = 0.8;
/** CPU/wall at or below this is I/O-bound. */
export const IO_BOUND_AT = 0.2;
/** Calls shorter than this are too short for a label to matter. */
export const NEGLIGIBLE_MS = 1;

export type MeasuredLabel = Verdict['label'];

export function classify(ratio: number): MeasuredLabel {
  if (ratio >= CPU_BOUND_AT) return 'cpu';
  if (ratio <= IO_BOUND_AT) return 'io';
  return 'mixed';
}

const fixed = (n: number) => n.toFixed(2);
export const percent = (n: number) => `${Math.round(Math.min(1, Math.max(0, n)) * 100)}%`;

/**
 * The share of the function's time it needed the CPU, with time the OS gave to other
 * processes taken out: CPU time / (CPU time + time the event loop sat idle waiting).
 *
 * Event-loop utilization (ELU) counts a callback as active while it runs, including while
 * the OS has descheduled it; CPU/wall does not, so on a loaded machine a busy loop drops to
 * 0.5–0.7. When the loop was active longer than the process used the CPU (ELU > CPU/wall),
 * the difference is descheduled time and is removed from the denominator. Otherwise the CPU
 * time includes helper threads (libuv pool, workers, GC) and the article's CPU/wall stands.
 */
export function busyRatio(cpuRatio: number, eventLoopUtilization: number): number {
  if (cpuRatio >= eventLoopUtilization) return cpuRatio;
  const waiting = Math.max(0, 1 - eventLoopUtilization);
  return cpuRatio + waiting > 0 ? cpuRatio / (cpuRatio + waiting) : 1;
}

/**
 * Decides the label from CPU/wall and ELU over the measured runs: the article's thresholds
 * applied to `busyRatio`. ELU "decided" when taking out the descheduled time changed the
 * label that CPU/wall alone gives.
 */
export function decideVerdict(cpuRatio: number, eventLoopUtilization: number): Verdict {
  const busy = busyRatio(cpuRatio, eventLoopUtilization);
  const byCpu = classify(cpuRatio);
  const label = classify(busy);
  const eluDecided = label !== byCpu;
  let explanation: string;
  if (eluDecided) {
    explanation =
      `event-loop utilization decided: the loop was busy ${percent(eventLoopUtilization)} of the time but the process got the CPU ` +
      `for only ${percent(cpuRatio)} of it (other processes were running); without that time the function was on-CPU ` +
      `${percent(busy)} of the time (CPU/wall alone would say ${byCpu})`;
  } else if (cpuRatio > 1) {
    explanation = `CPU/wall ${fixed(cpuRatio)} decided (${describeBand(cpuRatio)}); above 1 because threads besides the event loop (libuv pool, workers, GC) used the CPU too`;
  } else if (cpuRatio >= eventLoopUtilization + 0.2) {
    explanation =
      `CPU/wall ${fixed(cpuRatio)} decided (${describeBand(cpuRatio)}); event-loop utilization was only ${fixed(eventLoopUtilization)}, ` +
      `so part of the CPU time was spent off the main thread (libuv pool, GC or worker threads)`;
  } else {
    explanation = `CPU/wall ${fixed(cpuRatio)} decided (${describeBand(cpuRatio)}); event-loop utilization ${fixed(eventLoopUtilization)} agrees`;
  }
  return { label, decidedBy: eluDecided ? 'eventLoopUtilization' : 'cpuRatio', cpuRatio, eventLoopUtilization, busyRatio: Math.round(busy * 100) / 100, explanation };
}

function describeBand(ratio: number): string {
  if (ratio >= CPU_BOUND_AT) return `≥ ${CPU_BOUND_AT}: CPU-bound`;
  if (ratio <= IO_BOUND_AT) return `≤ ${IO_BOUND_AT}: I/O-bound`;
  return `between ${IO_BOUND_AT} and ${CPU_BOUND_AT}: mixed`;
}

const LABEL_WORDS: Record<Label, string> = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'mixed', neutral: 'neutral' };

export interface ComparisonInput {
  verdict: Verdict;
  staticLabel: Label | null;
  /** Mean wall time of one call. */
  wallMs: number;
  /** The hottest line, if any, and the file of the function (to write `L42` for its own lines). */
  hottest?: HotLine;
  functionFile: string;
}

/**
 * Compares the measured label with the static one. `confirmed` when they match (or a
 * `neutral` function is too quick to matter), `partly` when one side is `mixed`, otherwise
 * `contradicted`; `unknown` without a static label.
 */
export function compareWithStatic(input: ComparisonInput): StaticComparison {
  const { verdict, staticLabel, wallMs, hottest } = input;
  if (staticLabel === null) {
    return { staticLabel, agreement: 'unknown', reason: 'no static label to compare with' };
  }
  const busy = Math.min(1, verdict.busyRatio);
  const at = hottest && (hottest.file === input.functionFile ? `L${hottest.line}` : `${hottest.file}:${hottest.line}`);
  const where = hottest
    ? hottest.via
      ? `, most of it in ${hottest.via} called from ${at} (${percent(hottest.share)} of samples)`
      : `, most of it at ${at} (${percent(hottest.share)} of samples)`
    : '';
  const onCpu = `the event loop was busy computing ${percent(busy)} of the time it ran (time the OS gave to other processes left out)${where}`;
  const waiting = `the event loop sat idle, waiting, ${percent(1 - busy)} of the time it ran`;
  const labelled = `labelled ${LABEL_WORDS[staticLabel]}`;
  const measured = verdict.label;

  if (staticLabel === 'neutral') {
    if (wallMs < NEGLIGIBLE_MS) {
      return { staticLabel, agreement: 'confirmed', reason: `${labelled}, and a call takes ${wallMs.toFixed(3)} ms: too quick to matter` };
    }
    const detail = measured === 'io' ? waiting : onCpu;
    return { staticLabel, agreement: 'contradicted', reason: `${labelled}, but a call takes ${wallMs.toFixed(1)} ms and ${detail}` };
  }
  if (staticLabel === measured) {
    const detail = measured === 'cpu' ? onCpu : measured === 'io' ? waiting : `the time split ${percent(busy)} on-CPU, ${percent(1 - busy)} waiting`;
    return { staticLabel, agreement: 'confirmed', reason: `${labelled}, and ${detail}` };
  }
  const agreement = staticLabel === 'mixed' || measured === 'mixed' ? 'partly' : 'contradicted';
  const detail = measured === 'io' || (measured === 'mixed' && staticLabel === 'cpu') ? `${waiting} (on-CPU only ${percent(busy)})` : onCpu;
  return { staticLabel, agreement, reason: `${labelled}, but ${detail}` };
}
