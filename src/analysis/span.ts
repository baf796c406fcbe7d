// Converts syntax nodes and offsets into Spans with 1-based lines and columns.
import type * as ts from 'typescript';
import type { Span } from './types';

export function spanOf(sourceFile: ts.SourceFile, start: number, end: number): Span {
  const a = sourceFile.getLineAndCharacterOfPosition(start);
  const b = sourceFile.getLineAndCharacterOfPosition(end);
  return { start, end, line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

/** Span of a node without its leading trivia. */
export function nodeSpan(node: ts.Node, sourceFile: ts.SourceFile): Span {
  return spanOf(sourceFile, node.getStart(sourceFile), node.getEnd());
}

export function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/**
 * Fills the source file's line map with native `indexOf` scans when the text breaks lines only
 * with \n or \r\n (the parser leaves it empty; TypeScript's own scan reads every character).
 * Other texts keep TypeScript's computation.
 */
export function primeLineMap(sourceFile: ts.SourceFile): void {
  const file = sourceFile as ts.SourceFile & { lineMap?: readonly number[] };
  if (file.lineMap) return;
  const text = file.text;
  if (/\r(?!\n)|[\u2028\u2029]/.test(text)) return;
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  file.lineMap = starts;
}
