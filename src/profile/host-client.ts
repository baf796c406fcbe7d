// The extension host's handle on the profiler worker (dist/profile-worker.js). Imports only
// types from the profiler, so the extension bundle stays free of `typescript` and esbuild.
import { Worker } from 'node:worker_threads';
import type { FunctionInfo, HostRequest, HostResponse } from './host-protocol';
import type { ProfileHooks, ProfileRequest, ProfileResult } from './types';

type Pending = {
  resolve: (message: HostResponse) => void;
  reject: (err: Error) => void;
  onProgress?: ProfileHooks['onProgress'];
};

export class ProfileHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private onIdle: (() => void) | undefined;

  /** `workerScript`: absolute path of dist/profile-worker.js. */
  constructor(private readonly workerScript: string) {}

  /** Runs a profile in the worker; `hooks.signal` cancels it (the result is then `cancelled`). */
  profile(request: ProfileRequest, hooks: ProfileHooks = {}): Promise<ProfileResult> {
    const id = this.nextId++;
    const cancel = () => this.post({ type: 'cancel', id });
    hooks.signal?.addEventListener('abort', cancel, { once: true });
    return this.call({ type: 'profile', id, request }, hooks.onProgress)
      .then((message) => {
        if (message.type !== 'result') throw new Error(`unexpected answer ${message.type}`);
        return message.result;
      })
      .finally(() => hooks.signal?.removeEventListener('abort', cancel));
  }

  /** The function named `name`, or the innermost profilable one around `line` (1-based). */
  async describe(file: string, text: string, name?: string, line?: number): Promise<{ info?: FunctionInfo; reason?: string }> {
    const message = await this.call({ type: 'describe', id: this.nextId++, file, text, name, line });
    if (message.type !== 'described') throw new Error(`unexpected answer ${message.type}`);
    return { info: message.info, reason: message.reason };
  }

  /** Cancels running profiles (their children are killed) and stops the worker. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    if (this.pending.size > 0) {
      for (const id of this.pending.keys()) worker.postMessage({ type: 'cancel', id } satisfies HostRequest);
      // Let the cancels kill the children, but never hang on a stuck worker.
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
        setTimeout(resolve, 2_000).unref();
      });
    }
    this.worker = undefined;
    await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (message: HostResponse) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.type === 'progress') {
        pending.onProgress?.(message.progress);
        return;
      }
      this.pending.delete(message.id);
      if (message.type === 'error') pending.reject(new Error(message.message));
      else pending.resolve(message);
      if (this.pending.size === 0) this.onIdle?.();
    });
    const failAll = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.onIdle?.();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the profiler worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private call(message: HostRequest, onProgress?: ProfileHooks['onProgress']): Promise<HostResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, onProgress });
      this.ensureWorker().postMessage(message);
    });
  }

  private post(message: HostRequest): void {
    this.worker?.postMessage(message);
  }
}
