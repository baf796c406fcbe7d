// Syntax helpers the rewrites share: finding nodes by offset, where `await` may go and when
// it needs parentheses, identifier references, comments in a range, re-indenting code.
import * as ts from 'typescript';
import type { FileFacts, FunctionFacts } from '../analysis';

/** The outermost node starting at `start` (and ending at `end`, when given) that satisfies `test`. */
export function findNode<T extends ts.Node>(sourceFile: ts.SourceFile, start: number, test: (n: ts.Node) => n is T, end?: number): T | undefined {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() < start || node.pos > start) return;
    if (node.getStart(sourceFile) === start && test(node) && (end === undefined || node.getEnd() === end)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The function unit whose body holds `node` directly (not inside a nested function). */
export function unitOf(node: ts.Node, facts: FileFacts): FunctionFacts {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    const unit = facts.units.find((u) => u.node === n);
    if (unit) return unit;
  }
  return facts.moduleUnit;
}

/** The unit with the given node. */
export function unitByNode(node: ts.Node, facts: FileFacts): FunctionFacts | undefined {
  return facts.units.find((u) => u.node === node);
}

/**
 * Why `await` cannot be written at `node` in its unit, or undefined when it can: the unit is
 * async (or a module that allows top-level await) and `node` is not in a parameter list,
 * a class field or a decorator.
 */
export function awaitBlocker(node: ts.Node, unit: FunctionFacts, topLevelAwait: boolean): string | undefined {
  for (let n: ts.Node = node; n !== unit.node && n.parent; n = n.parent) {
    if (ts.isParameter(n)) return 'it is in a parameter default';
    if (ts.isPropertyDeclaration(n) || ts.isClassStaticBlockDeclaration(n)) return 'it is in a class field';
    if (ts.isDecorator(n)) return 'it is in a decorator';
    if (ts.isComputedPropertyName(n)) return 'it is in a computed property name';
  }
  if (unit.kind === 'module') return topLevelAwait ? undefined : 'top-level code of a CommonJS module cannot `await`';
  if (!unit.isAsync) return `\`${unit.name}\` is not async`;
  return undefined;
}

/** True when `await <node>` must be parenthesised where `node` stands. */
export function awaitNeedsParens(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node) return true;
  if (ts.isTaggedTemplateExpression(parent) && parent.tag === node) return true;
  if (ts.isNonNullExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken) return true;
  return false;
}

/** `await <text>`, parenthesised when `node`'s position needs it. */
export function awaitText(text: string, node: ts.Node): string {
  return awaitNeedsParens(node) ? `(await ${text})` : `await ${text}`;
}

/** True when `expr` can stand before `.map(…)` without parentheses. */
export function isMemberReceiver(expr: ts.Expression): boolean {
  return ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr) ||
    ts.isCallExpression(expr) || ts.isArrayLiteralExpression(expr) || ts.isParenthesizedExpression(expr) ||
    expr.kind === ts.SyntaxKind.ThisKeyword || ts.isObjectLiteralExpression(expr) ||
    (ts.isNewExpression(expr) && expr.arguments !== undefined) || ts.isTemplateExpression(expr) || ts.isNoSubstitutionTemplateLiteral(expr);
}

/** True for an identifier in a position that reads or writes a variable (not a property name or a declaration's key). */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) ||
       ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) return false;
  if (ts.isJsxAttribute(p)) return false;
  if (ts.isMetaProperty(p)) return false;
  return true;
}

/** Every identifier in `root` with the given name that is a reference (see isReference). */
export function referencesNamed(root: ts.Node, name: string): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && isReference(node)) out.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return out;
}

/** All identifier texts in `root` (any position): names a new binding must not take. */
export function identifierTexts(root: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) out.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return out;
}

/** `base`, or `base2`, `base3`… — the first not in `taken`. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** True when `node` is inside `ancestor` (or is it). */
export function isInside(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node);
}

export interface CommentRange {
  pos: number;
  end: number;
  text: string;
  /** Starts on a line that holds code before it. */
  trailing: boolean;
}

