// Reads a loop body for what would change if its iterations ran at the same time: writes to
// outer variables, mutations of outer objects, output that must stay in order, and jumps
// (`continue`, `break`, `return`) that mean something else inside a callback.
import * as ts from 'typescript';
import { isFunctionLike, isReference } from './syntax';

const MUTATING_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
  'add', 'set', 'delete', 'clear', 'append', 'enqueue', 'dequeue',
]);
/** Calls whose effects are seen in the order they happen: logs, writes to one stream or file. */
const ORDERED_SINK = /^(write|writeln|writeFile|appendFile|append|send|pipe|enqueue|emit|log|info|warn|error|debug|trace|print|insertBefore|appendChild)$/;
const SESSION_RECEIVER = /^(client|conn|connection|db|tx|trx|transaction|session|page|socket|ws|stream|cursor|channel|queue|browser|writer|file|handle|fh|this)$/i;
const MUTATING_VERBS = /^(write|append|put|post|patch|set|save|store|update|upsert|insert|add|delete|del|remove|rm|unlink|rename|move|truncate|drop|clear|reset|send|publish|emit|push|commit|rollback|flush|close|end|destroy|kill|increment|decrement|incr|decr)/i;

export interface BodyReport {
  /** Names declared inside the body (per iteration). */
  locals: Set<string>;
  /** Outer variables assigned or updated. */
  writes: Set<string>;
  /** Outer objects changed in place, with the calls/assignments that do it. */
  mutations: Array<{ root: string; node: ts.Node }>;
  /** Why the order of the body's effects matters, if it does. */
  ordered?: string;
  /** `continue` statements that target the loop (become `return` in a callback). */
  continues: ts.ContinueStatement[];
  /** Why the body cannot move into a callback at all. */
  blocker?: string;
}

function rootOf(expr: ts.Expression): string | undefined {
  while (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr) || ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) {
    expr = expr.expression;
  }
  if (ts.isIdentifier(expr)) return expr.text;
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return undefined;
}

function declaredIn(root: ts.Node, names: Set<string>): void {
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) addBinding(n.name);
    if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassExpression(n)) && n.name) names.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(root);
}

/** The loop a `continue`/`break` without a label, or with `label`, refers to. */
function jumpTarget(jump: ts.BreakOrContinueStatement): ts.Node | undefined {
  for (let n: ts.Node = jump.parent; n; n = n.parent) {
    if (isFunctionLike(n)) return undefined;
    if (jump.label) {
      if (ts.isLabeledStatement(n) && n.label.text === jump.label.text) return n.statement;
    } else if (ts.isIterationStatement(n, false) || (ts.isBreakStatement(jump) && ts.isSwitchStatement(n))) {
      return n;
    }
  }
  return undefined;
}

/**
 * What running `body` (the body of `loop`) once per item at the same time would change.
 * `iterationNames` are the loop variables, local to each iteration.
 */
export function readLoopBody(loop: ts.Node, body: ts.Node, iterationNames: readonly string[]): BodyReport {
  const locals = new Set(iterationNames);
  declaredIn(body, locals);
  const report: BodyReport = { locals, writes: new Set(), mutations: [], continues: [] };
  const isOuter = (name: string | undefined): name is string => name !== undefined && !locals.has(name);

  const visit = (n: ts.Node, inFunction: boolean): void => {
    if (!inFunction) {
      if (ts.isReturnStatement(n)) report.blocker ??= '`return` inside the loop leaves the function early';
      if (ts.isYieldExpression(n)) report.blocker ??= 'the loop body yields';
      if (ts.isVariableStatement(n) && !(n.declarationList.flags & ts.NodeFlags.BlockScoped)) {
        report.blocker ??= `\`var ${n.declarationList.declarations[0].name.getText()}\` is shared by all iterations`;
      }
      if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) {
        const target = jumpTarget(n);
        if (target === loop) {
          if (ts.isContinueStatement(n)) report.continues.push(n);
          else report.blocker ??= '`break` stops the loop early';
        } else if (target === undefined || !isInsideNode(target, body)) {
          report.blocker ??= `\`${ts.isBreakStatement(n) ? 'break' : 'continue'}\` jumps out of the loop`;
        }
      }
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = skipParens(n.left);
      if (ts.isIdentifier(left)) {
        if (isOuter(left.text)) report.writes.add(left.text);
      } else if (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left)) {
        for (const id of identifiersIn(left)) if (isOuter(id)) report.writes.add(id);
      } else {
        const root = rootOf(left);
        if (isOuter(root)) report.mutations.push({ root, node: n });
      }
    }
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
        (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
      const operand = skipParens(n.operand);
      const root = rootOf(operand);
      if (ts.isIdentifier(operand) && isOuter(operand.text)) report.writes.add(operand.text);
      else if (isOuter(root)) report.mutations.push({ root, node: n });
    }
    if (ts.isDeleteExpression(n)) {
      const root = rootOf(n.expression);
      if (isOuter(root)) report.mutations.push({ root, node: n });
    }
    if (ts.isCallExpression(n)) {
      const callee = skipParens(n.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        const root = rootOf(callee.expression);
        if (MUTATING_METHODS.has(method) && isOuter(root)) report.mutations.push({ root, node: n });
        const path = callee.getText().replace(/\s+/g, '');
        if (!report.ordered) {
          if (root === 'console' || /^process\.(stdout|stderr)\./.test(path)) report.ordered = `\`${path}\` would print in the order the iterations finish`;
          else if (ORDERED_SINK.test(method) && !(method === 'push' || method === 'append' || method === 'set')) report.ordered = `\`${path}\` would run in the order the iterations finish`;
          else if (root && SESSION_RECEIVER.test(root) && isOuter(root) && MUTATING_VERBS.test(method)) report.ordered = `\`${path}\` changes \`${root}\` and would run in the order the iterations finish`;
        }
      }
    }
    ts.forEachChild(n, (c) => visit(c, inFunction || isFunctionLike(c)));
  };
  visit(body, false);
  return report;
}

function skipParens(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  return expr;
}

function identifiersIn(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && isReference(n)) out.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function isInsideNode(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}
