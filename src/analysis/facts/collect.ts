// The one walk over a source file. It builds function units, scopes, loops, awaits and calls
// in a single `ts.forEachChild` pass; a short pass afterwards resolves callees through the
// scopes (so hoisted declarations shadow imports). Rules read the result and never walk again.
import * as ts from 'typescript';
import {
  HEAVY_METHODS, ITERATION_METHODS, MUTATING_METHODS, ROUTE_METHODS, SLEEP_NAMES,
  cpuHeavyCost, isAsyncIoGlobal, isAsyncIoModule, normaliseModule, syncApiFor,
} from '../catalog';
import { collectionBound, conditionBound, numericValue, type BoundContext } from './bounds';
import { nameUnit } from './naming';
import { Scope, resolveExpression, skipOuterExpressions, type Binding } from './scope';
import type {
  AwaitFact, AwaitStatementFact, CallFact, FileFacts, FunctionFacts, LoopBound, LoopFact, LoopKind,
} from './types';

interface Breakable {
  loop?: LoopFact;
  label?: string;
}

interface PendingCallback {
  method: string;
  receiver: ts.Expression;
}

type FunctionLikeWithBody =
  | ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration
  | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

function isFunctionLikeWithBody(node: ts.Node): node is FunctionLikeWithBody {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return (node as ts.FunctionLikeDeclaration).body !== undefined;
    default:
      return false;
  }
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === kind);
}

const ARITHMETIC = new Set([
  ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.BarToken, ts.SyntaxKind.CaretToken,
  ts.SyntaxKind.LessThanLessThanToken, ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken, ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.CaretEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
]);

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Names bound by a declaration name (identifier or destructuring pattern). */
export function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) {
    out.push(name.text);
  } else {
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
    }
  }
  return out;
}

function isSleepExpression(expr: ts.Expression): boolean {
  expr = skipOuterExpressions(expr);
  if (ts.isCallExpression(expr)) {
    const callee = skipOuterExpressions(expr.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    return name !== undefined && SLEEP_NAMES.test(name);
  }
  // Pattern: await new Promise((resolve) => setTimeout(resolve, 100))
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'Promise') {
    const executor = expr.arguments?.[0];
    if (executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) {
      let body: ts.Node = executor.body;
      if (ts.isBlock(body) && body.statements.length === 1 && ts.isExpressionStatement(body.statements[0])) {
        body = body.statements[0].expression;
      }
      return ts.isCallExpression(body) && ts.isIdentifier(body.expression) && /^(setTimeout|setImmediate)$/.test(body.expression.text);
    }
  }
  return false;
}

function isPromiseCombinator(expr: ts.Expression): boolean {
  expr = skipOuterExpressions(expr);
  if (!ts.isCallExpression(expr)) return false;
  const callee = expr.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise' && /^(all|allSettled|any|race)$/.test(callee.name.text);
}

/** Classifies a statement that is only an await (see AwaitStatementFact). */
function awaitStatementShape(statement: ts.Statement): { await: ts.AwaitExpression; kind: AwaitStatementFact['kind']; declared: string[] } | undefined {
  if (ts.isExpressionStatement(statement)) {
    const expr = skipOuterExpressions(statement.expression);
    if (ts.isAwaitExpression(expr)) return { await: expr, kind: 'expr', declared: [] };
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const right = skipOuterExpressions(expr.right);
      if (ts.isAwaitExpression(right)) return { await: right, kind: 'assign', declared: [] };
    }
    return undefined;
  }
  if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    const decl = statement.declarationList.declarations[0];
    const init = decl.initializer && skipOuterExpressions(decl.initializer);
    if (init && ts.isAwaitExpression(init)) return { await: init, kind: 'decl', declared: bindingNames(decl.name) };
  }
  return undefined;
}

function looksLikeHandlerParams(params: readonly string[]): boolean {
  if (params.length < 2) return params[0] === 'ctx' || params[0] === 'event';
  return /^(req|request)$/.test(params[0]) && /^(res|response|reply|h)$/.test(params[1]);
}