/** Comments in `text` between `start` and `end` that lie outside every range in `skip`. */
export function commentsIn(sourceFile: ts.SourceFile, start: number, end: number, skip: ReadonlyArray<readonly [number, number]> = []): CommentRange[] {
  const text = sourceFile.text;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, text, undefined, start, end - start);
  const out: CommentRange[] = [];
  let pos = start;
  while (pos < end) {
    const skipped = skip.find(([a, b]) => pos >= a && pos < b);
    if (skipped) {
      scanner.resetTokenState(skipped[1]);
      pos = skipped[1];
      continue;
    }
    const kind = scanner.scan();
    if (kind === ts.SyntaxKind.EndOfFileToken) break;
    const tokenStart = scanner.getTokenStart();
    const tokenEnd = scanner.getTokenEnd();
    if ((kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) &&
        !skip.some(([a, b]) => tokenStart >= a && tokenStart < b)) {
      const lineStart = text.lastIndexOf('\n', tokenStart - 1) + 1;
      out.push({ pos: tokenStart, end: tokenEnd, text: text.slice(tokenStart, tokenEnd), trailing: text.slice(lineStart, tokenStart).trim() !== '' });
    }
    pos = tokenEnd;
  }
  return out;
}

/** Offsets inside template literals and strings of `node`, where a newline belongs to the value. */
function literalRanges(node: ts.Node): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isStringLiteral(n)) {
      ranges.push([n.getStart(), n.getEnd()]);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return ranges;
}

/**
 * The text of `node` with every line after the first re-indented from `fromIndent` to
 * `toIndent`. Lines that continue a template literal keep their exact text.
 */
export function reindentNode(node: ts.Node, sourceFile: ts.SourceFile, fromIndent: string, toIndent: string, start = node.getStart(sourceFile), end = node.getEnd()): string {
  const text = sourceFile.text;
  const ranges = literalRanges(node);
  let out = '';
  let cursor = start;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    const lineStart = i + 1;
    out += text.slice(cursor, lineStart);
    cursor = lineStart;
    if (ranges.some(([a, b]) => lineStart > a && lineStart < b)) continue;
    const line = text.slice(lineStart, Math.min(end, text.indexOf('\n', lineStart) === -1 ? end : text.indexOf('\n', lineStart)));
    if (line.startsWith(fromIndent)) {
      out += toIndent;
      cursor += fromIndent.length;
    } else if (line.trim() !== '') {
      const lead = /^[ \t]*/.exec(line)![0];
      out += toIndent;
      cursor += lead.length;
    }
  }
  return out + text.slice(cursor, end);
}

/** The modifiers of a statement as written (`export`, `declare`…), or ''. */
export function modifiersText(node: ts.Node, sourceFile: ts.SourceFile): string {
  if (!ts.canHaveModifiers(node)) return '';
  const mods = ts.getModifiers(node);
  if (!mods || mods.length === 0) return '';
  return sourceFile.text.slice(mods[0].getStart(sourceFile), mods[mods.length - 1].getEnd()) + ' ';
}

/** True when a statement of this kind ends with a `}` that closes a block (no ASI hazard after it). */
export function endsWithBlock(statement: ts.Statement): boolean {
  if (statement.getSourceFile().text[statement.getEnd() - 1] !== '}') return false;
  return ts.isBlock(statement) || ts.isIfStatement(statement) || ts.isForStatement(statement) || ts.isForOfStatement(statement) ||
    ts.isForInStatement(statement) || ts.isWhileStatement(statement) || ts.isTryStatement(statement) || ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) || ts.isSwitchStatement(statement) || ts.isLabeledStatement(statement) ||
    ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement);
}

/**
 * True when a statement that starts with `(`, `[` or a template must be preceded by `;`:
 * the previous statement does not end with one and does not end a block.
 */
export function needsAsiGuard(statement: ts.Statement, sourceFile: ts.SourceFile): boolean {
  const parent = statement.parent as ts.Node & { statements?: ts.NodeArray<ts.Statement> };
  const siblings = parent.statements;
  if (!siblings) return false;
  const index = siblings.indexOf(statement);
  if (index <= 0) return false;
  const previous = siblings[index - 1];
  if (endsWithBlock(previous)) return false;
  return sourceFile.text[previous.getEnd() - 1] !== ';';
}
