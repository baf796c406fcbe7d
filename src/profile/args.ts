// Arguments of a profiled function: a JSON array or a JavaScript expression, checked in the
// parent (syntax only, nothing runs) and evaluated afresh for every invocation in the child.
import * as vm from 'node:vm';
import type { LocatedFunction } from './locate';

/** How the child builds the argument array for each invocation. */
export type ArgsSpec = { kind: 'json'; text: string } | { kind: 'expression'; text: string };

export type ParsedArgs = { ok: true; spec: ArgsSpec } | { ok: false; message: string };

/**
 * Parses argument text. Empty text means no arguments. Valid JSON must be an array; anything
 * else is compiled (not run) as a JavaScript expression, which must evaluate to an array when
 * the child runs it.
 */
export function parseArgs(text: string | undefined): ParsedArgs {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { ok: true, spec: { kind: 'json', text: '[]' } };
  try {
    const value: unknown = JSON.parse(trimmed);
    if (!Array.isArray(value)) {
      return { ok: false, message: `arguments must be an array, e.g. [${trimmed}]` };
    }
    return { ok: true, spec: { kind: 'json', text: trimmed } };
  } catch {
    // Not JSON: a JavaScript expression.
  }
  try {
    new vm.Script(`(${trimmed}\n)`, { filename: 'arguments' });
  } catch (err) {
    return { ok: false, message: `arguments are neither a JSON array nor a JavaScript expression: ${(err as Error).message}` };
  }
  return { ok: true, spec: { kind: 'expression', text: trimmed } };
}

export interface ArgsSuggestion {
  text: string;
  /** Where the text came from: the `@workloadArgs` tag, "no parameters", or nothing known. */
  source: 'jsdoc' | 'no-params' | 'none';
}

/** Prefill for the argument box: the `@workloadArgs` tag, `[]` without parameters, else empty. */
export function suggestArgs(fn: Pick<LocatedFunction, 'params' | 'workloadArgs'>): ArgsSuggestion {
  if (fn.workloadArgs !== undefined) return { text: fn.workloadArgs, source: 'jsdoc' };
  if (fn.params.length === 0) return { text: '[]', source: 'no-params' };
  return { text: '', source: 'none' };
}
