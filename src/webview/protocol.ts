// The profile panel's message protocol: one discriminated union each way, and the validators
// both ends run on what they receive (postMessage carries whatever the other side sent).
import type { ProfileResult } from '../profile/types';

export const VIEW_TYPE = 'workloadHints.profile';

/** The function the panel is about. */
export interface PanelTarget {
  /** Absolute path, and the path relative to the workspace for display. */
  file: string;
  relativePath: string;
  functionName: string;
  line: number;
  staticLabel: 'cpu' | 'io' | 'mixed' | 'neutral' | null;
  /** The analyzer's recommended form, e.g. `worker-pool`; `leave` or absent hides "apply". */
  recommendation?: string;
}

export interface PanelProgress {
  runId: number;
  message: string;
  /** 0..1 */
  fraction: number;
}

/** Everything the page shows; persisted with setState and by the serializer. */
export interface PanelState {
  target?: PanelTarget;
  args: string;
  /** Where the argument text came from, shown as a hint. */
  argsSource: 'jsdoc' | 'no-params' | 'none' | 'remembered' | 'typed';
  running?: PanelProgress;
  result?: ProfileResult;
  /** A failure of the panel itself (not of the function: that is in `result`). */
  error?: string;
  /** Whether hot-line decorations are shown in editors. */
  decorations: boolean;
}

