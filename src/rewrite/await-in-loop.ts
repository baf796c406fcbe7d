// await-in-loop → `await Promise.all(items.map(async (item) => …))`, or bounded concurrency
// with p-map past 50 items or an unknown count. Handles for…of, indexed and counting `for`,
// and `forEach(async …)`; a loop that only collects `out.push(…)` becomes `const out = await …`
// so the results keep their order.
import * as ts from 'typescript';
import type { Finding, LoopFact } from '../analysis';
import type { RewriteContext } from './context';
import { applyEdits } from './edits';
import { insertStatementsEdit, moduleBindings } from './imports';
import { readLoopBody, type BodyReport } from './loop-body';
import { dependencyNote } from './package-json';
import { hasDependency, keepsDynamicImport } from './project';
import { lineIndent, lineStartOf, quoted, semi } from './style';
import { awaitBlocker, isMemberReceiver, isReference, modifiersText, referencesNamed, uniqueName, unitOf } from './syntax';
import type { Fix, FixPlan, Refusal, TextEdit } from './types';

/** Below this many known items `Promise.all`; at or above it, or unknown, bounded concurrency (DESIGN.md). */
const PROMISE_ALL_LIMIT = 50;
const DEFAULT_CONCURRENCY = 8;
export const P_MAP_VERSION = '^7.1.1';

/** How the loop turns into a list of promises. */
interface Shape {
  /** The loop statement (with its label) or the forEach call statement that is replaced. */
  statement: ts.Statement;
  /** Callback parameters, e.g. `url` or `(_, i)` parts. */
  params: string[];
  /** `urls.map(CB)`, `Array.from(urls, CB)`, `Array.from({ length: n }, CB)`: with CB as a placeholder. */
  promiseAll: (callback: string) => string;
  /** `pMap(urls, CB, options)` form, or why there is none. */
  pMap: ((pMap: string, callback: string, options: string) => string) | string;
  body: ts.Statement;
  /** Edits inside the body (e.g. `urls[i]` → `url`). */
  bodyEdits: TextEdit[];
  /** Text used in titles: `urls.map(async …)`. */
  label: string;
}

function nameOf(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

/** A singular name for one item of `collection`: `urls` → `url`, `entries` → `entry`. */
function itemName(collection: ts.Expression, taken: ReadonlySet<string>): string {
  const base = nameOf(collection) ?? 'item';
  let singular = /ies$/.test(base) ? base.replace(/ies$/, 'y') : /[^s]s$/.test(base) ? base.slice(0, -1) : 'item';
  if (!/^[A-Za-z_$][\w$]*$/.test(singular) || singular === base) singular = 'item';
  return uniqueName(singular, taken);
}

const ARRAY_METHODS = /^(map|filter|slice|concat|flat|flatMap|toSorted|toReversed|toSpliced|split|fill|sort|reverse)$/;

function isArrayType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return true;
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return isArrayType(type.type);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return /^(Array|ReadonlyArray)$/.test(type.typeName.text);
  return false;
}

/** True when `expr` is certainly an array (so `.map` exists), from its syntax or its declaration's type. */
export function isKnownArray(expr: ts.Expression, scopeNode: ts.Node, depth = 0): boolean {
  if (depth > 4) return false;
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) return isArrayType(expr.type) || isKnownArray(expr.expression, scopeNode, depth + 1);
  if (ts.isArrayLiteralExpression(expr)) return true;
  if (ts.isCallExpression(expr)) {
    const callee = expr.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = callee.expression;
      if (ts.isIdentifier(owner) && owner.text === 'Object' && /^(keys|values|entries|getOwnPropertyNames)$/.test(callee.name.text)) return true;
      if (ts.isIdentifier(owner) && owner.text === 'Array' && /^(from|of)$/.test(callee.name.text)) return true;
      if (ARRAY_METHODS.test(callee.name.text)) return callee.name.text === 'split' || isKnownArray(owner, scopeNode, depth + 1);
    }
    return false;
  }
  if (ts.isIdentifier(expr)) {
    const name = expr.text;
    let found: boolean | undefined;
    const visit = (n: ts.Node): void => {
      if (found !== undefined) return;
      if ((ts.isParameter(n) || ts.isVariableDeclaration(n)) && ts.isIdentifier(n.name) && n.name.text === name) {
        found = isArrayType(n.type) || (!!n.initializer && isKnownArray(n.initializer, scopeNode, depth + 1));
        return;
      }
      ts.forEachChild(n, visit);
    };
    for (let n: ts.Node | undefined = expr.parent; n && found === undefined; n = n.parent) {
      if (ts.isSourceFile(n) || ts.isFunctionLike(n)) visit(n);
    }
    return found ?? false;
  }
  return false;
}

