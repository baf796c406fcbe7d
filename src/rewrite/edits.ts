// Applying edits: sorted by offset, overlaps dropped, identical duplicates merged. "Fix all"
// combines whole fixes the same way, so a fix is applied completely or not at all.
import type { Fix, TextEdit } from './types';

function byStart(a: TextEdit, b: TextEdit): number {
  return a.start - b.start || a.end - b.end;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** True when `b` cannot be applied together with `a` (identical edits merge instead). */
export function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (sameEdit(a, b)) return false;
  // Two insertions at one offset both apply, in the order given.
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies edits to `text`. Edits are sorted by start (insertions at one offset keep their
 * order); an edit that overlaps one already kept is dropped, an identical duplicate is merged.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const kept = selectEdits(edits).kept;
  let out = '';
  let cursor = 0;
  for (const edit of kept) {
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** Splits edits into those `applyEdits` applies (sorted) and those it drops. */
export function selectEdits(edits: readonly TextEdit[]): { kept: TextEdit[]; dropped: TextEdit[] } {
  const sorted = edits.map((edit, index) => ({ edit, index }))
    .sort((a, b) => byStart(a.edit, b.edit) || a.index - b.index)
    .map((x) => x.edit);
  const kept: TextEdit[] = [];
  const dropped: TextEdit[] = [];
  for (const edit of sorted) {
    if (kept.some((k) => sameEdit(k, edit))) continue;
    if (kept.some((k) => overlaps(k, edit))) dropped.push(edit);
    else kept.push(edit);
  }
  return { kept, dropped };
}

/**
 * Combines fixes for "fix all": a fix whose edits overlap those of a fix taken earlier is
 * skipped whole. Identical edits (the same import added twice) are shared.
 */
export function combineFixes(fixes: readonly Fix[]): { edits: TextEdit[]; applied: Fix[]; skipped: Fix[] } {
  const edits: TextEdit[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => edits.some((k) => overlaps(k, e)))) {
      skipped.push(fix);
      continue;
    }
    for (const e of fix.edits) if (!edits.some((k) => sameEdit(k, e))) edits.push(e);
    applied.push(fix);
  }
  return { edits, applied, skipped };
}

/**
 * Where the range `start..end` of the original text lies after `edits` (sorted, not
 * overlapping); insertions at either boundary count as inside, so the range covers them.
 */
export function mapRange(start: number, end: number, edits: readonly TextEdit[]): { start: number; end: number } {
  let delta = 0;
  let newStart = start;
  let startSet = false;
  for (const e of edits) {
    const growth = e.newText.length - (e.end - e.start);
    if (!startSet && (e.start >= start)) {
      newStart = start + delta;
      startSet = true;
    }
    if (!startSet && e.end > start) {
      newStart = e.start + delta;
      startSet = true;
    }
    if (e.start < end || (e.start === end && e.start === e.end)) delta += growth;
    else break;
  }
  if (!startSet) newStart = start + delta;
  return { start: newStart, end: end + delta };
}