export type ToWebview =
  | { type: 'state'; state: PanelState }
  | { type: 'progress'; progress: PanelProgress }
  | { type: 'result'; runId: number; result: ProfileResult }
  | { type: 'failed'; runId: number; message: string }
  | { type: 'decorations'; shown: boolean };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'run'; args: string }
  | { type: 'cancel' }
  | { type: 'argsChanged'; args: string }
  | { type: 'reveal'; file: string; line: number }
  | { type: 'clearDecorations' }
  | { type: 'applyFix' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isOpt = (v: unknown, check: (x: unknown) => boolean) => v === undefined || check(v);
const isArrayOf = (v: unknown, check: (x: unknown) => boolean) => Array.isArray(v) && v.every(check);
const isOneOf = <T extends string>(values: readonly T[]) => (v: unknown): v is T => isStr(v) && (values as readonly string[]).includes(v);

const isLabel = isOneOf(['cpu', 'io', 'mixed', 'neutral'] as const);
const isStrategy = isOneOf(['sequential', 'promise-all', 'worker-pool'] as const);
const isPhase = isOneOf(['bundle', 'load', 'warmup', 'run', 'profile', 'what-if'] as const);
const isOutcome = isOneOf(['ok', 'threw', 'timeout', 'never-settled', 'exited', 'crashed', 'cancelled', 'not-found', 'args-error', 'bundle-error'] as const);
const isArgsSource = isOneOf(['jsdoc', 'no-params', 'none', 'remembered', 'typed'] as const);

function isVerdict(v: unknown): boolean {
  return (
    isObj(v) &&
    isOneOf(['cpu', 'io', 'mixed'] as const)(v.label) &&
    isOneOf(['cpuRatio', 'eventLoopUtilization'] as const)(v.decidedBy) &&
    isNum(v.cpuRatio) &&
    isNum(v.eventLoopUtilization) &&
    isNum(v.busyRatio) &&
    isStr(v.explanation)
  );
}

function isComparison(v: unknown): boolean {
  return (
    isObj(v) &&
    (v.staticLabel === null || isLabel(v.staticLabel)) &&
    isOneOf(['confirmed', 'contradicted', 'partly', 'unknown'] as const)(v.agreement) &&
    isStr(v.reason)
  );
}

const isRun = (v: unknown) => isObj(v) && isNum(v.wallMs) && isNum(v.cpuMs) && isNum(v.eventLoopUtilization) && isInt(v.calls);
const isHotLine = (v: unknown) =>
  isObj(v) && isStr(v.file) && isInt(v.line) && isNum(v.share) && isNum(v.selfMs) && isOpt(v.text, isStr) && typeof v.inFunction === 'boolean' && isOpt(v.via, isStr);
const isWhatIf = (v: unknown) =>
  isObj(v) && isStrategy(v.strategy) && isNum(v.wallMs) && isNum(v.speedup) && isNum(v.peakRssMb) && isInt(v.invocations) && isOpt(v.workers, isInt) && isOpt(v.setupMs, isNum);
const isSkipped = (v: unknown) => isObj(v) && isStrategy(v.strategy) && isStr(v.reason);
const isLocation = (v: unknown) => isObj(v) && isStr(v.file) && isInt(v.line) && isOpt(v.column, isInt);
const isError = (v: unknown) => isObj(v) && isStr(v.name) && isStr(v.message) && isStr(v.stack) && isOpt(v.location, isLocation);
const isOutput = (v: unknown) => isObj(v) && isStr(v.stdout) && isStr(v.stderr) && typeof v.truncated === 'boolean';
const isTiming = (v: unknown) => isObj(v) && ['totalMs', 'bundleMs', 'loadMs', 'functionMs', 'overheadMs'].every((k) => isNum(v[k]));

/** Checks the parts of a ProfileResult the page reads. */
export function isProfileResult(v: unknown): v is ProfileResult {
  return (
    isObj(v) &&
    isStr(v.function) &&
    isStr(v.file) &&
    isOutcome(v.outcome) &&
    isStr(v.args) &&
    isOpt(v.line, isInt) &&
    isOpt(v.message, isStr) &&
    isOpt(v.phase, isPhase) &&
    isOpt(v.verdict, isVerdict) &&
    isOpt(v.comparison, isComparison) &&
    isArrayOf(v.runs, isRun) &&
    isOpt(v.wallMs, isNum) &&
    isOpt(v.cpuMs, isNum) &&
    isOpt(v.maxBlockMs, isNum) &&
    isOpt(v.peakRssMb, isNum) &&
    isOpt(v.peakHeapMb, isNum) &&
    isOpt(v.gcShare, isNum) &&
    isArrayOf(v.hotLines, isHotLine) &&
    isInt(v.concurrency) &&
    isArrayOf(v.whatIf, isWhatIf) &&
    isArrayOf(v.whatIfSkipped, isSkipped) &&
    isOpt(v.returnValue, isStr) &&
    isOpt(v.error, isError) &&
    isArrayOf(v.openHandles, isStr) &&
    isOutput(v.output) &&
    isTiming(v.timing)
  );
}

function isTarget(v: unknown): v is PanelTarget {
  return (
    isObj(v) &&
    isStr(v.file) &&
    isStr(v.relativePath) &&
    isStr(v.functionName) &&
    isInt(v.line) &&
    (v.staticLabel === null || isLabel(v.staticLabel)) &&
    isOpt(v.recommendation, isStr)
  );
}

function isProgress(v: unknown): v is PanelProgress {
  return isObj(v) && isInt(v.runId) && isStr(v.message) && isNum(v.fraction) && v.fraction >= 0 && v.fraction <= 1;
}

export function isPanelState(v: unknown): v is PanelState {
  return (
    isObj(v) &&
    isOpt(v.target, isTarget) &&
    isStr(v.args) &&
    isArgsSource(v.argsSource) &&
    isOpt(v.running, isProgress) &&
    isOpt(v.result, isProfileResult) &&
    isOpt(v.error, isStr) &&
    typeof v.decorations === 'boolean'
  );
}

/** Validates a message from the extension (run by the page). */
export function isToWebview(v: unknown): v is ToWebview {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'state':
      return isPanelState(v.state);
    case 'progress':
      return isProgress(v.progress);
    case 'result':
      return isInt(v.runId) && isProfileResult(v.result);
    case 'failed':
      return isInt(v.runId) && isStr(v.message);
    case 'decorations':
      return typeof v.shown === 'boolean';
    default:
      return false;
  }
}

/** Longest argument text accepted from the page. */
export const MAX_ARGS_LENGTH = 100_000;

/** Validates a message from the page (run by the extension). */
export function isFromWebview(v: unknown): v is FromWebview {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'cancel':
    case 'clearDecorations':
    case 'applyFix':
      return true;
    case 'run':
    case 'argsChanged':
      return isStr(v.args) && v.args.length <= MAX_ARGS_LENGTH;
    case 'reveal':
      return isStr(v.file) && v.file.length > 0 && isInt(v.line) && v.line >= 1;
    default:
      return false;
  }
}

/** The empty state of a new panel. */
export function emptyState(): PanelState {
  return { args: '', argsSource: 'none', decorations: false };
}