function receiver(expr: ts.Expression, sf: ts.SourceFile): string {
  return isMemberReceiver(expr) ? expr.getText(sf) : `(${expr.getText(sf)})`;
}

function isSimpleReference(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr) || expr.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(expr)) return isSimpleReference(expr.expression);
  return false;
}

function isIncrement(expr: ts.Expression | undefined, counter: string): boolean {
  if (!expr) return false;
  if ((ts.isPostfixUnaryExpression(expr) || ts.isPrefixUnaryExpression(expr)) && expr.operator === ts.SyntaxKind.PlusPlusToken) {
    return ts.isIdentifier(expr.operand) && expr.operand.text === counter;
  }
  if (ts.isBinaryExpression(expr) && ts.isIdentifier(expr.left) && expr.left.text === counter) {
    if (expr.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) return ts.isNumericLiteral(expr.right) && expr.right.text === '1';
  }
  return false;
}

function outerStatement(node: ts.Statement): ts.Statement {
  return ts.isLabeledStatement(node.parent) ? outerStatement(node.parent) : node;
}

/** Shape of a `for…of`, indexed `for` or counting `for` loop, or why it has none. */
function statementShape(context: RewriteContext, loop: LoopFact, taken: Set<string>): Shape | string {
  const sf = context.sourceFile;
  const node = loop.node;
  if (ts.isForOfStatement(node)) {
    if (node.awaitModifier) return '`for await` reads its source in order';
    const init = node.initializer;
    if (!ts.isVariableDeclarationList(init)) return 'the loop assigns an outer variable';
    if (!(init.flags & ts.NodeFlags.BlockScoped)) return '`var` makes the loop variable one variable for all iterations';
    const param = init.declarations[0].name.getText(sf);
    const items = node.expression;
    const known = isKnownArray(items, node);
    const label = known ? `${receiver(items, sf)}.map(async …)` : `Array.from(${items.getText(sf)}, async …)`;
    return {
      statement: outerStatement(node), params: [param], body: node.statement, bodyEdits: [], label,
      promiseAll: (cb) => (known ? `${receiver(items, sf)}.map(${cb})` : `Array.from(${items.getText(sf)}, ${cb})`),
      pMap: (pMap, cb, options) => `${pMap}(${items.getText(sf)}, ${cb}, ${options})`,
    };
  }
  if (ts.isForStatement(node)) {
    const init = node.initializer;
    if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return 'the loop counter is not declared in the loop';
    if (!(init.flags & ts.NodeFlags.Let)) return '`var` makes the counter one variable for all iterations';
    const decl = init.declarations[0];
    if (!ts.isIdentifier(decl.name) || !decl.initializer || !ts.isNumericLiteral(decl.initializer) || decl.initializer.text !== '0') {
      return 'the counter does not start at 0';
    }
    const counter = decl.name.text;
    const cond = node.condition;
    if (!cond || !ts.isBinaryExpression(cond) || !ts.isIdentifier(cond.left) || cond.left.text !== counter ||
        (cond.operatorToken.kind !== ts.SyntaxKind.LessThanToken && cond.operatorToken.kind !== ts.SyntaxKind.LessThanEqualsToken)) {
      return 'the loop condition is not `i < n`';
    }
    if (!isIncrement(node.incrementor, counter)) return 'the counter does not step by 1';
    const limit = cond.right;
    const inclusive = cond.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken;
    // Pattern: for (let i = 0; i < items.length; i++) { … items[i] … }
    if (!inclusive && ts.isPropertyAccessExpression(limit) && limit.name.text === 'length' && isSimpleReference(limit.expression)) {
      const array = limit.expression;
      const arrayText = array.getText(sf);
      if (!isKnownArray(array, node)) {
        return countingShape(context, node, counter, `${arrayText}.length`);
      }
      const item = itemName(array, taken);
      taken.add(item);
      const bodyEdits: TextEdit[] = [];
      let counterLeft = false;
      const visit = (n: ts.Node): void => {
        if (ts.isElementAccessExpression(n) && n.expression.getText(sf) === arrayText && ts.isIdentifier(n.argumentExpression) && n.argumentExpression.text === counter) {
          bodyEdits.push({ start: n.getStart(sf), end: n.getEnd(), newText: item });
          return;
        }
        if (ts.isIdentifier(n) && n.text === counter && isReference(n)) counterLeft = true;
        ts.forEachChild(n, visit);
      };
      visit(node.statement);
      const params = counterLeft ? [item, counter] : [item];
      return {
        statement: outerStatement(node), params, body: node.statement, bodyEdits, label: `${arrayText}.map(async …)`,
        promiseAll: (cb) => `${receiver(array, sf)}.map(${cb})`,
        pMap: (pMap, cb, options) => `${pMap}(${arrayText}, ${cb}, ${options})`,
      };
    }
    if (ts.isNumericLiteral(limit) || isSimpleReference(limit)) {
      return countingShape(context, node, counter, inclusive ? `${limit.getText(sf)} + 1` : limit.getText(sf));
    }
    return 'the loop bound is not a plain number or `.length`';
  }
  return 'only `for…of`, `for` over an array and `forEach` loops are rewritten';
}

