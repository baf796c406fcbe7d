// Runs the analyzer in a worker thread and talks to it with typed requests, so the extension
// host thread never parses or analyses. No `vscode` import: callers own cancellation.
import type { Worker } from 'node:worker_threads';
import type { ProgressOf, WorkerRequestBody, WorkerResponse, WorkerResults } from './worker-protocol';

type RequestOf<K extends WorkerRequestBody['type']> = Extract<WorkerRequestBody, { type: K }>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?(value: unknown): void;
}

/** Restarts after a crash, but gives up after this many exits within `CRASH_WINDOW_MS`. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private crashes: number[] = [];
  private disposed = false;

  /**
   * @param script absolute path of the bundled worker (dist/extension-worker.js)
   * @param log receives one line per worker lifecycle event
   */
  constructor(
    private readonly script: string,
    private readonly log: (line: string) => void,
  ) {}

  /** True once the worker thread has been started (lazily, by the first request). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Sends a request; `onProgress` receives what the worker reports before its answer (see WorkerProgress). */
  request<K extends WorkerRequestBody['type']>(body: RequestOf<K>, onProgress?: (progress: ProgressOf<K>) => void): Promise<WorkerResults[K]> {
    if (this.disposed) return Promise.reject(new Error('analysis worker disposed'));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const id = this.nextId++;
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, progress: onProgress as ((value: unknown) => void) | undefined });
      worker.postMessage({ ...body, id });
    });
  }

  /** Stops the thread now; requests in flight fail with "analysis cancelled". */
  terminate(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.rejectAll(new Error('analysis cancelled'));
    if (worker) void worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const now = Date.now();
    this.crashes = this.crashes.filter((at) => now - at < CRASH_WINDOW_MS);
    if (this.crashes.length >= MAX_CRASHES) {
      throw new Error(`analysis worker crashed ${MAX_CRASHES} times in a minute; not restarting`);
    }
    // Loaded on first use: requiring worker_threads costs several ms of activation.
    const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new WorkerThread(this.script, { name: 'workload-hints-analysis' });
    worker.unref();
    worker.on('message', (message: WorkerResponse) => this.onMessage(message));
    worker.on('error', (error) => this.log(`analysis worker error: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.crashes.push(Date.now());
      this.log(`analysis worker exited with code ${code}`);
      this.rejectAll(new Error(`analysis worker exited with code ${code}`));
    });
    this.worker = worker;
    this.log(`analysis worker started (thread ${worker.threadId})`);
    return worker;
  }

  private onMessage(message: WorkerResponse): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if ('progress' in message) {
      try {
        pending.progress?.(message.progress);
      } catch (error) {
        this.log(`progress of request ${message.id}: ${(error as Error).stack ?? String(error)}`);
      }
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new Error(message.error));
  }

  private rejectAll(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const pending of all) pending.reject(error);
  }
}
