// sequential-awaits → one `Promise.all` over the awaited operands, destructured into the same
// names in the same order; `Promise.allSettled` as a second choice when each await had a
// try/catch of its own.
import * as ts from 'typescript';
import type { AwaitStatementFact, Finding, FunctionFacts } from '../analysis';
import type { RewriteContext } from './context';
import { lineIndent, semi } from './style';
import {
  commentsIn, isFunctionLike, isReference, modifiersText, needsAsiGuard, reindentNode, uniqueName,
  type CommentRange,
} from './syntax';
import type { Fix, FixPlan, Refusal } from './types';

/** Longest single-line `Promise.all` before it is laid out one operand per line. */
const MAX_LINE = 100;

interface Member {
  fact: AwaitStatementFact;
  statement: ts.Statement;
  /** The try statement when the await has a try/catch of its own. */
  tryStatement?: ts.TryStatement;
  /** The await statement itself (inside the try block when there is one). */
  inner: ts.Statement;
  kind: 'expr' | 'assign' | 'decl';
  awaitNode: ts.AwaitExpression;
  /** Declaration parts. */
  keyword?: 'const' | 'let' | 'var';
  name?: ts.BindingName;
  type?: ts.TypeNode;
  modifiers?: string;
  /** Assignment target. */
  target?: ts.Expression;
}

function stripParens(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  return expr;
}

/** The await statement's parts, or why it cannot join a destructuring. */
function describe(fact: AwaitStatementFact): Member | string {
  const statement = fact.node as ts.Statement;
  let inner: ts.Statement = statement;
  let tryStatement: ts.TryStatement | undefined;
  if (ts.isTryStatement(statement)) {
    tryStatement = statement;
    inner = statement.tryBlock.statements[0];
  }
  const base = { fact, statement, inner, tryStatement };
  if (ts.isExpressionStatement(inner)) {
    const expr = stripParens(inner.expression);
    if (ts.isAwaitExpression(expr)) return { ...base, kind: 'expr', awaitNode: expr };
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const right = stripParens(expr.right);
      if (!ts.isAwaitExpression(right)) return 'the awaited value is converted before it is assigned';
      return { ...base, kind: 'assign', awaitNode: right, target: expr.left };
    }
    return 'not a plain await';
  }
  if (ts.isVariableStatement(inner)) {
    const list = inner.declarationList;
    const decl = list.declarations[0];
    const init = decl.initializer && stripParens(decl.initializer);
    if (!init || !ts.isAwaitExpression(init)) return 'the awaited value is converted before it is stored (`as`, `!`)';
    const scoped = list.flags & ts.NodeFlags.BlockScoped;
    if (scoped === ts.NodeFlags.Using || scoped === ts.NodeFlags.AwaitUsing) return '`using` declarations dispose in order';
    const keyword = list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.Let ? 'let' : 'var';
    return {
      ...base, kind: tryStatement ? 'expr' : 'decl', awaitNode: init, keyword, name: decl.name, type: decl.type,
      modifiers: modifiersText(inner, inner.getSourceFile()),
    };
  }
  return 'not a plain await';
}

/** Names a statement declares or assigns (roots of assignment targets), anywhere inside it. */
function writtenNames(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const addTarget = (target: ts.Node): void => {
    if (ts.isIdentifier(target)) out.add(target.text);
    else if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      let root: ts.Expression = target;
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
      if (ts.isIdentifier(root)) out.add(root.text);
      if (root.kind === ts.SyntaxKind.ThisKeyword) out.add('this');
    } else if (ts.isArrayLiteralExpression(target)) target.elements.forEach(addTarget);
    else if (ts.isObjectLiteralExpression(target)) {
      for (const p of target.properties) {
        if (ts.isShorthandPropertyAssignment(p)) out.add(p.name.text);
        else if (ts.isPropertyAssignment(p)) addTarget(p.initializer);
      }
    } else if (ts.isParenthesizedExpression(target)) addTarget(target.expression);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isBindingElement(n)) {
      if (ts.isIdentifier(n.name)) out.add(n.name.text);
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) addTarget(n.left);
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
        (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) addTarget(n.operand);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** Names a statement reads (any reference), plus `this`. */