function countingShape(context: RewriteContext, node: ts.ForStatement, counter: string, length: string): Shape {
  const hole = uniqueName('_', context.taken);
  return {
    statement: outerStatement(node), params: [hole, counter], body: node.statement, bodyEdits: [],
    label: `Array.from({ length: ${length} }, async …)`,
    promiseAll: (cb) => `Array.from({ length: ${length} }, ${cb})`,
    pMap: (pMap, cb, options) => `${pMap}(Array.from({ length: ${length} }, (${hole}, ${counter}) => ${counter}), ${cb.replace(`(${hole}, ${counter})`, `(${counter})`)}, ${options})`,
  };
}

/** Pattern: const out: T[] = []; for (…) { …; out.push(value); } */
interface Collect {
  declaration: ts.VariableStatement;
  name: string;
  push: ts.ExpressionStatement;
  value: ts.Expression;
}

function collectForm(shape: Shape, report: BodyReport): Collect | string | undefined {
  const mutated = new Set(report.mutations.map((m) => m.root));
  if (mutated.size === 0) return undefined;
  if (mutated.size > 1) return `the loop changes ${[...mutated].map((n) => `\`${n}\``).join(' and ')}, which the iterations would share`;
  const name = [...mutated][0];
  const statements = ts.isBlock(shape.body) ? shape.body.statements : ts.factory.createNodeArray([shape.body]);
  const last = statements[statements.length - 1];
  const call = last && ts.isExpressionStatement(last) && ts.isCallExpression(last.expression) ? last.expression : undefined;
  const isPush = call && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'push' &&
    ts.isIdentifier(call.expression.expression) && call.expression.expression.text === name &&
    call.arguments.length === 1 && !ts.isSpreadElement(call.arguments[0]);
  if (!isPush) return `the loop changes \`${name}\` in place, which the iterations would share`;
  if (report.mutations.length > 1) return `the loop changes \`${name}\` more than once per iteration`;
  if (referencesNamed(shape.body, name).length > 1) return `the loop reads \`${name}\` while it fills it`;
  if (report.continues.length > 0) return '`continue` skips the `push` for some items, so the results would not line up';
  // The array must start empty right here: declared before the loop in the same block, untouched in between.
  const container = shape.statement.parent as ts.Node & { statements?: ts.NodeArray<ts.Statement> };
  const siblings = container.statements;
  if (!siblings) return `\`${name}\` is not declared next to the loop`;
  const loopIndex = siblings.indexOf(shape.statement);
  for (let i = loopIndex - 1; i >= 0; i--) {
    const s = siblings[i];
    if (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) {
      const decls = s.declarationList.declarations;
      const init = decls[0].initializer;
      if (decls.length !== 1 || !init || !ts.isArrayLiteralExpression(init) || init.elements.length > 0) {
        return `\`${name}\` does not start as an empty array declared on its own`;
      }
      return { declaration: s, name, push: last as ts.ExpressionStatement, value: call!.arguments[0] };
    }
    if (referencesNamed(s, name).length > 0) return `\`${name}\` is used between its declaration and the loop`;
  }
  return `\`${name}\` is not declared in the same block as the loop`;
}

