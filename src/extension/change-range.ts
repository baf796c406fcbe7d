// Folds the text changes of successive edits into one enclosing range, the shape
// `ts.updateSourceFile` takes, and applies such a range to the worker's copy of the text.
// Pure offsets; no `vscode` or `typescript` import.
import type { ChangeRange } from './worker-protocol';

export interface TextChange {
  /** Offset in the text before this edit. */
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/**
 * The range enclosing all changes of one edit. The changes are relative to the same text (as
 * in a VS Code change event), must not overlap, and may come in any order.
 */
export function enclosingChange(changes: readonly TextChange[]): ChangeRange | undefined {
  if (changes.length === 0) return undefined;
  let start = Infinity;
  let oldEnd = -Infinity;
  let delta = 0;
  for (const change of changes) {
    start = Math.min(start, change.rangeOffset);
    oldEnd = Math.max(oldEnd, change.rangeOffset + change.rangeLength);
    delta += change.text.length - change.rangeLength;
  }
  return { start, oldLength: oldEnd - start, newLength: oldEnd - start + delta };
}

/**
 * Composes `first` (base → middle) with `second` (middle → latest) into one range from the
 * base text to the latest text.
 */
export function composeChanges(first: ChangeRange | undefined, second: ChangeRange | undefined): ChangeRange | undefined {
  if (!first) return second;
  if (!second) return first;
  // Region of the middle text touched by either change.
  const start = Math.min(first.start, second.start);
  const middleEnd = Math.max(first.start + first.newLength, second.start + second.oldLength);
  const firstDelta = first.newLength - first.oldLength;
  const secondDelta = second.newLength - second.oldLength;
  return {
    start,
    oldLength: middleEnd - firstDelta - start,
    newLength: middleEnd + secondDelta - start,
  };
}

/**
 * The text after replacing `change` in `old` with `newText`, or undefined when the lengths
 * show that the change does not fit `old` or does not make a text of `length` characters.
 */
export function applyChange(
  old: string, { change, newText, length }: { change: ChangeRange; newText?: string; length?: number },
): string | undefined {
  const { start, oldLength, newLength } = change;
  if (newText === undefined || newText.length !== newLength || start < 0 || start + oldLength > old.length) return undefined;
  if (old.length - oldLength + newLength !== length) return undefined;
  return old.slice(0, start) + newText + old.slice(start + oldLength);
}
