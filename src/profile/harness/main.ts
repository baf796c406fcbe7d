// Entry of the child process (bundled to dist/profile-harness.js): loads the user's function,
// warms it up, measures N runs, profiles a few more under the V8 sampler, runs the what-if
// comparison and reports over IPC. In a worker thread the same file serves the what-if pool.
import * as fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { isMainThread, workerData } from 'node:worker_threads';
import type { ProfilePhase, WhatIfStrategy } from '../types';
import { createMemorySampler, DELAY_RESOLUTION_MS, measureRuns, profileRuns, sleep, type Caller } from './measure';
import { runPoolWorker } from './pool-worker';
import type { ChildFailure, ChildMessage, ChildReport, ExitReport, FailureKind, HarnessConfig, ParentMessage, PoolWorkerData } from './protocol';
import { cloneProblem, createArgsFactory, isThenable, loadTarget, TargetError, type Invoke } from './target';
import { runWhatIf, startPool } from './what-if';

const HARNESS_FILE = __filename;
/** At most this many profiled runs (after the measured ones). */
const MAX_PROFILED_RUNS = 3;

class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly original?: unknown,
  ) {
    super(message);
  }
}

/** Drops the harness's own frames and Node internals from a stack. */
function cleanStack(stack: string | undefined): string | undefined {
  return stack
    ?.split('\n')
    .filter((line) => !line.includes(HARNESS_FILE) && !/\(node:internal|at node:internal/.test(line))
    .join('\n');
}

/** Resources open now that were not open at `before`, as "Timeout ×2". */
function describeHandles(before: string[], after: string[]): string[] {
  const counts = new Map<string, number>();
  for (const name of after) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const name of before) counts.set(name, (counts.get(name) ?? 0) - 1);
  return [...counts].filter(([, n]) => n > 0).map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
}

/**
 * Handles the function left open. Sockets and servers it closed take a few ms to go, so a
 * non-empty answer is re-checked for up to 50 ms.
 */
async function settledHandles(baseline: string[]): Promise<string[]> {
  let open: string[] = [];
  for (let waited = 0; waited <= 50; waited += 10) {
    await new Promise((resolve) => setImmediate(resolve));
    open = describeHandles(baseline, process.getActiveResourcesInfo());
    if (open.length === 0) break;
    await sleep(10);
  }
  return open;
}

function messageOf(err: unknown): string {
  if (err instanceof Failure || err instanceof TargetError) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `a non-Error value was thrown: ${inspect(err, { depth: 1 })}`;
}