function readNames(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && isReference(n)) out.add(n.text);
    if (n.kind === ts.SyntaxKind.ThisKeyword) out.add('this');
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** Why running `members` together could change what they compute, or undefined. */
function dependency(members: Member[], unit: FunctionFacts): string | undefined {
  const writes = members.map((m) => writtenNames(m.statement));
  const reads = members.map((m) => readNames(m.statement));
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      for (const name of writes[i]) if (reads[j].has(name) || writes[j].has(name)) return `line ${lineOf(members[j].statement)} uses \`${name}\`, set on line ${lineOf(members[i].statement)}`;
      for (const name of writes[j]) if (reads[i].has(name)) return `line ${lineOf(members[i].statement)} reads \`${name}\`, which line ${lineOf(members[j].statement)} changes`;
    }
  }
  // An assignment target that outlives the statement can be read by the next call (a closure, `this`).
  for (const m of members) {
    if (m.kind !== 'assign' || !m.target) continue;
    const target = stripParens(m.target);
    if (!ts.isIdentifier(target)) return `it assigns \`${target.getText()}\`, which the other calls could read`;
    if (!isLocalUncaptured(target.text, unit)) return `\`${target.text}\` is shared with other functions, which the other calls could read`;
  }
  return undefined;
}

/** True when `name` is declared in `unit` itself (not module state) and no nested function uses it. */
function isLocalUncaptured(name: string, unit: FunctionFacts): boolean {
  if (unit.kind === 'module') return false;
  let declared = unit.params.includes(name);
  const visit = (n: ts.Node, nested: boolean): boolean => {
    if (ts.isIdentifier(n) && n.text === name) {
      if (nested && isReference(n)) return false;
      if (!nested && (ts.isVariableDeclaration(n.parent) || ts.isBindingElement(n.parent)) && n.parent.name === n) declared = true;
    }
    const inner = nested || (n !== unit.node && isFunctionLike(n));
    let ok = true;
    ts.forEachChild(n, (c) => {
      if (ok && !visit(c, inner)) ok = false;
    });
    return ok;
  };
  return visit(unit.node, false) && declared;
}

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** The operand of each member as an array element: the awaited expression, or the whole try in an async arrow. */
interface Element {
  text: string;
  leading: CommentRange[];
  trailing: CommentRange[];
}

function elementsOf(context: RewriteContext, members: Member[], indent: string, wrapTries: boolean): Element[] {
  const { sourceFile, style } = context;
  const text = sourceFile.text;
  const inner = indent + style.indentUnit;
  const elements: Element[] = [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    const statementStart = m.statement.getStart(sourceFile);
    let body: string;
    let skip: Array<[number, number]>;
    if (m.tryStatement && wrapTries) {
      body = `(async () => {${style.eol}${inner}${style.indentUnit}${reindentNode(m.tryStatement, sourceFile, indent, inner + style.indentUnit)}${style.eol}${inner}})()`;
      skip = [[statementStart, m.statement.getEnd()]];
    } else {
      const operand = m.awaitNode.expression;
      body = reindentNode(operand, sourceFile, indent, inner);
      skip = [[operand.getStart(sourceFile), operand.getEnd()]];
      // The catch block moves as a whole: its comments stay in it.
      if (m.tryStatement?.catchClause) skip.push([m.tryStatement.catchClause.getStart(sourceFile), m.tryStatement.catchClause.getEnd()]);
    }
    // Comments between the previous statement and this one (or inside this one, outside the operand).
    const from = i === 0 ? statementStart : members[i - 1].statement.getEnd();
    const comments = commentsIn(sourceFile, from, m.statement.getEnd(), skip);
    const element: Element = { text: body, leading: [], trailing: [] };
    for (const c of comments) {
      if (c.trailing && i > 0 && c.pos < statementStart && !text.slice(members[i - 1].statement.getEnd(), c.pos).includes('\n')) {
        elements[i - 1].trailing.push(c);
      } else {
        element.leading.push(c);
      }
    }
    elements.push(element);
  }
  return elements;
}

function arrayLiteral(context: RewriteContext, elements: Element[], indent: string, prefix: string): string {
  const { style } = context;
  const singleLine = elements.every((e) => !e.text.includes('\n') && e.leading.length === 0 && e.trailing.length === 0);
  const flat = `[${elements.map((e) => e.text).join(', ')}]`;
  if (singleLine && indent.length + prefix.length + flat.length + 3 <= MAX_LINE) return flat;
  const inner = indent + style.indentUnit;
  const lines = elements.map((e) => {
    const leading = e.leading.map((c) => `${inner}${c.text}${style.eol}`).join('');
    const trailing = e.trailing.map((c) => ` ${c.text}`).join('');
    return `${leading}${inner}${e.text},${trailing}`;
  });
  return `[${style.eol}${lines.join(style.eol)}${style.eol}${indent}]`;
}

