// Builds the text edit of "Disable for this line": a `// workload-hints-disable-next-line`
// pragma above the finding, or the rule appended to a pragma already there. No `vscode` import.
import type { OffsetEdit } from './worker-protocol';

const PRAGMA = 'workload-hints-disable-next-line';
const EXISTING = /^([ \t]*)\/\/[ \t]*workload-hints-disable-next-line\b([^\r\n]*)$/;

/**
 * Returns the edit that suppresses `rule` on the line starting at offset `lineStart` of `text`.
 * Keeps the line's indentation and the file's line ending; returns undefined when the line
 * above already disables the rule.
 */
export function disableNextLineEdit(text: string, lineStart: number, rule: string): OffsetEdit | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indentation = /[ \t]*/y;
  indentation.lastIndex = lineStart;
  const indent = indentation.exec(text)?.[0] ?? '';
  const previous = previousLine(text, lineStart);
  if (previous) {
    const line = text.slice(previous.start, previous.end);
    const match = EXISTING.exec(line);
    if (match) {
      // Pattern: `// workload-hints-disable-next-line a b -- why`; the rules end at `--`.
      const body = match[2];
      const dashes = body.indexOf('--');
      const ruleList = (dashes >= 0 ? body.slice(0, dashes) : body).trimEnd();
      const rules = ruleList.split(/[\s,]+/).filter(Boolean);
      // A pragma without rules disables every rule already.
      if (rules.length === 0 || rules.includes(rule)) return undefined;
      const end = previous.start + line.length - body.length + ruleList.length;
      return { start: end, end, newText: ` ${rule}` };
    }
  }
  return { start: lineStart, end: lineStart, newText: `${indent}// ${PRAGMA} ${rule}${eol}` };
}

function previousLine(text: string, lineStart: number): { start: number; end: number } | undefined {
  if (lineStart === 0) return undefined;
  let end = lineStart - 1;
  if (text[end] === '\n' && text[end - 1] === '\r') end--;
  const start = Math.max(text.lastIndexOf('\n', end - 1) + 1, 0);
  return { start, end };
}
