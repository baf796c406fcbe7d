// Runs in the child: K concurrent invocations three ways — one after another, all at once
// with Promise.all, and on a worker-thread pool — timing each and sampling peak memory.
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { WhatIfResult, SkippedWhatIf, WhatIfStrategy } from '../types';
import type { PoolRequest, PoolResponse } from './pool-worker';
import type { PoolWorkerData } from './protocol';
import { cloneProblem } from './target';

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
  harnessFile: string;
  workerData: Omit<PoolWorkerData, 'role'>;
}

export interface WhatIfOutcome {
  results: WhatIfResult[];
  skipped: SkippedWhatIf[];
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function runWhatIf(host: WhatIfHost): Promise<WhatIfOutcome> {
  const k = host.concurrency;
  const budget = host.timeoutMs * k;
  const results: WhatIfResult[] = [];
  const skipped: SkippedWhatIf[] = [];
  const skipRest = (from: WhatIfStrategy[], reason: string) => from.forEach((strategy) => skipped.push({ strategy, reason }));

  let sequentialMs = 0;
  try {
    host.progress(1, 'sequential', budget);
    let wall = 0;
    const peak = await host.withMemoryWindow(async () => {
      const start = performance.now();
      for (let i = 0; i < k; i++) await host.callOnce(host.timeoutMs);
      wall = performance.now() - start;
    });
    sequentialMs = wall;
    results.push({ strategy: 'sequential', wallMs: round(wall), speedup: 1, peakRssMb: round(peak), invocations: k });
  } catch (err) {
    skipRest(['sequential', 'promise-all', 'worker-pool'], `the function failed when called ${k} times in a row: ${describe(err)}`);
    return { results, skipped };
  }

  try {
    host.progress(2, 'promise-all', budget);
    let wall = 0;
    const peak = await host.withMemoryWindow(async () => {
      const start = performance.now();
      await host.callAll(k, budget);
      wall = performance.now() - start;
    });
    results.push({ strategy: 'promise-all', wallMs: round(wall), speedup: round(sequentialMs / wall), peakRssMb: round(peak), invocations: k });
  } catch (err) {
    skipped.push({ strategy: 'promise-all', reason: `the function failed when ${k} calls ran at once: ${describe(err)}` });
  }

  const problem = cloneProblem(host.makeArgs());
  if (problem) {
    skipped.push({ strategy: 'worker-pool', reason: problem });
    return { results, skipped };
  }
  try {
    host.progress(3, 'worker-pool', budget);
    const result = await runPool(host, k, budget);
    results.push({ ...result, speedup: round(sequentialMs / result.wallMs) });
  } catch (err) {
    skipped.push({ strategy: 'worker-pool', reason: describe(err) });
  }
  return { results, skipped };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function runPool(host: WhatIfHost, k: number, budgetMs: number): Promise<WhatIfResult> {
  const size = Math.max(1, Math.min(os.availableParallelism(), k));
  const workers: Worker[] = [];
  const setupStart = performance.now();
  let wall = 0;
  let setupMs = 0;
  try {
    const data: PoolWorkerData = { role: 'workload-hints-pool-worker', ...host.workerData };
    await Promise.all(
      Array.from({ length: size }, () => {
        const worker = new Worker(host.harnessFile, { workerData: data });
        workers.push(worker);
        return nextMessage(worker).then((msg) => {
          if (msg.type === 'load-failed') throw new Error(`a worker could not load the function: ${msg.error}`);
        });
      }),
    );
    setupMs = performance.now() - setupStart;
    // One warm-up call per worker, as the main thread had: compare warm code with warm code.
    const warmStart = performance.now();
    await withDeadline(Promise.all(workers.map((w) => runTask(w, host.makeArgs()))), budgetMs);
    host.addFunctionMs(performance.now() - warmStart);
    const peak = await host.withMemoryWindow(async () => {
      const start = performance.now();
      await withDeadline(dispatch(workers, Array.from({ length: k }, () => host.makeArgs())), budgetMs);
      wall = performance.now() - start;
    });
    host.addFunctionMs(wall);
    return { strategy: 'worker-pool', wallMs: round(wall), speedup: 1, peakRssMb: round(peak), invocations: k, workers: size, setupMs: round(setupMs) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
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
