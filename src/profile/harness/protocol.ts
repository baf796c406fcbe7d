// The contract between the profiler (parent) and the harness running in the child `node`:
// the config the parent sends once the module is bundled, and the messages sent back.
import type { ArgsSpec } from '../args';
import type { TargetAccess } from '../locate';
import type { ProfilePhase, WhatIfResult, SkippedWhatIf, WhatIfStrategy } from '../types';

export interface HarnessConfig {
  /** The bundled user module (ESM). */
  bundlePath: string;
  /** The user's original file: `require`, `__filename` and `__dirname` point at it. */
  userFile: string;
  access: TargetAccess;
  args: ArgsSpec;
  warmup: number;
  runs: number;
  /** Per invocation; the child reports a pending promise at this deadline. */
  timeoutMs: number;
  /** K of the what-if comparison; 0 skips it. */
  concurrency: number;
  samplingIntervalUs: number;
  /** Where the child writes an `ExitReport` synchronously when the function ends the process. */
  exitReportPath: string;
}

/** Passed to pool workers as `workerData`. */
export interface PoolWorkerData {
  role: 'workload-hints-pool-worker';
  bundlePath: string;
  userFile: string;
  access: TargetAccess;
}

/** A node of the CPU profile, reduced to what the hot-line mapping needs. */
export interface ProfileNode {
  id: number;
  parent?: number;
  /** `bundle`: code of the user's bundle (their files and bundled dependencies); `meta`: (idle), (program), (garbage collector), (root). */
  kind: 'bundle' | 'other' | 'meta';
  functionName: string;
  /** For `other` nodes: the script URL (`node:crypto`, empty for native code). */
  url?: string;
  /** 1-based line of the function's start in the bundle. */
  line: number;
  /** Samples with this node on top of the stack. */
  self: number;
  /** Of those, per 1-based bundle line (bundle nodes only). */
  ticks?: Array<[line: number, samples: number]>;
}

/** The CPU profile of the profiled runs: totals plus the call tree. */
export interface ProfileTree {
  /** Sampling interval actually used, in microseconds. */
  intervalUs: number;
  totalSamples: number;
  idleSamples: number;
  gcSamples: number;
  nodes: ProfileNode[];
}

/** One measured run; times are per call. */
export interface RunMeasurement {
  wallMs: number;
  cpuMs: number;
  eventLoopUtilization: number;
  /** Calls the run made (quick functions are repeated until the run lasts a few ms). */
  calls: number;
}

export interface ChildReport {
  loadMs: number;
  /** Wall time of each warm-up invocation. */
  warmupMs: number[];
  runs: RunMeasurement[];
  /** Totals over the measured runs, for the ratios. */
  totalWallMs: number;
  totalCpuMs: number;
  eventLoopUtilization: number;
  maxBlockMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  profile: ProfileTree;
  whatIf: WhatIfResult[];
  whatIfSkipped: SkippedWhatIf[];
  /** Wall time spent inside the function over the measured invocations (runs, profiled runs, what-if); not the warm-up. */
  functionMs: number;
  openHandles: string[];
  returnValue: string;
}

export type FailureKind = 'threw' | 'never-settled' | 'timeout' | 'args-error' | 'not-a-function';

export interface ChildFailure {
  kind: FailureKind;
  phase: ProfilePhase;
  message: string;
  name?: string;
  /** Stack as printed by the child (mapped through `--enable-source-maps`). */
  stack?: string;
  openHandles?: string[];
  functionMs: number;
}

/** Written synchronously on an unexpected `exit`: the function called `process.exit`. */
export interface ExitReport {
  code: number;
  phase: ProfilePhase;
  /** Where `process.exit` was called, mapped to the source. */
  stack?: string;
}

/** The one message the parent sends: the config, once the module is bundled. */
export type ParentMessage =
  /** Sent right after the spawn: an empty ES module to import while the parent bundles. */
  | { type: 'prepare'; moduleUrl: string }
  | { type: 'config'; config: HarnessConfig };

export type ChildMessage =
  | {
      type: 'progress';
      phase: ProfilePhase;
      index: number;
      total: number;
      strategy?: WhatIfStrategy;
      /** How long this step may take before the parent kills the child. */
      budgetMs: number;
    }
  | { type: 'done'; report: ChildReport }
  | { type: 'failed'; failure: ChildFailure };
