// Runs in the child: K concurrent invocations three ways — one after another, all at once
// with Promise.all, and on a worker-thread pool — timing each and sampling peak memory.
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { WhatIfResult, SkippedWhatIf, WhatIfStrategy } from '../types';
import type { PoolRequest, PoolResponse } from './pool-worker';
import type { PoolWorkerData } from './protocol';

export interface WhatIfHost {
  concurrency: number;
  timeoutMs: number;
  /** Calls the function once with fresh arguments, within `budgetMs`; rejects on throw/stall. */
  callOnce(budgetMs: number): Promise<void>;
  /** Calls the function K times at once and waits for all, within `budgetMs`. */
  callAll(count: number, budgetMs: number): Promise<void>;
  makeArgs(): unknown[];
  progress(index: number, strategy: WhatIfStrategy, budgetMs: number): void;
  /** Runs `body` while sampling memory; returns the peak RSS in MB. */
  withMemoryWindow(body: () => Promise<void>): Promise<number>;
  /** Adds invocation time to the function's own time. */
  addFunctionMs(ms: number): void;
  /** The pool, started earlier (see startPool), or why there is none. */
  pool: Pool | { skipped: string };
}

export interface WhatIfOutcome {
  results: WhatIfResult[];
  skipped: SkippedWhatIf[];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Calls in a row are timed a second time when the first took less than this. */
const REPEAT_BELOW_MS = 1000;

/** A worker pool being started; `ready` rejects if a worker cannot load the function. */
export interface Pool {
  size: number;
  ready: Promise<Worker[]>;
  /** Start-up time, known once ready. */
  setupMs(): number;
  terminate(): Promise<void>;
}

/**
 * Starts min(os.availableParallelism(), K) workers that load the function. Started while the
 * profiled runs go on, so that its start-up is not added to the profile's duration; the
 * measured runs are over by then.
 */
export function startPool(harnessFile: string, workerData: Omit<PoolWorkerData, 'role'>, k: number): Pool {
  const size = Math.max(1, Math.min(os.availableParallelism(), k));
  const start = performance.now();
  let setupMs = 0;
  const data: PoolWorkerData = { role: 'workload-hints-pool-worker', ...workerData };
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(harnessFile, { workerData: data });
    // Failures surface through the task that meets them; an idle worker's error must not
    // become an uncaught exception of the harness.
    worker.on('error', () => undefined);
    return worker;
  });
  const ready = Promise.all(
    workers.map((worker) =>
      nextMessage(worker).then((msg) => {
        if (msg.type === 'load-failed') throw new Error(`a worker could not load the function: ${msg.error}`);
      }),
    ),
  ).then(() => {
    setupMs = performance.now() - start;
    return workers;
  });
  ready.catch(() => undefined);
  return { size, ready, setupMs: () => setupMs, terminate: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

/**
 * The pool first (it is ready by now, and ending it before the others keeps its workers out
 * of their memory figures), then K calls in a row, then K calls at once with Promise.all.
 * Speedups are relative to the calls in a row. When a strategy takes under a second, it is
 * timed twice and the faster time kept, so V8 still optimising a short function does not pass
 * for a speedup of the next strategy.
 */
export async function runWhatIf(host: WhatIfHost): Promise<WhatIfOutcome> {
  const k = host.concurrency;
  const budget = host.timeoutMs * k;
  const results: WhatIfResult[] = [];
  const skipped: SkippedWhatIf[] = [];

  if ('skipped' in host.pool) {
    skipped.push({ strategy: 'worker-pool', reason: host.pool.skipped });
  } else {
    try {
      host.progress(1, 'worker-pool', budget);
      results.push(await runPool(host, host.pool, k, budget));
    } catch (err) {
      skipped.push({ strategy: 'worker-pool', reason: describe(err) });
    } finally {
      await host.pool.terminate();
    }
  }

  const inARow = async (): Promise<{ wall: number; peak: number }> => {
    let wall = 0;
    const peak = await host.withMemoryWindow(async () => {
      const start = performance.now();
      for (let i = 0; i < k; i++) await host.callOnce(host.timeoutMs);
      wall = performance.now() - start;
    });
    return { wall, peak };
  };

  let sequential: { wall: number; peak: number };
  try {
    host.progress(2, 'sequential', budget);
    sequential = await inARow();
    results.unshift({ strategy: 'sequential', wallMs: round(sequential.wall), speedup: 1, peakRssMb: round(sequential.peak), invocations: k });
  } catch (err) {
    const reason = `the function failed when called ${k} times in a row: ${describe(err)}`;
    return { results: [], skipped: [...skipped.filter((s) => s.strategy === 'worker-pool'), { strategy: 'sequential', reason }, { strategy: 'promise-all', reason }] };
  }

  try {
    host.progress(3, 'promise-all', budget);
    let wall = 0;
    const peak = await host.withMemoryWindow(async () => {
      const start = performance.now();
      await host.callAll(k, budget);
      wall = performance.now() - start;
    });
    results.splice(1, 0, { strategy: 'promise-all', wallMs: round(wall), speedup: 1, peakRssMb: round(peak), invocations: k });
  } catch (err) {
    skipped.push({ strategy: 'promise-all', reason: `the function failed when ${k} calls ran at once: ${describe(err)}` });
  }

  // A short function is still being optimised by V8 during the first calls in a row, which made
  // Promise.all look faster than the same calls in a row (1.8x for a CPU loop). Calls in a row
  // are timed again after the others when that is cheap, and the faster time is kept.
  if (sequential.wall < REPEAT_BELOW_MS) {
    try {
      const again = await inARow();
      if (again.wall < sequential.wall) {
        results[0].wallMs = round(again.wall);
        results[0].peakRssMb = round(again.peak);
      }
    } catch {
      // The first timing stands.
    }
  }

  const sequentialMs = results[0].wallMs;
  for (const r of results) r.speedup = r.wallMs > 0 ? round(sequentialMs / r.wallMs) : 0;
  return { results, skipped };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function runPool(host: WhatIfHost, pool: Pool, k: number, budgetMs: number): Promise<WhatIfResult> {
  const workers = await withDeadline(pool.ready, budgetMs);
  // One warm-up call per worker, as the main thread had: compare warm code with warm code.
  const warmStart = performance.now();
  await withDeadline(Promise.all(workers.map((w) => runTask(w, host.makeArgs()))), budgetMs);
  host.addFunctionMs(performance.now() - warmStart);
  const onPool = async (): Promise<{ wall: number; peak: number }> => {
    let wall = 0;
    const peak = await host.withMemoryWindow(async () => {
      const start = performance.now();
      await withDeadline(dispatch(workers, Array.from({ length: k }, () => host.makeArgs())), budgetMs);
      wall = performance.now() - start;
    });
    host.addFunctionMs(wall);
    return { wall, peak };
  };
  let { wall, peak } = await onPool();
  // As for calls in a row: a short function is still being optimised in the workers' first calls.
  if (wall < REPEAT_BELOW_MS) {
    const again = await onPool();
    if (again.wall < wall) ({ wall, peak } = again);
  }
  return { strategy: 'worker-pool', wallMs: round(wall), speedup: 1, peakRssMb: round(peak), invocations: k, workers: pool.size, setupMs: round(pool.setupMs()) };
}

function nextMessage(worker: Worker): Promise<PoolResponse> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: PoolResponse) => {
      cleanup();
      resolve(msg);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new Error(`a worker failed: ${err.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`a worker exited with code ${code} (process.exit in a worker ends only that worker)`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

let taskId = 0;

async function runTask(worker: Worker, args: unknown[]): Promise<void> {
  worker.postMessage({ id: taskId++, args } satisfies PoolRequest);
  const msg = await nextMessage(worker);
  if (msg.type === 'done' && msg.error) throw new Error(`the function threw in a worker: ${msg.error}`);
}

/** Hands tasks to free workers until all are done; rejects on the first failure. */
async function dispatch(workers: Worker[], tasks: unknown[][]): Promise<void> {
  let next = 0;
  const loop = async (worker: Worker) => {
    while (next < tasks.length) await runTask(worker, tasks[next++]);
  };
  await Promise.all(workers.map(loop));
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the pool did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
