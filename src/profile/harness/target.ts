// Runs in the child (main thread and pool workers): loads the bundled module, reaches the
// function through its access path, and builds fresh arguments for every invocation.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import type { ArgsSpec } from '../args';
import type { TargetAccess } from '../locate';

export type Invoke = (args: unknown[]) => unknown;

export class TargetError extends Error {
  override name = 'TargetError';
}

/**
 * Imports the bundle and returns a function that calls the target with `args`. CommonJS code
 * inside the bundle sees `require`, `__filename` and `__dirname` of the user's original file.
 */
export async function loadTarget(bundlePath: string, userFile: string, access: TargetAccess): Promise<Invoke> {
  const g = globalThis as Record<string, unknown>;
  g.require ??= createRequire(userFile);
  g.__filename ??= userFile;
  g.__dirname ??= path.dirname(userFile);
  // Pattern: `if (require.main === module) main()` in an ESM-syntax file: false, as in an import.
  g.module ??= { id: userFile, filename: userFile, exports: {}, loaded: true, children: [], paths: [] };
  const ns = (await import(pathToFileURL(bundlePath).href)) as Record<string, unknown>;
  const [first, ...rest] = access.path;
  const defaultExport = ns.default as Record<string, unknown> | undefined;
  let owner: unknown = ns;
  let value: unknown = first in ns ? ns[first] : defaultExport?.[first];
  if (!(first in ns)) owner = defaultExport;
  for (const key of rest) {
    owner = value;
    value = value == null ? undefined : (value as Record<string, unknown>)[key];
  }
  const display = access.path.filter((k) => k !== '__workloadHintsTarget').join('.') || 'the function';
  if (access.call === 'instance') {
    if (typeof owner !== 'function') throw new TargetError(`${display}: the class is not reachable from the module`);
    const instance = new (owner as new () => Record<string, unknown>)();
    const method = instance[access.path[access.path.length - 1]];
    if (typeof method !== 'function') throw new TargetError(`${display} is not a function on an instance`);
    return (args) => (method as (...a: unknown[]) => unknown).apply(instance, args);
  }
  if (typeof value !== 'function') {
    throw new TargetError(`${display} is ${value === undefined ? 'not reachable from the module' : `a ${typeof value}, not a function`}`);
  }
  const fn = value as (...a: unknown[]) => unknown;
  return access.call === 'method' ? (args) => fn.apply(owner, args) : (args) => fn(...args);
}

/** Builds a new argument array per call, so a function that mutates its input gets a fresh one. */
export function createArgsFactory(spec: ArgsSpec): () => unknown[] {
  if (spec.kind === 'json') {
    const text = spec.text;
    return () => JSON.parse(text) as unknown[];
  }
  const script = new vm.Script(`(${spec.text}\n)`, { filename: 'arguments' });
  return () => {
    const value: unknown = script.runInThisContext();
    if (!Array.isArray(value)) throw new TypeError(`the arguments expression must evaluate to an array, got ${typeof value}`);
    return value;
  };
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

const CLONEABLE_BUILTINS: Array<abstract new (...args: never[]) => unknown> = [
  Date,
  RegExp,
  Map,
  Set,
  ArrayBuffer,
  DataView,
  Error,
  Object.getPrototypeOf(Uint8Array) as abstract new (...args: never[]) => unknown,
];

/**
 * Why `value` would not reach a worker intact, or undefined when it clones faithfully.
 * Functions and symbols fail; class instances would arrive as plain objects.
 */
export function cloneProblem(value: unknown, where = 'arguments', seen = new Set<unknown>()): string | undefined {
  if (typeof value === 'function') return `${where} is a function, which cannot be sent to a worker`;
  if (typeof value === 'symbol') return `${where} is a symbol, which cannot be sent to a worker`;
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = cloneProblem(value[i], `${where}[${i}]`, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const problem = cloneProblem(k, `a key of ${where}`, seen) ?? cloneProblem(v, `${where}.get(…)`, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const v of value) {
      const problem = cloneProblem(v, `an element of ${where}`, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (CLONEABLE_BUILTINS.some((ctor) => value instanceof ctor)) return undefined;
  if (proto !== Object.prototype && proto !== null) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'class';
    return `${where} is a ${name} instance; a worker would receive a plain object without its methods`;
  }
  for (const [key, v] of Object.entries(value)) {
    const problem = cloneProblem(v, `${where}.${key}`, seen);
    if (problem) return problem;
  }
  return undefined;
}