export function collectFacts(sourceFile: ts.SourceFile): FileFacts {
  const units: FunctionFacts[] = [];
  const constants = new Map<string, number>();
  const loopStack: LoopFact[] = [];
  const awaitStack: AwaitFact[] = [];
  const awaitStatements = new Map<ts.Node, AwaitStatementFact>();
  const pendingCallbacks = new Map<ts.Node, PendingCallback>();
  const handlerNodes = new Set<ts.Node>();
  const iifeNodes = new Set<ts.Node>();
  let breakables: Breakable[] = [];
  let loopIds = 0;
  let isEsm = /\.m[jt]s$/.test(sourceFile.fileName);

  const moduleScope = new Scope(undefined, true);
  let scope = moduleScope;

  const newUnit = (partial: Pick<FunctionFacts, 'name' | 'kind' | 'node' | 'declNode'> & Partial<FunctionFacts>): FunctionFacts => {
    const unit: FunctionFacts = {
      id: units.length, isAsync: false, isGenerator: false, isHandler: false, isIife: false, usesThis: false,
      params: [], loops: [], awaits: [], awaitStatements: [], calls: [], syncCalls: [], heavyCalls: [],
      asyncIoCalls: [], recursiveCalls: 0, children: [], ...partial,
    };
    units.push(unit);
    return unit;
  };

  const moduleUnit = newUnit({ name: '<module>', kind: 'module', node: sourceFile, declNode: sourceFile });
  let unit = moduleUnit;

  const boundContext = (): BoundContext => ({ constants, params: unit.params });

  /** True when code in `from` runs as part of `owner`'s body (inline callbacks, IIFEs). */
  const runsInline = (from: FunctionFacts, owner: FunctionFacts): boolean => {
    for (let u: FunctionFacts | undefined = from; u; u = u.parent) {
      if (u === owner) return true;
      if (!u.inlineLoop && !u.isIife) return false;
    }
    return false;
  };

  const pushLoop = (kind: LoopKind, node: ts.Node, bound: LoopBound, iterationNames: string[], owner = unit): LoopFact => {
    const top = loopStack[loopStack.length - 1];
    const parent = top && runsInline(unit, top.unit) ? top : undefined;
    const loop: LoopFact = {
      id: loopIds++, kind, node, unit: owner, parent, bound, iterationNames, bodyCost: 0, children: [], awaits: [],
      exits: [], declared: new Set(iterationNames), writes: new Set(), updates: new Set(), mutates: new Set(), reads: new Set(),
    };
    parent?.children.push(loop);
    owner.loops.push(loop);
    loopStack.push(loop);
    return loop;
  };

  const addCost = (cost: number) => {
    for (const loop of loopStack) loop.bodyCost += cost;
  };

  const declareNames = (names: readonly string[]) => {
    if (loopStack.length === 0) return;
    for (const loop of loopStack) for (const name of names) loop.declared.add(name);
  };

  const declareBinding = (name: ts.BindingName, init: ts.Expression | undefined, target: Scope, path: readonly string[] = []) => {
    if (ts.isIdentifier(name)) {
      const initNode = init && skipOuterExpressions(init);
      const binding: Binding = init ? { kind: 'alias', init, path, scope } : { kind: 'local' };
      if (binding.kind === 'alias' && initNode && (ts.isArrowFunction(initNode) || ts.isFunctionExpression(initNode))) {
        pendingFunctionBindings.set(initNode, binding);
      }
      target.declare(name.text, binding);
      declareNames([name.text]);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const key = element.propertyName
          ? (ts.isIdentifier(element.propertyName) || ts.isStringLiteralLike(element.propertyName) ? element.propertyName.text : undefined)
          : (ts.isIdentifier(element.name) ? element.name.text : undefined);
        if (element.dotDotDotToken || key === undefined || !init) {
          for (const n of bindingNames(element.name)) target.declare(n, { kind: 'local' });
          declareNames(bindingNames(element.name));
        } else {
          declareBinding(element.name, init, target, [...path, key]);
        }
      }
      return;
    }
    const names = bindingNames(name);
    for (const n of names) target.declare(n, { kind: 'local' });
    declareNames(names);
  };
  // Function values bound to names: filled with their unit when the walk reaches them.
  const pendingFunctionBindings = new Map<ts.Node, Extract<Binding, { kind: 'alias' }>>();

  const recordRead = (name: string, role: 'read' | 'write' | 'update' | 'mutate') => {
    for (const loop of loopStack) {
      if (loop.declared.has(name)) continue;
      switch (role) {
        case 'read': loop.reads.add(name); break;
        case 'write': loop.writes.add(name); break;
        case 'update': loop.updates.add(name); break;
        case 'mutate': loop.mutates.add(name); break;
      }
    }
    if (role === 'read' || role === 'mutate') for (const a of awaitStack) a.reads.add(name);
  };

  const visitIdentifier = (node: ts.Identifier) => {
    if (loopStack.length === 0 && awaitStack.length === 0) return;
    const parent = node.parent;
    switch (parent.kind) {
      case ts.SyntaxKind.PropertyAccessExpression:
        if ((parent as ts.PropertyAccessExpression).name === node) return;
        break;
      case ts.SyntaxKind.VariableDeclaration:
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
      case ts.SyntaxKind.EnumMember:
      case ts.SyntaxKind.PropertySignature:
      case ts.SyntaxKind.MethodSignature:
        if ((parent as ts.NamedDeclaration).name === node) return;
        break;
      case ts.SyntaxKind.BindingElement:
        if ((parent as ts.BindingElement).name === node || (parent as ts.BindingElement).propertyName === node) return;
        break;
      case ts.SyntaxKind.LabeledStatement:
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement:
      case ts.SyntaxKind.ImportSpecifier:
      case ts.SyntaxKind.ExportSpecifier:
      case ts.SyntaxKind.ImportClause:
      case ts.SyntaxKind.NamespaceImport:
      case ts.SyntaxKind.JsxAttribute:
        return;
    }
    const name = node.text;
    let role: 'read' | 'write' | 'update' | 'mutate' = 'read';
    let child: ts.Node = node;
    let up: ts.Node = parent;
    while (up.kind === ts.SyntaxKind.ParenthesizedExpression || up.kind === ts.SyntaxKind.NonNullExpression) {
      child = up;
      up = up.parent;
    }
    if (ts.isBinaryExpression(up) && up.left === child && isAssignmentOperator(up.operatorToken.kind)) {
      role = up.operatorToken.kind === ts.SyntaxKind.EqualsToken ? 'write' : 'update';
    } else if ((ts.isPrefixUnaryExpression(up) || ts.isPostfixUnaryExpression(up)) &&
               (up.operator === ts.SyntaxKind.PlusPlusToken || up.operator === ts.SyntaxKind.MinusMinusToken)) {
      role = 'update';
    } else if ((ts.isPropertyAccessExpression(up) || ts.isElementAccessExpression(up)) && up.expression === child) {
      // Pattern: xs.push(v), map.set(k, v), out[i] = v, obj.count += 1
      const grand = up.parent;
      if (ts.isCallExpression(grand) && grand.expression === up && ts.isPropertyAccessExpression(up) && MUTATING_METHODS.has(up.name.text)) {
        role = 'mutate';
      } else if (ts.isBinaryExpression(grand) && grand.left === up && isAssignmentOperator(grand.operatorToken.kind)) {
        role = 'mutate';
      } else if ((ts.isPrefixUnaryExpression(grand) || ts.isPostfixUnaryExpression(grand)) &&
                 (grand.operator === ts.SyntaxKind.PlusPlusToken || grand.operator === ts.SyntaxKind.MinusMinusToken)) {
        role = 'mutate';
      }
    }
    recordRead(name, role);
  };

  const enterFunction = (node: FunctionLikeWithBody) => {
    const naming = nameUnit(node, sourceFile);
    const kind = ts.isConstructorDeclaration(node) ? 'constructor'
      : ts.isGetAccessor(node) ? 'getter'
      : ts.isSetAccessor(node) ? 'setter'
      : ts.isMethodDeclaration(node) ? 'method'
      : ts.isArrowFunction(node) ? 'arrow' : 'function';
    const params = node.parameters.flatMap((p) => bindingNames(p.name));
    const parentUnit = unit;
    const fn = newUnit({
      name: naming.name, kind, node, declNode: naming.declNode, nameNode: naming.nameNode, parent: parentUnit,
      className: naming.className ?? (ts.isArrowFunction(node) ? parentUnit.className : undefined),
      isAsync: hasModifier(node, ts.SyntaxKind.AsyncKeyword),
      isGenerator: !!(node as ts.FunctionLikeDeclaration).asteriskToken,
      isHandler: handlerNodes.has(node) || looksLikeHandlerParams(params),
      isIife: iifeNodes.has(node),
      params,
    });
    parentUnit.children.push(fn);

    const pendingBinding = pendingFunctionBindings.get(node);
    if (pendingBinding) pendingBinding.fn = fn;
    if (ts.isFunctionDeclaration(node) && node.name) {
      scope.declare(node.name.text, { kind: 'local', fn });
      declareNames([node.name.text]);
    }

    const savedScope = scope;
    const savedBreakables = breakables;
    const savedUnit = unit;
    const pending = pendingCallbacks.get(node);
    let callbackLoop: LoopFact | undefined;
    if (pending) {
      // The callback runs once per element inside its parent: model it as a loop of the parent.
      unit = parentUnit;
      callbackLoop = pushLoop('callback', node, collectionBound(pending.receiver, boundContext()), params, parentUnit);
      callbackLoop.callbackMethod = pending.method;
      callbackLoop.callbackAsync = fn.isAsync;
      callbackLoop.callbackUnit = fn;
      fn.inlineLoop = callbackLoop;
    }
    unit = fn;
    scope = new Scope(scope, true);
    if (ts.isFunctionExpression(node) && node.name) scope.declare(node.name.text, { kind: 'local', fn });
    for (const p of node.parameters) declareBinding(p.name, undefined, scope);
    breakables = [];

    ts.forEachChild(node, visit);

    if (callbackLoop) loopStack.pop();
    breakables = savedBreakables;
    scope = savedScope;
    unit = savedUnit;
  };

  const visitLoop = (node: ts.IterationStatement) => {
    const label = ts.isLabeledStatement(node.parent) ? node.parent.label.text : undefined;
    const savedScope = scope;
    let loop: LoopFact;
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      visit(node.expression);
      scope = new Scope(scope, false);
      const names = ts.isVariableDeclarationList(node.initializer)
        ? node.initializer.declarations.flatMap((d) => bindingNames(d.name))
        : [];
      const kind: LoopKind = ts.isForInStatement(node) ? 'for-in' : node.awaitModifier ? 'for-await' : 'for-of';
      loop = pushLoop(kind, node, collectionBound(node.expression, boundContext()), names);
      visit(node.initializer);
      breakables.push({ loop, label });
      visit(node.statement);
    } else if (ts.isForStatement(node)) {
      scope = new Scope(scope, false);
      if (node.initializer) visit(node.initializer);
      const init = node.initializer;
      const names = init && ts.isVariableDeclarationList(init)
        ? init.declarations.flatMap((d) => bindingNames(d.name))
        : init && ts.isBinaryExpression(init) && ts.isIdentifier(init.left) ? [init.left.text] : [];
      loop = pushLoop('for', node, conditionBound(node.condition, init, boundContext()), names);
      breakables.push({ loop, label });
      if (node.condition) visit(node.condition);
      if (node.incrementor) visit(node.incrementor);
      visit(node.statement);
    } else {
      const isWhile = ts.isWhileStatement(node);
      const condition = (node as ts.WhileStatement | ts.DoStatement).expression;
      loop = pushLoop(isWhile ? 'while' : 'do', node, conditionBound(condition, undefined, boundContext()), []);
      breakables.push({ loop, label });
      if (isWhile) visit(condition);
      visit(node.statement);
      if (!isWhile) visit(condition);
    }
    breakables.pop();
    loopStack.pop();
    scope = savedScope;
  };

  const visitJump = (node: ts.BreakStatement | ts.ContinueStatement | ts.ReturnStatement) => {
    if (ts.isReturnStatement(node)) {
      for (const b of breakables) b.loop?.exits.push({ kind: 'return', node });
      return;
    }
    const isBreak = ts.isBreakStatement(node);
    let targetIndex = breakables.length - 1;
    if (node.label) {
      targetIndex = breakables.findLastIndex((b) => b.label === node.label!.text);
    }
    if (targetIndex < 0) return;
    // `break` leaves the target and every loop inside it; a labelled `continue` cuts the inner loops short.
    const first = isBreak ? targetIndex : targetIndex + 1;
    for (let i = first; i < breakables.length; i++) {
      breakables[i].loop?.exits.push({ kind: isBreak ? 'break' : 'continue', node });
    }
  };

  const visitStatements = (block: ts.Node, statements: ts.NodeArray<ts.Statement>) => {
    const parent = block.parent;
    const ownTry = !!parent && ts.isTryStatement(parent) && parent.tryBlock === block && !!parent.catchClause && statements.length === 1;
    // Pattern: try { await a() } catch {} — the try statement stands for the await in its block.
    const tryContainer = ownTry ? parent.parent as ts.Node & { statements?: ts.NodeArray<ts.Statement> } : undefined;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const shape = awaitStatementShape(statement);
      if (!shape) continue;
      const fact: AwaitStatementFact = tryContainer?.statements
        ? { node: parent as ts.TryStatement, block: tryContainer, index: tryContainer.statements.indexOf(parent as ts.TryStatement), kind: shape.kind, declared: shape.declared, inOwnTry: true }
        : { node: statement, block, index: i, kind: shape.kind, declared: shape.declared, inOwnTry: false };
      awaitStatements.set(shape.await, fact);
      unit.awaitStatements.push(fact);
    }
  };

  const visitAwait = (node: ts.AwaitExpression) => {
    const top = loopStack[loopStack.length - 1];
    const loop = top && top.unit === unit ? top : undefined;
    const fact: AwaitFact = {
      node, unit, loop, reads: new Set(), statement: awaitStatements.get(node),
      isSleep: isSleepExpression(node.expression), isCombinator: isPromiseCombinator(node.expression),
    };
    if (fact.statement) fact.statement.await = fact;
    unit.awaits.push(fact);
    loop?.awaits.push(fact);
    awaitStack.push(fact);
    ts.forEachChild(node, visit);
    awaitStack.pop();
  };

  const visitCall = (node: ts.CallExpression) => {
    const callee = skipOuterExpressions(node.expression);
    let name = '';
    let root: string | undefined;
    const path: string[] = [];
    let cursor: ts.Expression = callee;
    while (ts.isPropertyAccessExpression(cursor)) {
      path.unshift(cursor.name.text);
      cursor = cursor.expression;
    }
    if (ts.isIdentifier(cursor)) root = cursor.text;
    else if (cursor.kind === ts.SyntaxKind.ThisKeyword) root = 'this';
    name = path.length > 0 ? path[path.length - 1] : root ?? '';

    let up: ts.Node = node.parent;
    while (ts.isParenthesizedExpression(up) || ts.isAsExpression(up) || ts.isNonNullExpression(up)) up = up.parent;
    const awaitTop = awaitStack[awaitStack.length - 1];
    const awaited = ts.isAwaitExpression(up) && awaitTop?.node === up;
    const top = loopStack[loopStack.length - 1];
    const call: CallFact = { node, unit, scope, loop: top, root, path, name, awaited };
    if (awaited) awaitTop.call = call;
    unit.calls.push(call);

    if (loopStack.length > 0) {
      addCost(root === 'Math' ? 1 : 2);
      const heavy = ts.isPropertyAccessExpression(callee) ? HEAVY_METHODS[name] : undefined;
      if (heavy) addCost(heavy);
    }

    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const fnArg = node.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
      if (fnArg && ITERATION_METHODS.has(method) && node.arguments[0] === fnArg) {
        pendingCallbacks.set(fnArg, { method, receiver: callee.expression });
      } else if (fnArg && (ROUTE_METHODS.has(method) || method === 'createServer' || method === 'on')) {
        const first = node.arguments[0];
        const isRoute = method === 'createServer' || method === 'use' ||
          (first && (ts.isStringLiteralLike(first) || ts.isRegularExpressionLiteral(first) || ts.isTemplateExpression(first)) &&
           (method !== 'on' || (ts.isStringLiteralLike(first) && first.text === 'request')));
        if (isRoute) for (const a of node.arguments) if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) handlerNodes.add(a);
      }
    } else if (ts.isIdentifier(callee) && callee.text === 'createServer') {
      for (const a of node.arguments) if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) handlerNodes.add(a);
    } else if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) {
      iifeNodes.add(callee);
    }
    ts.forEachChild(node, visit);
  };

  const visitVariableDeclarationList = (list: ts.VariableDeclarationList) => {
    const isVar = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
    const target = isVar ? scope.functionScope() : scope;
    for (const decl of list.declarations) {
      declareBinding(decl.name, decl.initializer, target);
      // Pattern: const ITERATIONS = 1_000_000 at module level
      if (unit === moduleUnit && (list.flags & ts.NodeFlags.Const) && ts.isIdentifier(decl.name) && decl.initializer) {
        const value = numericValue(decl.initializer, { constants, params: [] });
        if (value !== undefined) constants.set(decl.name.text, value);
      }
    }
  };

  const visitImport = (node: ts.ImportDeclaration) => {
    isEsm = true;
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly || !ts.isStringLiteral(node.moduleSpecifier)) return;
    const module = normaliseModule(node.moduleSpecifier.text);
    // Pattern: import fs from 'fs' (Node builtins: default export is the namespace)
    if (clause.name) moduleScope.declare(clause.name.text, { kind: 'module', module, path: ['default'] });
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (ts.isNamespaceImport(bindings)) {
      // Pattern: import * as fsp from 'node:fs/promises'
      moduleScope.declare(bindings.name.text, { kind: 'module', module, path: [] });
    } else {
      // Pattern: import { readFileSync as read } from 'fs'
      for (const element of bindings.elements) {
        if (element.isTypeOnly) continue;
        const imported = (element.propertyName ?? element.name).text;
        moduleScope.declare(element.name.text, { kind: 'module', module, path: [imported] });
      }
    }
  };

  function visit(node: ts.Node): void {
    switch (node.kind) {
      case ts.SyntaxKind.Identifier:
        visitIdentifier(node as ts.Identifier);
        return;
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
        if (isFunctionLikeWithBody(node)) enterFunction(node);
        return;
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement:
        visitLoop(node as ts.IterationStatement);
        return;
      case ts.SyntaxKind.Block: {
        const parent = node.parent;
        const ownsScope = !isFunctionLikeWithBody(parent);
        const saved = scope;
        if (ownsScope) scope = new Scope(scope, false);
        visitStatements(node, (node as ts.Block).statements);
        ts.forEachChild(node, visit);
        scope = saved;
        return;
      }
      case ts.SyntaxKind.CaseClause:
      case ts.SyntaxKind.DefaultClause:
        visitStatements(node, (node as ts.CaseOrDefaultClause).statements);
        break;
      case ts.SyntaxKind.SwitchStatement:
        breakables.push({ label: ts.isLabeledStatement(node.parent) ? node.parent.label.text : undefined });
        ts.forEachChild(node, visit);
        breakables.pop();
        return;
      case ts.SyntaxKind.CatchClause: {
        const saved = scope;
        scope = new Scope(scope, false);
        const variable = (node as ts.CatchClause).variableDeclaration;
        if (variable) declareBinding(variable.name, undefined, scope);
        visit((node as ts.CatchClause).block);
        scope = saved;
        return;
      }
      case ts.SyntaxKind.VariableDeclarationList:
        visitVariableDeclarationList(node as ts.VariableDeclarationList);
        break;
      case ts.SyntaxKind.ClassDeclaration:
        if ((node as ts.ClassDeclaration).name) scope.declare((node as ts.ClassDeclaration).name!.text, { kind: 'local' });
        break;
      case ts.SyntaxKind.ImportDeclaration:
        visitImport(node as ts.ImportDeclaration);
        return;
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        // Pattern: import fs = require('fs')
        const decl = node as ts.ImportEqualsDeclaration;
        if (ts.isExternalModuleReference(decl.moduleReference) && ts.isStringLiteral(decl.moduleReference.expression)) {
          moduleScope.declare(decl.name.text, { kind: 'module', module: normaliseModule(decl.moduleReference.expression.text), path: [] });
        }
        return;
      }
      case ts.SyntaxKind.ExportDeclaration:
      case ts.SyntaxKind.ExportAssignment:
        isEsm = true;
        break;
      case ts.SyntaxKind.AwaitExpression:
        visitAwait(node as ts.AwaitExpression);
        return;
      case ts.SyntaxKind.CallExpression:
        visitCall(node as ts.CallExpression);
        return;
      case ts.SyntaxKind.NewExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        if (loopStack.length > 0) addCost(node.kind === ts.SyntaxKind.NewExpression ? 2 : 1);
        break;
      case ts.SyntaxKind.BinaryExpression:
        if (loopStack.length > 0 && ARITHMETIC.has((node as ts.BinaryExpression).operatorToken.kind)) addCost(1);
        break;
      case ts.SyntaxKind.PrefixUnaryExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
        if (loopStack.length > 0) addCost(1);
        break;
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement:
      case ts.SyntaxKind.ReturnStatement:
        visitJump(node as ts.BreakStatement);
        break;
      case ts.SyntaxKind.ThisKeyword:
        unit.usesThis = true;
        return;
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        if (awaitStack.length > 0) for (const a of awaitStack) a.reads.add(`'${(node as ts.StringLiteral).text}`);
        return;
      default:
        // Types never run: skip them (they hold no functions, loops or calls).
        if (node.kind >= ts.SyntaxKind.FirstTypeNode && node.kind <= ts.SyntaxKind.LastTypeNode) return;
        if (node.kind === ts.SyntaxKind.InterfaceDeclaration || node.kind === ts.SyntaxKind.TypeAliasDeclaration) return;
    }
    if (node.kind === ts.SyntaxKind.ExportKeyword) isEsm = true;
    ts.forEachChild(node, visit);
  }

  visitStatements(sourceFile, sourceFile.statements);
  ts.forEachChild(sourceFile, visit);

  resolveCalls(units);
  return { sourceFile, units, moduleUnit, constants, isEsm };
}

