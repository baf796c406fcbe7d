// Runs in a worker thread of the what-if pool: loads the function once, then runs one task
// per message and answers with its outcome (return values stay in the worker).
import { parentPort } from 'node:worker_threads';
import type { PoolWorkerData } from './protocol';
import { isThenable, loadTarget } from './target';

export type PoolRequest = { id: number; args: unknown[] };
export type PoolResponse = { type: 'ready' } | { type: 'done'; id: number; error?: string } | { type: 'load-failed'; error: string };

export async function runPoolWorker(data: PoolWorkerData): Promise<void> {
  const port = parentPort!;
  let invoke;
  try {
    invoke = await loadTarget(data.bundlePath, data.userFile, data.access);
  } catch (err) {
    port.postMessage({ type: 'load-failed', error: String((err as Error)?.message ?? err) } satisfies PoolResponse);
    return;
  }
  port.on('message', async ({ id, args }: PoolRequest) => {
    try {
      const value = invoke(args);
      if (isThenable(value)) await value;
      port.postMessage({ type: 'done', id } satisfies PoolResponse);
    } catch (err) {
      port.postMessage({ type: 'done', id, error: String((err as Error)?.message ?? err) } satisfies PoolResponse);
    }
  });
  port.postMessage({ type: 'ready' } satisfies PoolResponse);
}
