// One harness child booted ahead of the next profile, for long-lived callers (the editor's
// profiler worker): Node's start-up is the largest part of a profile's overhead, and a child
// cannot be reused (the user's code has run in it), but the next one can boot in advance.
//
// A spare runs nothing of the user's: it waits for a config, which only a profile sends. It
// is stopped when unused for the idle time, and exits by itself when this process goes (its
// IPC channel closes).
import type { ChildProcess } from 'node:child_process';

export interface SpareOptions {
  /** Boots a child; throws when it cannot. */
  spawn(): ChildProcess;
  /** Stops a child that is no longer a spare and was not taken (its tree, its tracking). */
  discard(child: ChildProcess): void;
}

interface Spare {
  key: string;
  child: ChildProcess;
  options: SpareOptions;
  idle: NodeJS.Timeout;
  onExit: () => void;
}

let idleMs = 0;
let spare: Spare | undefined;

/** Keep a spare child for `ms` after each profile; 0 (the default) keeps none. */
export function setSpareIdleTime(ms: number): void {
  idleMs = ms;
  if (ms <= 0) dropSpare();
}

export function sparesEnabled(): boolean {
  return idleMs > 0;
}

/** The spare for `key` if one is alive; it is then the caller's to supervise. */
export function takeSpare(key: string): ChildProcess | undefined {
  const taken = spare;
  if (!taken || taken.key !== key) return undefined;
  release(taken);
  const { child } = taken;
  if (child.exitCode === null && child.signalCode === null && child.connected) return child;
  taken.options.discard(child);
  return undefined;
}

/** Boots a spare for `key` (node binary, harness, working folder) unless there is one; one of another key is stopped. */
export function refillSpare(key: string, options: SpareOptions): void {
  if (idleMs <= 0 || spare?.key === key) return;
  dropSpare();
  let child: ChildProcess;
  try {
    child = options.spawn();
  } catch {
    return;
  }
  child.on('error', () => undefined);
  const entry: Spare = { key, child, options, idle: setTimeout(dropSpare, idleMs), onExit: () => dropSpare() };
  entry.idle.unref();
  child.once('exit', entry.onExit);
  spare = entry;
}

function dropSpare(): void {
  const dropped = spare;
  if (!dropped) return;
  release(dropped);
  dropped.options.discard(dropped.child);
}

function release(entry: Spare): void {
  clearTimeout(entry.idle);
  entry.child.off('exit', entry.onExit);
  if (spare === entry) spare = undefined;
}
