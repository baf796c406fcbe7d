// Public shapes of the profiler: what to run, and what a run found. `workload-hints profile
// --format json` and the profile panel are both built from `ProfileResult`.
import type { Label } from '../analysis/types';

export type { Label };

/** What to profile and how. Paths are absolute; times in milliseconds. */
export interface ProfileRequest {
  /** The module that declares the function. */
  file: string;
  /** The function as DESIGN.md names it: `name`, `Class.method`, an object-literal key, or `default`. */
  functionName: string;
  /** 1-based line of the function, to choose between functions of the same name. */
  line?: number;
  /**
   * A JSON array, or a JavaScript expression evaluating to the argument array. Default: the
   * function's `@workloadArgs` tag, else `[]`.
   */
  args?: string;
  /** Unsaved contents of `file` (an editor buffer); read from disk when absent. */
  sourceText?: string;
  /** Measured runs after the warm-up. Default 5. */
  runs?: number;
  /** Warm-up invocations, not measured. Default 1. */
  warmup?: number;
  /** The longest one invocation may take before the whole process tree is killed. Default 10 000. */
  timeoutMs?: number;
  /** K of the what-if comparison (K concurrent invocations); 0 skips it. Default 4. */
  concurrency?: number;
  /** Node binary for the child process. Default: this process when it is plain Node, else `node`. */
  nodePath?: string;
  /** Working directory of the child (the workspace root). Default: the file's folder. */
  cwd?: string;
  /** V8 sampling interval in microseconds. Default 250. */
  samplingIntervalUs?: number;
  /**
   * Static label of the function, if the caller already has it; `undefined` asks the analyzer,
   * `null` means "no static label" (the comparison is then skipped).
   */
  staticLabel?: Label | null;
}

export interface ProfileHooks {
  /** Cancels the profile: the process tree is killed and the outcome is `cancelled`. */
  signal?: AbortSignal;
  onProgress?: (progress: ProfileProgress) => void;
}

export type ProfilePhase = 'bundle' | 'load' | 'warmup' | 'run' | 'profile' | 'what-if';

export interface ProfileProgress {
  phase: ProfilePhase;
  /** 1-based step within the phase, and the number of steps. */
  index: number;
  total: number;
  /** What-if strategy while `phase` is `what-if`. */
  strategy?: WhatIfStrategy;
  message: string;
}

/**
 * How the profile ended. Only `ok` carries measurements; the others explain what happened
 * to the function (`threw`, `timeout`, `never-settled`, `exited`, `crashed`) or why it
 * could not start (`not-found`, `args-error`, `bundle-error`), or that the user stopped it.
 */
export type ProfileOutcome =
  | 'ok'
  | 'threw'
  | 'timeout'
  | 'never-settled'
  | 'exited'
  | 'crashed'
  | 'cancelled'
  | 'not-found'
  | 'args-error'
  | 'bundle-error';

/** Which measure decided the verdict (see DESIGN.md on event-loop utilization under load). */
export type DecidingMeasure = 'cpuRatio' | 'eventLoopUtilization';

export interface Verdict {
  label: Exclude<Label, 'neutral'>;
  decidedBy: DecidingMeasure;
  /** CPU time / wall time over the measured runs (can exceed 1 with busy helper threads). */
  cpuRatio: number;
  /** Event-loop utilization over the measured runs, 0..1. */
  eventLoopUtilization: number;
  /**
   * What the label is read from: CPU time / (CPU time + time the event loop waited), which
   * is CPU/wall with descheduled time taken out (see `busyRatio` in verdict.ts).
   */
  busyRatio: number;
  /** One sentence: the figures and why that measure decided. */
  explanation: string;
}

export type Agreement = 'confirmed' | 'contradicted' | 'partly' | 'unknown';

export interface StaticComparison {
  staticLabel: Label | null;
  agreement: Agreement;
  /** E.g. "labelled I/O-bound, but the event loop was busy computing 91% of the time it ran …, most of it at L42 (63% of samples)". */
  reason: string;
}

/** One measured run; times are per call. */
export interface RunSample {
  wallMs: number;
  cpuMs: number;
  eventLoopUtilization: number;
  /** Calls in the run: a quick function is repeated until the run lasts a few milliseconds. */
  calls: number;
}