function statementRange(statement: ts.Statement, sf: ts.SourceFile): { start: number; end: number } {
  // The whole line when the statement is alone on it.
  const text = sf.text;
  const start = statement.getStart(sf);
  const lineStart = lineStartOf(text, start);
  const end = statement.getEnd();
  const rest = /^[ \t]*(\r?\n)?/.exec(text.slice(end))!;
  if (text.slice(lineStart, start).trim() === '' && rest[1]) return { start: lineStart, end: end + rest[0].length };
  return { start, end };
}

/** Text of `node` with `edits` (inside it) applied. */
/** `text` with each line after the first moved from `from` to `to` indentation. */
function reindentText(text: string, from: string, to: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return text.split(/\r?\n/).map((line, i) => (i === 0 ? line : line.startsWith(from) ? to + line.slice(from.length) : line)).join(eol);
}

function textWithEdits(sf: ts.SourceFile, start: number, end: number, edits: readonly TextEdit[]): string {
  const inside = edits.filter((e) => e.start >= start && e.end <= end).map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
  return applyEdits(sf.text.slice(start, end), inside);
}

interface Built {
  /** The promise-producing expression with the callback filled in, for either form. */
  expression: (form: 'all' | 'p-map', pMapName: string, concurrency: number) => string;
  /** The statement prefix: `const out: T[] = ` or ''. */
  declare: string;
  extraEdits: TextEdit[];
}

function buildCallback(context: RewriteContext, shape: Shape, report: BodyReport, collect: Collect | undefined, indent: string): Built {
  const sf = context.sourceFile;
  const { style } = context;
  const edits = [...shape.bodyEdits];
  for (const c of report.continues) {
    edits.push({ start: c.getStart(sf), end: c.label ? c.label.getEnd() : c.getStart(sf) + 'continue'.length, newText: 'return' });
  }
  const params = shape.params.length === 1 && /^[A-Za-z_$][\w$]*$/.test(shape.params[0]) ? `(${shape.params[0]})` : `(${shape.params.join(', ')})`;
  let body: string;
  const bodyNode = shape.body;
  const statements = ts.isBlock(bodyNode) ? bodyNode.statements : undefined;
  if (collect && (!statements || statements.length === 1)) {
    // Pattern: for (const x of xs) out.push(await f(x)) → async (x) => f(x)
    let value: ts.Expression = collect.value;
    let text = textWithEdits(sf, value.getStart(sf), value.getEnd(), edits);
    if (ts.isAwaitExpression(value)) {
      value = value.expression;
      text = textWithEdits(sf, value.getStart(sf), value.getEnd(), edits);
    }
    if (ts.isObjectLiteralExpression(value)) text = `(${text})`;
    body = text;
  } else {
    if (collect) edits.push({ start: collect.push.getStart(sf), end: collect.push.getEnd(), newText: `return ${textWithEdits(sf, collect.value.getStart(sf), collect.value.getEnd(), edits)}${semi(style)}` });
    if (statements) {
      // The block keeps its text: the callback's body sits at the same depth as the loop's.
      body = textWithEdits(sf, bodyNode.getStart(sf), bodyNode.getEnd(), edits);
    } else {
      const inner = indent + style.indentUnit;
      const text = reindentText(textWithEdits(sf, bodyNode.getStart(sf), bodyNode.getEnd(), edits), lineIndent(sf.text, bodyNode.getStart(sf)), inner);
      body = `{${style.eol}${inner}${text}${style.eol}${indent}}`;
    }
  }
  const callback = `async ${params} => ${body}`;
  let declare = '';
  const extraEdits: TextEdit[] = [];
  if (collect) {
    const decl = collect.declaration;
    const d = decl.declarationList.declarations[0];
    const keyword = decl.declarationList.flags & ts.NodeFlags.Const ? 'const' : decl.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
    declare = `${modifiersText(decl, sf)}${keyword} ${collect.name}${d.type ? `: ${d.type.getText(sf)}` : ''} = `;
    const range = statementRange(decl, sf);
    extraEdits.push({ start: range.start, end: range.end, newText: '' });
  }
  return {
    declare, extraEdits,
    expression: (form, pMapName, concurrency) => (form === 'all'
      ? `Promise.all(${shape.promiseAll(callback)})`
      : (shape.pMap as Exclude<Shape['pMap'], string>)(pMapName, callback, `{ concurrency: ${concurrency} }`)),
  };
}

