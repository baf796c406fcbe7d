// Reads the pragma comments: `// @workload <label>` above a function overrides its label;
// `// workload-hints-disable-next-line <rule…>` and `/* workload-hints-disable <rule…> */`
// (until `/* workload-hints-enable <rule…> */`) suppress findings.
import * as ts from 'typescript';
// Plain locals: a bundled CommonJS `ts` namespace reads every member through a getter.
const { getLeadingCommentRanges, getTrailingCommentRanges } = ts;
import { LABELS, type Label } from './types';

interface Range {
  rules: Set<string> | undefined;
  fromLine: number;
  toLine: number;
}

export interface Suppressions {
  isSuppressed(rule: string, line: number): boolean;
}

const NO_SUPPRESSIONS: Suppressions = { isSuppressed: () => false };

function parseRules(list: string): Set<string> | undefined {
  const rules = list.split('--')[0].split(/[\s,]+/).filter(Boolean);
  return rules.length > 0 ? new Set(rules) : undefined;
}

function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The innermost node or token whose range (with its leading trivia) holds `offset`. */
function nodeAt(sourceFile: ts.SourceFile, offset: number): ts.Node {
  let node: ts.Node = sourceFile;
  descend: for (;;) {
    for (const child of node.getChildren(sourceFile)) {
      if (child.pos <= offset && offset < child.end) {
        node = child;
        continue descend;
      }
    }
    return node;
  }
}

/** True when a comment starts at `offset` (not text inside a string, template or regex). */
function startsComment(sourceFile: ts.SourceFile, offset: number): boolean {
  const trivia = nodeAt(sourceFile, offset).pos;
  const text = sourceFile.text;
  const isStart = (ranges: ts.CommentRange[] | undefined) => !!ranges?.some((r) => r.pos === offset);
  return isStart(getLeadingCommentRanges(text, trivia)) || isStart(getTrailingCommentRanges(text, trivia));
}

/** Parses suppression comments. Lines are 1-based. */
export function parseSuppressions(sourceFile: ts.SourceFile): Suppressions {
  const text = sourceFile.text;
  if (!text.includes('workload-hints-')) return NO_SUPPRESSIONS;
  const lineStarts = sourceFile.getLineStarts();
  const ranges: Range[] = [];
  const open: Array<{ rules: Set<string> | undefined; fromLine: number }> = [];
  const pattern = /\/\/\s*workload-hints-(disable-next-line|disable-line)(?![\w-])([^\n]*)|\/\*\s*workload-hints-(disable|enable)(?![\w-])([\s\S]*?)\*\//g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (!startsComment(sourceFile, m.index)) {
      // Pattern: '/* workload-hints-disable' in a string — look for real directives right after it.
      pattern.lastIndex = m.index + 2;
      continue;
    }
    const line = lineAt(lineStarts, m.index);
    if (m[1] === 'disable-next-line') ranges.push({ rules: parseRules(m[2]), fromLine: line + 1, toLine: line + 1 });
    else if (m[1] === 'disable-line') ranges.push({ rules: parseRules(m[2]), fromLine: line, toLine: line });
    else if (m[3] === 'disable') open.push({ rules: parseRules(m[4]), fromLine: line });
    else {
      const rules = parseRules(m[4]);
      for (let i = open.length - 1; i >= 0; i--) {
        const o = open[i];
        const matches = !rules || !o.rules || [...o.rules].every((r) => rules.has(r));
        if (matches) {
          ranges.push({ rules: o.rules, fromLine: o.fromLine, toLine: line });
          open.splice(i, 1);
        }
      }
    }
  }
  for (const o of open) ranges.push({ rules: o.rules, fromLine: o.fromLine, toLine: Number.MAX_SAFE_INTEGER });
  return {
    isSuppressed: (rule, line) => ranges.some((r) => line >= r.fromLine && line <= r.toLine && (!r.rules || r.rules.has(rule))),
  };
}

const LABEL_PRAGMA = /@workload\s+([A-Za-z-]+)/;

/** The `@workload <label>` pragma in the comments right above `declNode`, with its line. */
export function labelPragma(declNode: ts.Node, sourceFile: ts.SourceFile): { label: Label; line: number } | { invalid: string; line: number } | undefined {
  const text = sourceFile.text;
  const comments = getLeadingCommentRanges(text, declNode.getFullStart());
  if (!comments) return undefined;
  for (let i = comments.length - 1; i >= 0; i--) {
    const comment = text.slice(comments[i].pos, comments[i].end);
    const m = LABEL_PRAGMA.exec(comment);
    if (!m) continue;
    const line = sourceFile.getLineAndCharacterOfPosition(comments[i].pos + m.index).line + 1;
    const label = m[1] as Label;
    return LABELS.includes(label) ? { label, line } : { invalid: m[1], line };
  }
  return undefined;
}
