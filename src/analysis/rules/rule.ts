// The shape of a rule: a small pure function of one function unit's facts that returns
// finding drafts. Severity and suppressions are applied by the analyzer, not the rule.
import type * as ts from 'typescript';
import type { FileFacts, FunctionFacts } from '../facts/types';
import type { HotLoopThresholds, RuleId, Severity } from '../types';

export interface RuleContext {
  sourceFile: ts.SourceFile;
  facts: FileFacts;
  hotLoop: HotLoopThresholds;
}

export interface FindingDraft {
  node: ts.Node;
  /** Last node of a finding that spans several statements. */
  endNode?: ts.Node;
  message: string;
  /** Steps above (+) or below (−) the rule's configured severity, for the context it was found in. */
  severityShift: number;
  data: Record<string, string | number | boolean>;
}

export interface Rule {
  id: RuleId;
  description: string;
  defaultSeverity: Severity;
  /** Message templates with `{{placeholders}}`, keyed by message id. */
  messages: Record<string, string>;
  check(unit: FunctionFacts, context: RuleContext): FindingDraft[];
}

/** Templates split at their placeholders: text, name, text, name, …, text (odd indexes are names). */
const compiled = new Map<string, string[]>();

/** Fills `{{name}}` placeholders from `data`. */
export function formatMessage(template: string, data: Record<string, string | number | boolean>): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += String(data[parts[i]] ?? '') + parts[i + 1];
  return out;
}

/** The unit whose context a body runs in: an inline callback or IIFE runs in its parent's. */
export function contextUnit(unit: FunctionFacts): FunctionFacts {
  let u = unit;
  while ((u.inlineLoop || u.isIife) && u.parent) u = u.parent;
  return u;
}

/**
 * Where code runs, for messages and severity: request handler, async function, sync function,
 * top level. A function nested in a handler (a `fs.readFile` callback, a helper) runs while that
 * request is served, and one nested in an async function (a `new Promise` executor, a timer)
 * while other tasks wait: they take the context of the nearest such enclosing function.
 */
export function whereItRuns(unit: FunctionFacts): { kind: 'handler' | 'async' | 'sync' | 'module'; text: string } {
  const u = contextUnit(unit);
  if (u.kind === 'module') return { kind: 'module', text: 'at the top level' };
  let handler: FunctionFacts | undefined;
  let async: FunctionFacts | undefined;
  for (let a: FunctionFacts | undefined = u; a && a.kind !== 'module'; a = a.parent) {
    if (a.isHandler) {
      handler = a;
      break;
    }
    async ??= a.isAsync ? a : undefined;
  }
  const self = u.name === '<anonymous>' ? 'in a callback' : `in \`${u.name}\``;
  if (handler) return { kind: 'handler', text: handler === u ? `in request handler \`${u.name}\`` : `${self} inside request handler \`${handler.name}\`` };
  if (async) return { kind: 'async', text: async === u ? `in async function \`${u.name}\`` : `${self} inside async function \`${async.name}\`` };
  return { kind: 'sync', text: `in \`${u.name}\`` };
}
