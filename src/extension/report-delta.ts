// A report's lists (findings, functions, syntax errors) as the change from the previous
// report's, so a keystroke in a 5,000-line file sends the extension host a few items instead
// of the whole 500 KB report (copying that report between threads cost about 5 ms per edit).
// No `vscode` or `typescript` import: both the worker and the host use it.

/**
 * How an edit moved the text after it: offsets at or after `offset` (in the old text) move by
 * `by`, line numbers after `line` (1-based, in the old text) by `lines`.
 */
export interface Shift {
  offset: number;
  by: number;
  line: number;
  lines: number;
}

/** An entry is a new item or the index of a base item that, shifted, equals the new item. */
export type DeltaList<T> = Array<T | number>;

export const NO_SHIFT: Shift = { offset: Infinity, by: 0, line: Infinity, lines: 0 };


/** Line breaks as TypeScript counts them (`\r\n` once; also U+2028 and U+2029). */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 0x2028 || code === 0x2029) count++;
    else if (code === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/**
 * The shift of an edit that replaced `oldLength` characters at `start` of `oldText` with
 * `newLength` characters of `newText`; `lineOf` gives the 1-based line of an old offset.
 */
export function shiftOf(
  oldText: string, newText: string, change: { start: number; oldLength: number; newLength: number }, lineOf: (offset: number) => number,
): Shift {
  const { start, oldLength, newLength } = change;
  return {
    offset: start + oldLength,
    by: newLength - oldLength,
    line: lineOf(start),
    lines: countLineBreaks(newText.slice(start, start + newLength)) - countLineBreaks(oldText.slice(start, start + oldLength)),
  };
}

/** A number in a report item moved by `shift`: fields named for offsets and 1-based lines, wherever they appear. */
function shiftNumber(key: string, value: number, shift: Shift): number {
  switch (key) {
    case 'start':
    case 'end':
      return value >= shift.offset ? value + shift.by : value;
    case 'line':
    case 'endLine':
    case 'awaitLine':
      return value > shift.line ? value + shift.lines : value;
    default:
      return value;
  }
}

/** `value` with its offsets and lines shifted; unchanged parts (and an unmoved item) are the same objects. */
export function shifted<T>(value: T, shift: Shift, key = ''): T {
  if (typeof value === 'number') return shiftNumber(key, value, shift) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const moved = shifted(item, shift);
      if (moved !== item) (out ??= value.slice())[i] = moved;
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const field in record) {
    const item = record[field];
    const moved = shifted(item, shift, field);
    if (moved !== item) (out ??= { ...record })[field] = moved;
  }
  return (out ?? value) as T;
}

/** Whether `next` equals `base` shifted, without building the shifted copy. */
export function equalsShifted(next: unknown, base: unknown, shift: Shift, key = ''): boolean {
  if (typeof base === 'number') return next === shiftNumber(key, base, shift);
  if (typeof base !== 'object' || base === null) return next === base;
  if (typeof next !== 'object' || next === null) return false;
  if (Array.isArray(base)) {
    if (!Array.isArray(next) || next.length !== base.length) return false;
    for (let i = 0; i < base.length; i++) if (!equalsShifted(next[i], base[i], shift)) return false;
    return true;
  }
  if (Array.isArray(next)) return false;
  const a = next as Record<string, unknown>;
  const b = base as Record<string, unknown>;
  let fields = 0;
  for (const field in b) {
    fields++;
    if (!(field in a) || !equalsShifted(a[field], b[field], shift, field)) return false;
  }
  for (const _ in a) fields--;
  return fields === 0;
}

/**
 * True for an item the edit cannot have moved: one with a span that ends before the edit (lines
 * in its data lie inside the span), or any item when the edit moved nothing. The analysis hands
 * back the very finding objects of functions it did not check again, so for those a shared
 * object is an equal one without comparing every field.
 */
function unmoved(item: unknown, shift: Shift): boolean {
  const span = (item as { span?: { end: number; endLine: number } } | null)?.span;
  if (span === undefined) return false;
  return (shift.by === 0 && shift.lines === 0) || (span.end < shift.offset && span.endLine <= shift.line);
}

/** How far ahead in the base list a new item is looked for (items stay in order; an edit adds or drops a few). */
const LOOKAHEAD = 8;

/** `next` as entries that refer to the items of `base` (shifted) where they can. */
export function encodeList<T>(base: readonly T[], next: readonly T[], shift: Shift): DeltaList<T> {
  const out: DeltaList<T> = new Array(next.length);
  let from = 0;
  for (let i = 0; i < next.length; i++) {
    const item = next[i];
    out[i] = item;
    const last = Math.min(base.length, from + LOOKAHEAD);
    for (let j = from; j < last; j++) {
      if ((item === base[j] && unmoved(item, shift)) || equalsShifted(item, base[j], shift)) {
        out[i] = j;
        from = j + 1;
        break;
      }
    }
  }
  return out;
}

/** The list `encodeList(base, …)` described. */
export function decodeList<T>(base: readonly T[], list: DeltaList<T>, shift: Shift): T[] {
  return list.map((entry) => {
    if (typeof entry !== 'number') return entry;
    if (entry < 0 || entry >= base.length) throw new Error(`report delta refers to item ${entry} of ${base.length}`);
    const item = base[entry];
    return unmoved(item, shift) ? item : shifted(item, shift);
  });
}
