// Analyses many files: on the main thread for small sets or `--jobs 1`, otherwise on the main
// thread plus a piscina pool, `jobs` threads in all, in small batches to keep messages cheap.
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalyzeOptions } from '../analysis';
import { analyzeFile, type FileOutcome } from './analyze-file';
import type { WorkerTask } from './analysis-worker';

export interface RunOptions {
  /** Threads in all, the main one included; 1 analyses on the main thread only. Default: idleThreads(). */
  jobs?: number;
  /** Called after each file with the number done so far. */
  onProgress?: (done: number, total: number) => void;
  /** Below this many files the pool's start-up costs more than it saves. */
  poolThreshold?: number;
}

const BATCH_SIZE = 4;
/** Tasks queued on each worker: enough to ride out the main thread being busy or descheduled. */
const TASKS_PER_WORKER = 4;
const DEFAULT_POOL_THRESHOLD = 48;

/** The bundled worker next to the running CLI (dist/analysis-worker.js), if built. */
function workerFile(): string | undefined {
  const candidate = path.join(__dirname, 'analysis-worker.js');
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * Threads worth starting by default: the main one plus one per core the rest of the machine
 * leaves idle (by the 1-minute load average). A worker costs about a second of CPU to load
 * TypeScript, which a busy core never pays back; where the OS reports no load (Windows), every core.
 */
export function idleThreads(cores = os.availableParallelism(), load = os.loadavg()[0]): number {
  return Math.max(1, Math.min(cores, 1 + Math.floor(cores - load)));
}

/** Lets pending messages (worker results, progress) through between two batches on the main thread. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function analyzeFiles(
  files: ReadonlyArray<{ abs: string; display: string }>,
  options: AnalyzeOptions,
  run: RunOptions = {},
): Promise<FileOutcome[]> {
  const jobs = Math.max(1, run.jobs ?? idleThreads());
  const worker = workerFile();
  const usePool = jobs > 1 && worker !== undefined && files.length >= (run.poolThreshold ?? DEFAULT_POOL_THRESHOLD);
  const outcomes: FileOutcome[] = new Array(files.length);
  let done = 0;
  const store = (start: number, batch: FileOutcome[]) => {
    batch.forEach((outcome, k) => { outcomes[start + k] = outcome; });
    done += batch.length;
    run.onProgress?.(done, files.length);
  };
  if (!usePool) {
    files.forEach((f, i) => store(i, [analyzeFile(f.abs, f.display, options)]));
    return outcomes;
  }

  // The main thread is one of the `jobs` threads: it has the analyzer loaded already, while each
  // worker first spends about a second of CPU loading TypeScript. Every thread pulls the next
  // batch from one queue; each worker holds a few tasks, so it rarely waits for the next one.
  const workers = jobs - 1;
  const { Piscina } = await import('piscina');
  const pool = new Piscina<WorkerTask, FileOutcome[]>({
    filename: worker, minThreads: workers, maxThreads: workers, concurrentTasksPerWorker: TASKS_PER_WORKER, idleTimeout: 1000,
  });
  let next = 0;
  const take = (): number => {
    if (next >= files.length) return -1;
    next += BATCH_SIZE;
    return next - BATCH_SIZE;
  };
  const batchAt = (start: number) => files.slice(start, start + BATCH_SIZE);
  const onWorker = async () => {
    for (let start = take(); start !== -1; start = take()) store(start, await pool.run({ files: batchAt(start), options }));
  };
  // Between two files the main thread lets worker results in, so that a worker's next task is
  // sent without waiting for a whole batch of the main thread's.
  const onMainThread = async () => {
    for (let start = take(); start !== -1; start = take()) {
      for (const [k, f] of batchAt(start).entries()) {
        store(start + k, [analyzeFile(f.abs, f.display, options)]);
        await yieldToEventLoop();
      }
    }
  };
  // A worker takes batches only once it has answered an empty task, i.e. has loaded the
  // analyzer: a small set is done by the main thread alone instead of waiting for a start-up.
  // Once the main thread finds the queue empty, a lane started later has nothing to take.
  const lanes: Array<Promise<void>> = [];
  for (let w = 0; w < workers; w++) {
    pool.run({ files: [], options }).then(() => {
      for (let t = 0; t < TASKS_PER_WORKER; t++) lanes.push(onWorker());
    }, () => { /* a worker that cannot start leaves its share to the others */ });
  }
  try {
    await onMainThread();
    await Promise.all(lanes);
    return outcomes;
  } finally {
    await pool.destroy();
  }
}
