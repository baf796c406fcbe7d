// Glob helpers for the workspace scan: VS Code's glob matcher takes one exclude pattern and
// does not nest `{…}` groups, so several patterns are flattened into one group. No `vscode`.

/** `a/{b,c}/*.{js,ts}` → the four patterns without braces. Unbalanced braces stay as they are. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length && close < 0; i++) {
    const char = pattern[i];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) close = i;
    else if (char === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...commas, close];
  const choices = bounds.slice(0, -1).map((start, i) => pattern.slice(start + 1, bounds[i + 1]));
  return choices.flatMap((choice) => expandBraces(head + choice + tail));
}

/** One pattern matching any of `patterns`, or undefined for none. */
export function joinGlobs(patterns: readonly string[]): string | undefined {
  const flat = [...new Set(patterns.flatMap(expandBraces))];
  if (flat.length === 0) return undefined;
  return flat.length === 1 ? flat[0] : `{${flat.join(',')}}`;
}
