// Worker-thread entry (bundled to dist/profile-worker.js): runs profiles and describes
// functions for the extension host, which must not load `typescript` itself.
import { parentPort } from 'node:worker_threads';
import { describeFunction } from './describe';
import type { HostRequest, HostResponse } from './host-protocol';
import { profileFunction } from './run';
import { setSpareIdleTime } from './spare';

/** How long a child booted for the next profile waits for one before it is stopped. */
const SPARE_IDLE_MS = 120_000;

const port = parentPort!;
// A panel's profiles come one after another: each next one finds its child booted.
setSpareIdleTime(SPARE_IDLE_MS);
const running = new Map<number, AbortController>();
const reply = (message: HostResponse) => port.postMessage(message);

port.on('message', async (message: HostRequest) => {
  try {
    switch (message.type) {
      case 'describe': {
        const { info, reason } = describeFunction(message.file, message.text, message.name, message.line);
        reply({ type: 'described', id: message.id, info, reason });
        return;
      }
      case 'cancel':
        running.get(message.id)?.abort();
        return;
      case 'profile': {
        const controller = new AbortController();
        running.set(message.id, controller);
        try {
          const result = await profileFunction(message.request, {
            signal: controller.signal,
            onProgress: (progress) => reply({ type: 'progress', id: message.id, progress }),
          });
          reply({ type: 'result', id: message.id, result });
        } finally {
          running.delete(message.id);
        }
        return;
      }
    }
  } catch (err) {
    reply({ type: 'error', id: message.id, message: (err as Error)?.stack ?? String(err) });
  }
});