/** After the walk: resolve every callee and sort calls into sync, async-I/O, CPU-heavy and local. */
function resolveCalls(units: FunctionFacts[]): void {
  const byName = new Map<string, FunctionFacts>();
  for (const u of units) if (!byName.has(u.name)) byName.set(u.name, u);

  for (const unit of units) {
    for (const call of unit.calls) {
      const callee = call.node.expression;
      if (call.root === 'this' && call.path.length === 1) {
        const cls = unit.className;
        const target = cls ? byName.get(`${cls}.${call.name}`) : undefined;
        call.resolved = { kind: 'local', unit: target, viaThis: true };
      } else {
        call.resolved = resolveExpression(callee, call.scope);
      }
      const resolved = call.resolved;
      if (!resolved) continue;
      if (resolved.kind === 'local') {
        if (resolved.unit === unit) unit.recursiveCalls++;
        continue;
      }
      const key = resolved.kind === 'module' ? `${resolved.module}.${resolved.path.join('.')}` : resolved.path.join('.');
      if (resolved.kind === 'module') {
        const api = syncApiFor(resolved.module, resolved.path);
        if (api) unit.syncCalls.push({ call, api });
        else if (isAsyncIoModule(resolved.module)) unit.asyncIoCalls.push(call);
      } else if (resolved.path.length === 1 && isAsyncIoGlobal(resolved.path[0])) {
        unit.asyncIoCalls.push(call);
      }
      const cost = cpuHeavyCost(key);
      if (cost > 0) {
        const line = call.node.getSourceFile().getLineAndCharacterOfPosition(call.node.getStart()).line + 1;
        const name = resolved.kind === 'module' ? `${resolved.module === 'crypto' || resolved.module === 'zlib' ? resolved.module + '.' : ''}${resolved.path.join('.')}` : key;
        if (call.loop) {
          for (let loop: typeof call.loop | undefined = call.loop; loop; loop = loop.parent) {
            loop.bodyCost += cost;
            if (!loop.heavyApi) loop.heavyApi = { name, line };
          }
        } else {
          unit.heavyCalls.push({ name, cost, line });
        }
      }
    }
  }
}