function preview(value: unknown): string {
  const text = inspect(value, { depth: 2, maxArrayLength: 20, maxStringLength: 200, breakLength: 100 });
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

async function runMain(config: HarnessConfig): Promise<void> {
  let phase: ProfilePhase = 'load';
  let finishing = false;
  /** Time inside the function in measured calls; warm-up calls are not counted. */
  let functionMs = 0;
  let warmingUp = false;
  let baselineHandles: string[] = [];
  /** Rejects the call being awaited when the loop runs dry: it can never settle. */
  let stall: ((err: Failure) => void) | undefined;

  // process.exit from the function: remember where, and report it synchronously on exit.
  const realExit = process.exit.bind(process);
  let exitStack: string | undefined;
  process.exit = ((code?: number | string | null) => {
    if (!finishing) exitStack = cleanStack(new Error('process.exit').stack);
    return realExit(code as number | undefined);
  }) as typeof process.exit;
  process.on('exit', (code) => {
    if (finishing) return;
    const report: ExitReport = { code, phase, stack: exitStack };
    fs.writeFileSync(config.exitReportPath, JSON.stringify(report));
  });
  // Without this the IPC channel would keep the loop alive, and a promise that can never
  // settle would look like a timeout instead of being reported as such.
  process.channel?.unref();

  const send = (message: ChildMessage): Promise<void> =>
    new Promise((resolve) => {
      if (!process.send) return resolve();
      process.send(message, undefined, {}, () => resolve());
    });
  const finish = async (message: ChildMessage) => {
    finishing = true;
    await send(message);
    realExit(0);
  };
  const fail = (kind: FailureKind, message: string, err?: unknown) => {
    const e = err instanceof Error ? err : undefined;
    const pending = kind === 'timeout' || kind === 'never-settled';
    const failure: ChildFailure = {
      kind,
      phase,
      message,
      name: e?.name,
      stack: cleanStack(e?.stack),
      openHandles: pending ? describeHandles(baselineHandles, process.getActiveResourcesInfo()) : undefined,
      functionMs,
    };
    return finish({ type: 'failed', failure });
  };
  const progress = (index: number, total: number, budgetMs: number, strategy?: WhatIfStrategy) =>
    void send({ type: 'progress', phase, index, total, budgetMs, strategy });

  process.on('uncaughtException', (err) => {
    void fail('threw', `uncaught exception outside the awaited call: ${err?.message ?? err}`, err);
  });
  process.on('beforeExit', () => {
    if (finishing) return;
    if (stall) {
      stall(new Failure('never-settled', 'the returned promise never settled: nothing was left running that could settle it'));
      stall = undefined;
    } else {
      void fail('never-settled', 'the event loop ran dry while the profile was waiting');
    }
  });

  function awaitWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_, reject) => {
      stall = reject;
      // Unreferenced: a pending timer must not hide a promise that can never settle.
      timer = setTimeout(() => reject(new Failure('timeout', `${what} did not settle within ${ms} ms`)), ms).unref();
    });
    return Promise.race([promise, guard]).finally(() => {
      clearTimeout(timer);
      stall = undefined;
    });
  }

  // The event loop must be running for eventLoopUtilization() to count anything.
  await new Promise((resolve) => setImmediate(resolve));
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();

  let invoke: Invoke;
  let makeArgs: () => unknown[];
  const loadStart = performance.now();
  try {
    progress(1, 1, config.timeoutMs);
    invoke = await awaitWithin(loadTarget(config.bundlePath, config.userFile, config.access), config.timeoutMs, 'loading the module');
  } catch (err) {
    const kind = err instanceof TargetError ? 'not-a-function' : err instanceof Failure ? err.kind : 'threw';
    return fail(kind, err instanceof Failure || err instanceof TargetError ? messageOf(err) : `the module threw while loading: ${messageOf(err)}`, err);
  }
  const loadMs = performance.now() - loadStart;
  try {
    makeArgs = createArgsFactory(config.args);
    makeArgs();
  } catch (err) {
    return fail('args-error', `the arguments could not be built: ${(err as Error)?.message ?? err}`, err);
  }

  let lastValue: unknown;
  const caller: Caller = {
    makeArgs,
    async call(args, budgetMs) {
      const start = performance.now();
      try {
        const value = invoke(args);
        lastValue = isThenable(value) ? await awaitWithin(Promise.resolve(value), budgetMs, 'the call') : value;
      } finally {
        if (!warmingUp) functionMs += performance.now() - start;
      }
      return performance.now() - start;
    },
  };
  const callAll = async (count: number, budgetMs: number): Promise<void> => {
    const argsList = Array.from({ length: count }, () => makeArgs());
    const start = performance.now();
    try {
      await awaitWithin(Promise.all(argsList.map(async (args) => invoke(args))), budgetMs, `${count} concurrent calls`);
    } finally {
      functionMs += performance.now() - start;
    }
  };
  const memory = createMemorySampler();

  try {
    // Touch stdio first: their handles are created lazily and are not the function's.
    void process.stdout;
    void process.stderr;
    baselineHandles = process.getActiveResourcesInfo();

    phase = 'warmup';
    const warmupMs: number[] = [];
    warmingUp = true;
    for (let i = 0; i < config.warmup; i++) {
      progress(i + 1, config.warmup, config.timeoutMs);
      warmupMs.push(await caller.call(makeArgs(), config.timeoutMs));
    }
    warmingUp = false;

    phase = 'run';
    const measured = await measureRuns(caller, config.runs, config.timeoutMs, delay, memory, (i, n) => progress(i, n, config.timeoutMs));
    delay.disable();

    // Before the pool starts: its workers' message ports are not the function's handles.
    const openHandles = await settledHandles(baselineHandles);

    // The pool starts now, behind the profiled runs (whose samples only need shares, not
    // timings), so its start-up does not lengthen the profile.
    const cloneIssue = config.concurrency > 0 ? cloneProblem(makeArgs()) : undefined;
    const pool =
      config.concurrency > 0 && !cloneIssue
        ? startPool(HARNESS_FILE, { bundlePath: config.bundlePath, userFile: config.userFile, access: config.access }, config.concurrency)
        : { skipped: cloneIssue ?? 'concurrency 0' };

    phase = 'profile';
    const profileCount = Math.min(config.runs, MAX_PROFILED_RUNS);
    const profile = await profileRuns(caller, profileCount, config.timeoutMs, config.samplingIntervalUs, config.bundlePath, (i, n) =>
      progress(i, n, config.timeoutMs),
    );

    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    phase = 'what-if';
    const whatIf =
      config.concurrency > 0
        ? await runWhatIf({
            concurrency: config.concurrency,
            timeoutMs: config.timeoutMs,
            callOnce: async (budgetMs) => void (await caller.call(makeArgs(), budgetMs)),
            callAll,
            makeArgs,
            progress: (index, strategy, budgetMs) => progress(index, 3, budgetMs, strategy),
            withMemoryWindow: memory.window,
            addFunctionMs: (ms) => (functionMs += ms),
            pool,
          })
        : { results: [], skipped: [] };

    const report: ChildReport = {
      loadMs,
      warmupMs,
      ...measured,
      peakRssMb,
      peakHeapMb: memory.peakHeapMb(),
      profile,
      whatIf: whatIf.results,
      whatIfSkipped: whatIf.skipped,
      functionMs,
      openHandles,
      returnValue: preview(lastValue),
    };
    await finish({ type: 'done', report });
  } catch (err) {
    if (err instanceof Failure) return fail(err.kind, err.message, err.original);
    return fail('threw', messageOf(err), err);
  }
}

if (isMainThread) {
  // Node has booted while the parent bundled the module; the config arrives when it is ready.
  const onMessage = (message: ParentMessage) => {
    if (message?.type === 'prepare') {
      // Node's ES module loader starts on the first import. Started on an empty module in
      // the bundle's folder while the parent still bundles, it does not lengthen the load.
      import(message.moduleUrl).catch(() => undefined);
    } else if (message?.type === 'config') {
      process.off('message', onMessage);
      void runMain(message.config);
    }
  };
  process.on('message', onMessage);
} else if ((workerData as PoolWorkerData | undefined)?.role === 'workload-hints-pool-worker') {
  void runPoolWorker(workerData as PoolWorkerData);
}
