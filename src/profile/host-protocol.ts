// Messages between the extension host and the profiler's worker thread (host-worker.ts). The
// extension host must not load `typescript`, which locating a function needs, so the
// profiler runs in a worker and the extension talks to it through these.
import type { ArgsSuggestion } from './args';
import type { Label, ProfileProgress, ProfileRequest, ProfileResult } from './types';

/** What the panel needs to know about a function before running it. */
export interface FunctionInfo {
  name: string;
  line: number;
  endLine: number;
  /** Prefill for the argument box. */
  args: ArgsSuggestion;
  staticLabel: Label | null;
  /** The analyzer's recommended form (`worker-pool`, `promise-all`, …), when it has one. */
  recommendation?: string;
}

export type HostRequest =
  | { type: 'profile'; id: number; request: ProfileRequest }
  | { type: 'cancel'; id: number }
  /** The function named `name` (near `line`), or the innermost one spanning `line`. */
  | { type: 'describe'; id: number; file: string; text: string; name?: string; line?: number };

export type HostResponse =
  | { type: 'progress'; id: number; progress: ProfileProgress }
  | { type: 'result'; id: number; result: ProfileResult }
  | { type: 'described'; id: number; info: FunctionInfo | undefined; reason?: string }
  | { type: 'error'; id: number; message: string };
