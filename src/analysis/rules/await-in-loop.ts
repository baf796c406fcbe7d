// await-in-loop: an await inside a loop whose iterations do not depend on each other, so the
// waits could overlap. Most of the work is in what it does not flag.
import type { LoopFact } from '../facts/types';
import { describeBound, literalIterations } from '../facts/bounds';
import { formatMessage, type FindingDraft, type Rule } from './rule';

/** Calls whose order is observable: writes to one stream, file or socket. */
const ORDERED_SINK = /^(write|writeln|append|appendFile|send|pipe|enqueue|push|emit|insertBefore)$/;

/** Below this many known items `Promise.all` fits; above, or unknown, bounded concurrency (DESIGN.md). */
export const PROMISE_ALL_LIMIT = 50;

const LOOP_TEXT: Record<LoopFact['kind'], string> = {
  'for': '`for` loop', 'for-of': '`for…of` loop', 'for-in': '`for…in` loop', 'for-await': '`for await` loop',
  'while': '`while` loop', 'do': '`do…while` loop', 'callback': 'callback',
};

/** Why the iterations of a loop with awaits must stay sequential, or undefined when they need not. */
export function sequentialReason(loop: LoopFact): string | undefined {
  if (loop.kind === 'for-await') return 'for await reads a stream in order';
  if (loop.kind === 'while' || loop.kind === 'do') return 'a while loop has no independent iteration set';
  if (loop.exits.length > 0) return `the loop can ${loop.exits[0].kind} early`;
  if (loop.awaits.some((a) => a.isSleep)) return 'the loop pauses on purpose (throttling)';
  if (loop.awaits.some((a) => a.isCombinator)) return 'each iteration already awaits a batch';
  if (loop.awaits.every((a) => a.isExistingValue)) return 'the awaited promises were started before the loop';
  const counters = new Set(loop.iterationNames);
  for (const name of [...loop.writes, ...loop.updates, ...loop.mutates]) {
    if (counters.has(name)) continue;
    if (loop.reads.has(name)) return `\`${name}\` carries a value from one iteration to the next`;
    if (loop.writes.has(name)) return `\`${name}\` keeps the last iteration's value`;
  }
  for (const a of loop.awaits) {
    if (a.call && ORDERED_SINK.test(a.call.name)) return `\`${a.call.name}\` must happen in order`;
  }
  // An await that uses nothing of the iteration repeats the same call (retry, polling, warm-up).
  const usesIteration = loop.awaits.some((a) => [...a.reads].some((r) => loop.declared.has(r)));
  if (!usesIteration) return 'the awaited call does not depend on the iteration (a retry or repeat)';
  return undefined;
}

function calleeText(loop: LoopFact): string {
  const call = loop.awaits.find((a) => a.call)?.call;
  if (!call) return 'the awaited value';
  return `\`${[call.root, ...call.path].filter(Boolean).join('.')}\``;
}

export const awaitInLoop: Rule = {
  id: 'await-in-loop',
  description: 'An await inside a loop whose iterations are independent: each wait starts only after the previous one ends.',
  defaultSeverity: 'warning',
  messages: {
    loop: 'Each iteration of this {{loopText}} over {{bound}} waits for {{callee}} before the next starts, yet the iterations are independent; {{advice}}',
    forEach: '`forEach` does not wait for its async callback: the {{bound}} calls run unawaited and errors are lost; use `await Promise.all({{receiver}}.map(async …))`',
  },
  check(unit) {
    const drafts: FindingDraft[] = [];
    for (const loop of unit.loops) {
      if (loop.kind === 'callback') {
        if (loop.callbackMethod === 'forEach' && loop.callbackAsync && loop.callbackUnit && loop.callbackUnit.awaits.length > 0) {
          const bound = describeBound(loop.bound);
          const receiver = loop.bound.kind === 'collection' ? loop.bound.name : 'items';
          drafts.push({
            node: loop.node.parent,
            message: formatMessage(this.messages.forEach, { bound, receiver }),
            severityShift: 0,
            data: { loopKind: 'forEach', bound, count: literalIterations(loop.bound) ?? -1, forEachAsync: true },
          });
        }
        continue;
      }
      if (loop.awaits.length === 0 || sequentialReason(loop) !== undefined) continue;
      const count = literalIterations(loop.bound);
      const bounded = count === undefined || count >= PROMISE_ALL_LIMIT;
      const advice = bounded
        ? `run them with bounded concurrency (\`p-map\`), since ${count === undefined ? 'the count is unknown' : `${count} at once is too many`}`
        : 'start them together with `Promise.all`';
      const bound = describeBound(loop.bound);
      drafts.push({
        node: loop.node,
        message: formatMessage(this.messages.loop, { loopText: LOOP_TEXT[loop.kind], bound, callee: calleeText(loop), advice }),
        severityShift: 0,
        data: {
          loopKind: loop.kind, bound, count: count ?? -1, form: bounded ? 'bounded-concurrency' : 'promise-all',
          awaitLine: loop.awaits[0].node.getSourceFile().getLineAndCharacterOfPosition(loop.awaits[0].node.getStart()).line + 1,
        },
      });
    }
    return drafts;
  },
};