/** The p-map binding the fix can use: an existing import, a new `import`, or `await import()` in a CommonJS file. */
function pMapBinding(context: RewriteContext, statement: ts.Statement): { name: string; edits: TextEdit[] } | string {
  const sf = context.sourceFile;
  const { style } = context;
  const existing = moduleBindings(sf).find((b) => b.module === 'p-map' && (b.kind === 'default' || (b.kind === 'named' && b.imported === 'default')));
  if (existing) return { name: existing.local, edits: [] };
  const name = uniqueName('pMap', context.taken);
  if (context.project.format === 'esm') {
    return { name, edits: [insertStatementsEdit(sf, [`import ${name} from ${quoted('p-map', style)}${semi(style)}`], style)] };
  }
  // CommonJS: p-map is ESM-only, so it is loaded with `await import()` at the top of the function.
  const keeps = keepsDynamicImport(context.project);
  if (keeps === false) {
    return `p-map is ESM-only, and TypeScript's \`module: ${context.project.tsconfig?.module}\` turns \`import()\` into \`require()\`, which cannot load it`;
  }
  if (keeps === undefined) return 'p-map is ESM-only and this file compiles to CommonJS; without tsconfig.json it is unknown whether `import()` survives compilation';
  const unit = unitOf(statement, context.facts);
  const fnBody = unit.kind === 'module' ? undefined : (unit.node as ts.FunctionLikeDeclaration).body;
  if (!fnBody || !ts.isBlock(fnBody)) return 'p-map is ESM-only; this CommonJS code has no function body to load it in';
  const first = fnBody.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  const line = `const { default: ${name} } = await import(${quoted('p-map', style)})${semi(style)}`;
  const pos = first ? lineStartOf(sf.text, first.getStart(sf)) : fnBody.getStart(sf) + 1;
  const indent = first ? lineIndent(sf.text, first.getStart(sf)) : lineIndent(sf.text, fnBody.getStart(sf)) + style.indentUnit;
  return { name, edits: [{ start: pos, end: pos, newText: first ? `${indent}${line}${style.eol}` : `${style.eol}${indent}${line}` }] };
}

function findLoop(context: RewriteContext, finding: Finding): LoopFact | undefined {
  const sf = context.sourceFile;
  for (const unit of context.facts.units) {
    for (const loop of unit.loops) {
      const node = loop.kind === 'callback' ? loop.node.parent : loop.node;
      if (node && node.getStart(sf) === finding.span.start) return loop;
    }
  }
  return undefined;
}

