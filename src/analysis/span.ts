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