/** The destructuring on the left of `= await Promise.all(…)`, or why there is none. */
function leftSide(context: RewriteContext, all: Member[], wrapTries: boolean): { text: string; declares: boolean } | string | undefined {
  const sf = context.sourceFile;
  // A try wrapped in an async arrow keeps its own assignment: its slot is a hole.
  const members = all.map((m) => (wrapTries && m.tryStatement ? { ...m, kind: 'expr' as const } : m));
  const results = members.filter((m) => m.kind !== 'expr');
  if (results.length === 0) return undefined;
  const decls = results.filter((m) => m.kind === 'decl');
  const assigns = results.filter((m) => m.kind === 'assign');
  if (decls.length > 0 && assigns.length > 0) return 'it mixes declarations and assignments, which one destructuring cannot hold';
  let lastResult = members.length - 1;
  while (members[lastResult].kind === 'expr') lastResult--;
  const slots = members.slice(0, lastResult + 1).map((m) => (m.kind === 'expr' ? '' : m.kind === 'decl' ? m.name!.getText(sf) : m.target!.getText(sf)));
  const pattern = `[${slots.join(', ')}]`;
  if (assigns.length > 0) return { text: pattern, declares: false };
  const keywords = new Set(decls.map((m) => m.keyword));
  if (keywords.size > 1) return `it mixes ${[...keywords].map((k) => `\`${k}\``).join(' and ')} declarations`;
  const modifiers = new Set(decls.map((m) => m.modifiers));
  if (modifiers.size > 1) return 'only some of the declarations are exported';
  const typed = decls.filter((m) => m.type);
  let annotation = '';
  if (typed.length > 0) {
    if (typed.length < decls.length) {
      const untyped = decls.find((m) => !m.type)!;
      return `\`${untyped.name!.getText(sf)}\` has no type annotation while others do, and one tuple type must name them all`;
    }
    annotation = `: [${members.slice(0, lastResult + 1).map((m) => (m.kind === 'expr' ? 'unknown' : m.type!.getText(sf))).join(', ')}]`;
  }
  return { text: `${decls[0].modifiers}${decls[0].keyword} ${pattern}${annotation}`, declares: true };
}

function promiseAllFix(context: RewriteContext, members: Member[], span: { start: number; end: number }): Fix | Refusal {
  const { sourceFile, style } = context;
  const first = members[0].statement;
  const indent = lineIndent(sourceFile.text, first.getStart(sourceFile));
  const left = leftSide(context, members, true);
  if (typeof left === 'string') return { id: 'promise-all', reason: left };
  const elements = elementsOf(context, members, indent, true);
  const prefix = left ? `${left.text} = await Promise.all(` : 'await Promise.all(';
  const array = arrayLiteral(context, elements, indent, prefix);
  const guard = left && !left.declares && needsAsiGuard(first, sourceFile) ? ';' : '';
  const newText = `${guard}${prefix}${array})${semi(style)}`;
  const tries = members.filter((m) => m.tryStatement).length;
  const what = tries > 0 ? `${members.length} awaits (each try/catch kept)` : `${members.length} awaits`;
  return {
    id: 'promise-all',
    title: `Run the ${what} together with Promise.all (every call starts even if an earlier one fails)`,
    kind: 'quickfix',
    isPreferred: true,
    edits: [{ start: span.start, end: span.end, newText }],
  };
}

/** Control flow a catch block would lose when it runs after every call has settled. */
function catchBlocker(block: ts.Block): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (isFunctionLike(n)) return;
    if (ts.isReturnStatement(n)) found = 'a catch block returns';
    else if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) found = `a catch block uses \`${ts.isBreakStatement(n) ? 'break' : 'continue'}\``;
    else ts.forEachChild(n, visit);
  };
  visit(block);
  return found;
}

