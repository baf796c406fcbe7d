// hot-loop: a CPU-heavy loop — large or unknown bound with a non-trivial body, or nested
// loops over input sizes — that holds the event loop for its whole run.
import { describeBound, literalIterations } from '../facts/bounds';
import type { LoopFact } from '../facts/types';
import type { HotLoopThresholds } from '../types';
import { formatMessage, whereItRuns, type FindingDraft, type Rule } from './rule';

const SHIFT = { handler: 0, async: 0, sync: -1, module: -1 } as const;

function hasAwait(loop: LoopFact): boolean {
  return loop.kind === 'for-await' || loop.awaits.length > 0 || loop.children.some(hasAwait);
}

function isInputSized(loop: LoopFact, outer: LoopFact | undefined, t: HotLoopThresholds): boolean {
  const literal = literalIterations(loop.bound);
  if (literal !== undefined) return literal >= Math.sqrt(t.minIterations);
  // An inner loop over something the outer iteration produced (`row.cells`) is not a product.
  if (outer && (loop.bound.kind === 'collection' || loop.bound.kind === 'input')) {
    const root = loop.bound.name.split('.')[0];
    if (outer.declared.has(root)) return false;
  }
  return true;
}

/** Why a loop is CPU-heavy, or undefined. */
export function hotReason(loop: LoopFact, t: HotLoopThresholds): string | undefined {
  if (hasAwait(loop)) return undefined;
  if (isInputSized(loop, undefined, t)) {
    for (const child of loop.children) {
      if (child.bodyCost >= 2 && !hasAwait(child) && isInputSized(child, loop, t)) {
        return `nested loops over ${describeBound(loop.bound)} × ${describeBound(child.bound)}`;
      }
    }
  }
  const literal = literalIterations(loop.bound);
  if (loop.heavyApi && (literal === undefined || literal >= 100)) {
    return `\`${loop.heavyApi.name}\` per iteration over ${describeBound(loop.bound)}`;
  }
  if (literal !== undefined) {
    return literal >= t.minIterations && loop.bodyCost >= 2 ? `${describeBound(loop.bound)}, ~${loop.bodyCost} operations each` : undefined;
  }
  return loop.bodyCost >= t.minBodyCost ? `loop over ${describeBound(loop.bound)}, ~${loop.bodyCost} operations per iteration` : undefined;
}

export const hotLoop: Rule = {
  id: 'hot-loop',
  description: 'A CPU-heavy loop (large or unknown bound with a non-trivial body, nested loops over input sizes) that blocks the event loop while it runs.',
  defaultSeverity: 'warning',
  messages: {
    hot: 'CPU-heavy loop ({{why}}) {{where}}: nothing else runs on the event loop until it ends; {{advice}}',
  },
  check(unit, context) {
    const drafts: FindingDraft[] = [];
    for (const loop of unit.loops) {
      // A hot enclosing loop is reported instead, even when it belongs to another unit
      // (the outer `xs.forEach` of a nested `ys.forEach` callback).
      let ancestor = loop.parent;
      while (ancestor && !hotReason(ancestor, context.hotLoop)) ancestor = ancestor.parent;
      if (ancestor) continue;
      const why = hotReason(loop, context.hotLoop);
      if (!why) continue;
      const where = whereItRuns(unit);
      const advice = where.kind === 'handler' || where.kind === 'async'
        ? 'move it to a worker pool so other requests keep being served'
        : 'move it to a worker pool when it runs for many inputs';
      const data = { why, where: where.text, context: where.kind, bound: describeBound(loop.bound), cost: loop.bodyCost, advice };
      drafts.push({
        node: loop.kind === 'callback' ? loop.node.parent : loop.node,
        message: formatMessage(this.messages.hot, data),
        severityShift: SHIFT[where.kind],
        data,
      });
    }
    return drafts;
  },
};