function forEachFixes(context: RewriteContext, loop: LoopFact, count: number): FixPlan {
  const sf = context.sourceFile;
  const call = loop.node.parent;
  const refuse = (reason: string): FixPlan => ({ fixes: [], refusals: [{ id: 'promise-all', reason }] });
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return refuse('not a `forEach` call');
  const access = call.expression;
  if (access.questionDotToken || call.questionDotToken) return refuse('an optional `?.forEach` call may not run at all');
  if (call.arguments.length !== 1) return refuse('`forEach` gets a `this` argument');
  const statement = call.parent;
  if (!ts.isExpressionStatement(statement)) return refuse('the result of `forEach` is used');
  const unit = unitOf(statement, context.facts);
  const blocker = awaitBlocker(statement, unit, context.topLevelAwait);
  if (blocker) return refuse(`cannot wait for the callbacks here: ${blocker}`);
  const receiverText = access.expression.getText(sf);
  const start = statement.getStart(sf);
  const fixes: Fix[] = [];
  const refusals: Refusal[] = [];
  fixes.push({
    id: 'promise-all',
    title: `Wait for every callback: await Promise.all(${receiverText}.map(async …)) (forEach did not wait; a failure now reaches the caller)`,
    kind: 'quickfix',
    edits: [
      { start, end: start, newText: 'await Promise.all(' },
      { start: access.name.getStart(sf), end: access.name.getEnd(), newText: 'map' },
      { start: call.getEnd(), end: call.getEnd(), newText: ')' },
    ],
  });
  if (count < 0 || count >= PROMISE_ALL_LIMIT) {
    const fn = call.arguments[0] as ts.FunctionLikeDeclaration;
    if (fn.parameters.length > 2) refusals.push({ id: 'p-map', reason: 'the callback reads the array argument, which p-map does not pass' });
    else if (!isKnownArray(access.expression, call)) refusals.push({ id: 'p-map', reason: `\`${receiverText}\` is not known to be an array (a Map's forEach passes values, p-map would get entries)` });
    else {
      const binding = pMapBinding(context, statement);
      if (typeof binding === 'string') refusals.push({ id: 'p-map', reason: binding });
      else {
        const concurrency = context.options.concurrency ?? DEFAULT_CONCURRENCY;
        const argEnd = call.arguments[0].getEnd();
        fixes.unshift(withDependency(context, {
          id: 'p-map',
          title: `Wait for every callback, at most ${concurrency} at a time, with p-map (forEach did not wait; a failure now reaches the caller)`,
          kind: 'quickfix',
          isPreferred: true,
          edits: [
            ...binding.edits,
            { start, end: access.name.getEnd() + (sf.text.slice(access.name.getEnd()).match(/^\s*\(/)?.[0].length ?? 1), newText: `await ${binding.name}(${receiverText}, ` },
            { start: argEnd, end: argEnd, newText: `, { concurrency: ${concurrency} }` },
          ],
        }));
      }
    }
  }
  return { fixes, refusals };
}

function withDependency(context: RewriteContext, fix: Fix): Fix {
  if (hasDependency(context.project, 'p-map')) return fix;
  return {
    ...fix, title: fix.title + dependencyNote('p-map'),
    packageJsonDependency: { name: 'p-map', version: P_MAP_VERSION, packageJson: context.project.packageJson?.path },
  };
}

export function awaitInLoopFixes(context: RewriteContext, finding: Finding): FixPlan {
  const refuse = (reason: string): FixPlan => ({ fixes: [], refusals: [{ id: 'promise-all', reason }] });
  const loop = findLoop(context, finding);
  if (!loop) return refuse('the code changed since it was analysed');
  const count = typeof finding.data.count === 'number' ? finding.data.count : -1;
  if (loop.kind === 'callback') {
    if (loop.callbackMethod !== 'forEach') return refuse('only `forEach` callbacks are rewritten');
    return forEachFixes(context, loop, count);
  }
  const sf = context.sourceFile;
  const { style } = context;
  const taken = new Set(context.taken);
  const shape = statementShape(context, loop, taken);
  if (typeof shape === 'string') return refuse(shape);
  const unit = unitOf(shape.statement, context.facts);
  const blocker = awaitBlocker(shape.statement, unit, context.topLevelAwait);
  if (blocker) return refuse(blocker);
  const report = readLoopBody(loop.node, shape.body, [...loop.iterationNames]);
  if (report.blocker) return refuse(report.blocker);
  if (report.writes.size > 0) {
    const name = [...report.writes][0];
    return refuse(`the loop assigns \`${name}\`, so the iterations depend on each other`);
  }
  if (report.ordered) return refuse(report.ordered);
  const collect = collectForm(shape, report);
  if (typeof collect === 'string') return refuse(collect);
  const statement = shape.statement;
  const start = statement.getStart(sf);
  const indent = lineIndent(sf.text, start);
  const built = buildCallback(context, shape, report, collect, indent);
  const end = statement.getEnd();
  const fixes: Fix[] = [];
  const refusals: Refusal[] = [];
  const what = collect ? `collect \`${collect.name}\` in order` : 'run the iterations together';
  fixes.push({
    id: 'promise-all',
    title: `Use await Promise.all(${shape.label}) to ${what} (every iteration starts even if one fails)`,
    kind: 'quickfix',
    edits: [...built.extraEdits, { start, end, newText: `${built.declare}await ${built.expression('all', '', 0)}${semi(style)}` }],
  });
  if (count < 0 || count >= PROMISE_ALL_LIMIT) {
    const binding = typeof shape.pMap === 'string' ? shape.pMap : pMapBinding(context, statement);
    if (typeof binding === 'string') refusals.push({ id: 'p-map', reason: binding });
    else {
      const concurrency = context.options.concurrency ?? DEFAULT_CONCURRENCY;
      fixes.unshift(withDependency(context, {
        id: 'p-map',
        title: `Use p-map to ${what}, at most ${concurrency} at a time (up to ${concurrency} run at once, so a failure no longer stops the ones already started)`,
        kind: 'quickfix',
        isPreferred: true,
        edits: [...binding.edits, ...built.extraEdits, { start, end, newText: `${built.declare}await ${built.expression('p-map', binding.name, concurrency)}${semi(style)}` }],
      }));
    }
  }
  return { fixes, refusals };
}