function allSettledFix(context: RewriteContext, members: Member[], span: { start: number; end: number }): Fix | Refusal {
  const { sourceFile, style } = context;
  const text = sourceFile.text;
  if (!members.every((m) => m.tryStatement)) return { id: 'promise-all-settled', reason: 'not every await has a try/catch of its own' };
  for (const m of members) {
    const t = m.tryStatement!;
    if (t.finallyBlock) return { id: 'promise-all-settled', reason: 'a try has a `finally` block' };
    const blocker = catchBlocker(t.catchClause!.block);
    if (blocker) return { id: 'promise-all-settled', reason: `${blocker}, which would happen after the other calls already ran` };
  }
  const indent = lineIndent(text, members[0].statement.getStart(sourceFile));
  const inner = indent + style.indentUnit;
  const taken = new Set(context.taken);
  const names = members.map((m) => {
    const call = m.awaitNode.expression;
    const callee = ts.isCallExpression(call) ? call.expression : undefined;
    const base = callee && ts.isIdentifier(callee) ? callee.text : callee && ts.isPropertyAccessExpression(callee) ? callee.name.text : 'result';
    const name = uniqueName(`${base}Result`, taken);
    taken.add(name);
    return name;
  });
  const elements = elementsOf(context, members, indent, false);
  const declared = `const [${names.join(', ')}] = await Promise.allSettled(`;
  const lines = [`${declared}${arrayLiteral(context, elements, indent, declared)})${semi(style)}`];
  members.forEach((m, i) => {
    const clause = m.tryStatement!.catchClause!;
    const body = clause.block;
    const bodyText = text.slice(body.getStart(sourceFile) + 1, body.getEnd() - 1).replace(/^[ \t]*\r?\n/, '').replace(/\r?\n[ \t]*$/, '');
    const binding = clause.variableDeclaration
      ? `${inner}const ${clause.variableDeclaration.name.getText(sourceFile)} = ${names[i]}.reason${semi(style)}${style.eol}`
      : '';
    const bodyLines = !bodyText.trim() ? '' : bodyText.includes('\n') ? bodyText + style.eol : `${inner}${bodyText.trim()}${style.eol}`;
    const rejected = `${binding}${bodyLines}`;
    if (m.kind === 'assign') {
      lines.push(`${indent}if (${names[i]}.status === 'fulfilled') {${style.eol}${inner}${m.target!.getText(sourceFile)} = ${names[i]}.value${semi(style)}${style.eol}${indent}} else {${style.eol}${rejected}${indent}}`);
    } else if (rejected) {
      lines.push(`${indent}if (${names[i]}.status === 'rejected') {${style.eol}${rejected}${indent}}`);
    }
  });
  return {
    id: 'promise-all-settled',
    title: `Run the ${members.length} awaits together with Promise.allSettled (every call runs; each catch block runs after all have settled)`,
    kind: 'quickfix',
    edits: [{ start: span.start, end: span.end, newText: lines.join(style.eol).replace(/^[ \t]*/, '') }],
  };
}

/** The await statements of the finding, in order, from the facts of the unit that holds them. */
function groupOf(context: RewriteContext, finding: Finding): { unit: FunctionFacts; facts: AwaitStatementFact[] } | undefined {
  for (const unit of context.facts.units) {
    const facts = unit.awaitStatements
      .filter((s) => s.node.getStart(context.sourceFile) >= finding.span.start && s.node.getEnd() <= finding.span.end)
      .sort((a, b) => a.node.pos - b.node.pos);
    if (facts.length >= 2 && facts[0].node.getStart(context.sourceFile) === finding.span.start && facts[facts.length - 1].node.getEnd() === finding.span.end) {
      return { unit, facts };
    }
  }
  return undefined;
}

export function sequentialAwaitsFixes(context: RewriteContext, finding: Finding): FixPlan {
  const refuse = (reason: string): FixPlan => ({ fixes: [], refusals: [{ id: 'promise-all', reason }] });
  const group = groupOf(context, finding);
  if (!group) return refuse('the code changed since it was analysed');
  const { facts, unit } = group;
  for (let i = 1; i < facts.length; i++) {
    if (facts[i].block !== facts[0].block || facts[i].index !== facts[i - 1].index + 1) return refuse('the awaits are not consecutive statements');
  }
  const members: Member[] = [];
  for (const fact of facts) {
    const m = describe(fact);
    if (typeof m === 'string') return refuse(`line ${lineOf(fact.node)}: ${m}`);
    members.push(m);
  }
  const dep = dependency(members, unit);
  if (dep) return refuse(dep);
  const span = { start: finding.span.start, end: finding.span.end };
  const plan: FixPlan = { fixes: [], refusals: [] };
  for (const result of [promiseAllFix(context, members, span), ...(members.some((m) => m.tryStatement) ? [allSettledFix(context, members, span)] : [])]) {
    if ('edits' in result) plan.fixes.push(result);
    else plan.refusals.push(result);
  }
  return plan;
}
