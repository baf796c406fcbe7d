// The style of the file being edited, so new code looks like its neighbours: line ending,
// indentation unit, semicolons, quotes, the `node:` prefix on built-in modules.
import * as ts from 'typescript';

export interface SourceStyle {
  eol: string;
  indentUnit: string;
  semicolons: boolean;
  quote: "'" | '"';
  /** Built-in modules are imported as `node:fs` (true) or `fs`. */
  nodePrefix: boolean;
}

const BUILTINS = /^(node:)?(fs|fs\/promises|path|os|crypto|zlib|util|child_process|http|https|net|url|stream|events|worker_threads|timers|timers\/promises|readline|dns|assert|buffer)$/;

export function detectStyle(sourceFile: ts.SourceFile): SourceStyle {
  const text = sourceFile.text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';

  let tabs = 0;
  const widths = new Map<number, number>();
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead.startsWith('\t')) tabs++;
    const width = lead.replace(/\t/g, '').length;
    const diff = width - previous;
    if (diff >= 2 && diff <= 8) widths.set(diff, (widths.get(diff) ?? 0) + 1);
    previous = width;
  }
  let unit = 2;
  let best = 0;
  for (const [w, count] of widths) if (count > best) { best = count; unit = w; }
  const indentUnit = tabs > widths.size * 2 && tabs > 0 ? '\t' : ' '.repeat(unit);

  let withSemi = 0;
  let withoutSemi = 0;
  let single = 0;
  let double = 0;
  let prefixed = 0;
  let bare = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isReturnStatement(node) ||
        ts.isImportDeclaration(node) || ts.isThrowStatement(node)) {
      if (text[node.getEnd() - 1] === ';') withSemi++;
      else withoutSemi++;
    }
    if (ts.isStringLiteral(node) && !ts.isJsxAttribute(node.parent)) {
      const raw = text[node.getStart(sourceFile)];
      if (raw === "'") single++;
      else if (raw === '"') double++;
      if ((ts.isImportDeclaration(node.parent) || (ts.isCallExpression(node.parent) && node.parent.arguments[0] === node)) && BUILTINS.test(node.text)) {
        if (node.text.startsWith('node:')) prefixed++;
        else bare++;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return {
    eol,
    indentUnit,
    semicolons: withSemi >= withoutSemi,
    quote: double > single ? '"' : "'",
    nodePrefix: prefixed >= bare,
  };
}

/** The whitespace that starts the line holding `pos`. */
export function lineIndent(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Offset of the start of the line holding `pos`. */
export function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** A string literal in the file's quote style. */
export function quoted(value: string, style: SourceStyle): string {
  const q = style.quote;
  return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

/** `node:fs` or `fs`, as the file writes built-ins. */
export function builtin(name: string, style: SourceStyle): string {
  return style.nodePrefix ? `node:${name}` : name;
}

/** `;` when the file ends statements with one. */
export function semi(style: SourceStyle): string {
  return style.semicolons ? ';' : '';
}
