// Making a synchronous function async: offered only when every caller is in this file and can
// `await` it (no export, no use as a value, every caller already async). The edits add
// `async`, wrap a return type in `Promise<…>` and put `await` before each call.
import * as ts from 'typescript';
import type { CallFact, FunctionFacts } from '../analysis';
import type { RewriteContext } from './context';
import { nameIndex } from './name-index';
import { awaitBlocker, awaitNeedsParens, needsAsiGuard } from './syntax';
import type { TextEdit } from './types';

export interface AsyncPlan {
  edits: TextEdit[];
  /** Call sites that now await the function. */
  callSites: CallFact[];
}

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** The name callers use and the node that declares it, for a function declaration or `const f = () => …`. */
export function bindingOf(unit: FunctionFacts): { name: string; nameNode: ts.Identifier; statement: ts.Statement } | string {
  const node = unit.node;
  if (ts.isFunctionDeclaration(node)) {
    if (!node.name) return 'it has no name';
    return { name: node.name.text, nameNode: node.name, statement: node };
  }
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent) &&
      node.parent.initializer === node && ts.isIdentifier(node.parent.name) && ts.isVariableDeclarationList(node.parent.parent) &&
      ts.isVariableStatement(node.parent.parent.parent)) {
    return { name: node.parent.name.text, nameNode: node.parent.name, statement: node.parent.parent.parent };
  }
  if (ts.isMethodDeclaration(node)) return 'it is a method, whose callers cannot all be found';
  return 'it is not a named function';
}

/** Calls in the file that the analyzer resolved to `unit`. */
export function callSitesOf(unit: FunctionFacts, context: RewriteContext): CallFact[] {
  const out: CallFact[] = [];
  for (const u of context.facts.units) {
    for (const call of u.calls) if (call.resolved?.kind === 'local' && call.resolved.unit === unit) out.push(call);
  }
  return out;
}

/** Identifiers naming the function other than its declaration and its resolved call sites: uses as a value. */
export function valueUses(context: RewriteContext, name: string, nameNode: ts.Node, calls: readonly CallFact[]): ts.Identifier[] {
  const callees = new Set<ts.Node>(calls.map((c) => c.node.expression));
  return (nameIndex(context.sourceFile).references.get(name) ?? []).filter((id) => id !== nameNode && !callees.has(id));
}

function isExported(context: RewriteContext, name: string, statement: ts.Statement): boolean {
  if (hasExportModifier(statement)) return true;
  return context.sourceFile.statements.some((s) =>
    (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause) &&
      s.exportClause.elements.some((e) => (e.propertyName ?? e.name).getText() === name)) ||
    (ts.isExportAssignment(s) && ts.isIdentifier(s.expression) && s.expression.text === name));
}

/** Insertions that put `await` before `node` (in parentheses where its position needs them). */
export function awaitEdits(node: ts.Node, context: RewriteContext): TextEdit[] {
  const sf = context.sourceFile;
  const start = node.getStart(sf);
  if (!awaitNeedsParens(node)) return [{ start, end: start, newText: 'await ' }];
  let statement: ts.Node = node;
  while (statement.parent && !ts.isExpressionStatement(statement) && statement.parent.getStart(sf) === start) statement = statement.parent;
  const guard = ts.isExpressionStatement(statement) && needsAsiGuard(statement, sf) ? ';' : '';
  return [{ start, end: start, newText: `${guard}(await ` }, { start: node.getEnd(), end: node.getEnd(), newText: ')' }];
}

/** Edits that make `unit` async and await it at every call site, or why that is not safe. */
export function makeAsyncPlan(context: RewriteContext, unit: FunctionFacts): AsyncPlan | string {
  const sf = context.sourceFile;
  if (unit.kind === 'module') return 'top-level code of a CommonJS module cannot `await`';
  if (unit.kind === 'getter' || unit.kind === 'setter' || unit.kind === 'constructor') return `a ${unit.kind} cannot be async`;
  if (unit.isGenerator) return 'it is a generator';
  if (unit.inlineLoop) return `it is the callback of \`${unit.inlineLoop.callbackMethod}\`, which would not wait for it`;
  if (unit.isIife) return 'it is called where it is defined';
  const binding = bindingOf(unit);
  if (typeof binding === 'string') return `\`${unit.name}\` cannot become async: ${binding}`;
  const { name, nameNode, statement } = binding;
  if (isExported(context, name, statement)) return `\`${name}\` is exported: callers in other files would get a Promise`;
  const calls = callSitesOf(unit, context);
  const values = valueUses(context, name, nameNode, calls);
  if (values.length > 0) return `\`${name}\` is used as a value on line ${lineOf(values[0])}, so not every caller can be found`;
  const edits: TextEdit[] = [];
  for (const call of calls) {
    if (call.awaited) continue;
    const caller = call.unit === unit ? { ...unit, isAsync: true } : call.unit;
    const blocker = awaitBlocker(call.node, caller, context.topLevelAwait);
    if (blocker) return `its caller on line ${lineOf(call.node)} cannot wait for it: ${blocker}`;
    edits.push(...awaitEdits(call.node, context));
  }
  const fn = unit.node as ts.FunctionLikeDeclaration;
  const keyword = ts.isArrowFunction(fn) ? fn : fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
  if (!keyword) return 'its `function` keyword was not found';
  const at = keyword.getStart(sf);
  edits.push({ start: at, end: at, newText: 'async ' });
  if (fn.type && !/^Promise\s*</.test(fn.type.getText(sf))) {
    edits.push({ start: fn.type.getStart(sf), end: fn.type.getEnd(), newText: `Promise<${fn.type.getText(sf)}>` });
  }
  return { edits, callSites: calls };
}