/** A source line where V8 sampled the CPU, mapped back through the source map. */
export interface HotLine {
  /** Absolute path of the original source file (the user's, never node_modules). */
  file: string;
  /** 1-based line in that file. */
  line: number;
  /** Share of the on-CPU samples of the profiled runs (0..1) credited to this line. */
  share: number;
  /** Milliseconds of samples credited to this line, summed over the profiled runs. */
  selfMs: number;
  /** The line's text, trimmed, when the file could be read. */
  text?: string;
  /** True for a line inside the profiled function's own span. */
  inFunction: boolean;
  /**
   * Set when the samples were taken in code this function called — a dependency, Node's own
   * JavaScript or native code — e.g. `createHash (node:crypto)`. The line is then where the
   * calling function starts (V8 profiles do not record call sites).
   */
  via?: string;
}

export type WhatIfStrategy = 'sequential' | 'promise-all' | 'worker-pool';

export interface WhatIfResult {
  strategy: WhatIfStrategy;
  /** Wall time of all K invocations together. */
  wallMs: number;
  /** Sequential wall time divided by this strategy's. */
  speedup: number;
  /** Peak resident set size sampled while the strategy ran, in MB. */
  peakRssMb: number;
  /** Invocations run (K). */
  invocations: number;
  /** Worker count, for `worker-pool`. */
  workers?: number;
  /** Starting the pool and loading the module into each worker (not part of `wallMs`). */
  setupMs?: number;
}

export interface SkippedWhatIf {
  strategy: WhatIfStrategy;
  reason: string;
}

export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

export interface ProfileError {
  name: string;
  message: string;
  /** Stack with frames mapped to the original sources; the profiler's own frames removed. */
  stack: string;
  /** Top frame in the user's code, for "reveal in editor". */
  location?: SourceLocation;
}

export interface CapturedOutput {
  stdout: string;
  stderr: string;
  /** True when an output exceeded the capture limit and its middle was dropped. */
  truncated: boolean;
}

export interface ProfileTiming {
  /** From the request to the result, everything included. */
  totalMs: number;
  bundleMs: number;
  /** Importing the bundled module in the child. */
  loadMs: number;
  /** The warm-up calls: the function's code, but spent only to prepare the measurement. */
  warmupMs: number;
  /** Time spent inside the function in the calls that are measured: measured runs, profiled runs and what-if. */
  functionMs: number;
  /**
   * `totalMs - functionMs`: what profiling costs beyond the function's own measured calls —
   * locating, bundling, the child's start-up, loading, warm-up, IPC, killing the tree and
   * removing the temp folder.
   */
  overheadMs: number;
}

export interface ProfileResult {
  function: string;
  file: string;
  /** 1-based span of the function in `file`, when it was located. */
  line?: number;
  endLine?: number;
  outcome: ProfileOutcome;
  /** Human summary of a non-`ok` outcome ("threw TypeError: …", "never settled: …"). */
  message?: string;
  /** Phase the outcome happened in, for non-`ok` outcomes. */
  phase?: ProfilePhase;
  args: string;
  verdict?: Verdict;
  comparison?: StaticComparison;
  runs: RunSample[];
  /** Means over the measured runs. */
  wallMs?: number;
  cpuMs?: number;
  /** Longest event-loop block during the measured runs. */
  maxBlockMs?: number;
  peakRssMb?: number;
  /** Peak V8 heap used, sampled at run boundaries and every few milliseconds. */
  peakHeapMb?: number;
  hotLines: HotLine[];
  /** Share of the on-CPU samples spent collecting garbage. */
  gcShare?: number;
  /** The K of the what-if comparison. */
  concurrency: number;
  whatIf: WhatIfResult[];
  whatIfSkipped: SkippedWhatIf[];
  /** `util.inspect` of the last return value, shortened. */
  returnValue?: string;
  error?: ProfileError;
  /** Handles the function left open ("Timeout ×2"), compared with before the first call. */
  openHandles: string[];
  output: CapturedOutput;
  timing: ProfileTiming;
  /** The child process: its pid, how it ended, and whether the profiler had to kill it. */
  process?: { pid: number; exitCode: number | null; signal: string | null; killed: boolean };
}
