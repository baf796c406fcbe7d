// The one walk over a source file. It builds function units, scopes, loops, awaits and calls
// in a single `forEachChild` pass; a short pass afterwards resolves callees through the
// scopes (so hoisted declarations shadow imports). Rules read the result and never walk again.
import * as ts from 'typescript';
// Plain locals: a bundled CommonJS `ts` namespace reads every member through a getter.
const { NodeFlags, SyntaxKind, forEachChild, isArrayLiteralExpression, isArrowFunction, isAsExpression, isAwaitExpression, isBinaryExpression, isBlock, isBreakStatement, isCallExpression, isConstructorDeclaration, isElementAccessExpression, isExpressionStatement, isExternalModuleReference, isForInStatement, isForOfStatement, isForStatement, isFunctionDeclaration, isFunctionExpression, isGetAccessor, isIdentifier, isLabeledStatement, isMethodDeclaration, isNamespaceImport, isNewExpression, isNonNullExpression, isObjectBindingPattern, isObjectLiteralExpression, isOmittedExpression, isParenthesizedExpression, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isRegularExpressionLiteral, isReturnStatement, isSetAccessor, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isTemplateExpression, isTryStatement, isVariableDeclarationList, isVariableStatement, isWhileStatement } = ts;
import {
  HEAVY_METHODS, ITERATION_METHODS, MUTATING_METHODS, ROUTE_METHODS, SLEEP_NAMES,
  cpuHeavyCost, isAsyncIoGlobal, isAsyncIoModule, mayBeCpuHeavy, normaliseModule, syncApiFor,
} from '../catalog';
import { collectionBound, conditionBound, numericValue, type BoundContext } from './bounds';
import { className, nameUnit } from './naming';
import { settle } from '../reparse';
import { Scope, resolveBinding, resolveExpression, skipOuterExpressions, type Binding } from './scope';
import type {
  AwaitFact, AwaitStatementFact, CallFact, ChunkFacts, FileFacts, FunctionFacts, LoopBound, LoopFact, LoopKind,
  ReusableFacts, Resolved, ResolutionMemo,
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
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.Constructor:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
      return (node as ts.FunctionLikeDeclaration).body !== undefined;
    default:
      return false;
  }
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (modifiers === undefined) return false;
  for (let i = 0; i < modifiers.length; i++) if (modifiers[i].kind === kind) return true;
  return false;
}

type WithParent = { parent: ts.Node };

/** Sets parent pointers in a subtree the analysis does not read (types), so the tree is complete. */
let fillParent: ts.Node;
function fillParents(node: ts.Node): void {
  (node as unknown as WithParent).parent = fillParent;
  const saved = fillParent;
  fillParent = node;
  forEachChild(node, fillParents);
  fillParent = saved;
}

const ARITHMETIC = new Set([
  SyntaxKind.PlusToken, SyntaxKind.MinusToken, SyntaxKind.AsteriskToken, SyntaxKind.SlashToken,
  SyntaxKind.PercentToken, SyntaxKind.AsteriskAsteriskToken, SyntaxKind.LessThanToken,
  SyntaxKind.GreaterThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanEqualsToken,
  SyntaxKind.AmpersandToken, SyntaxKind.BarToken, SyntaxKind.CaretToken,
  SyntaxKind.LessThanLessThanToken, SyntaxKind.GreaterThanGreaterThanToken,
  SyntaxKind.GreaterThanGreaterThanGreaterThanToken, SyntaxKind.PlusEqualsToken,
  SyntaxKind.MinusEqualsToken, SyntaxKind.AsteriskEqualsToken, SyntaxKind.SlashEqualsToken,
  SyntaxKind.PercentEqualsToken, SyntaxKind.AsteriskAsteriskEqualsToken,
  SyntaxKind.AmpersandEqualsToken, SyntaxKind.BarEqualsToken, SyntaxKind.CaretEqualsToken,
  SyntaxKind.LessThanLessThanEqualsToken, SyntaxKind.GreaterThanGreaterThanEqualsToken,
  SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken,
]);

/** True when a block declares names of its own (`let`, `const`, `class`, `function`): it needs a scope. */
function declaresLexically(statements: ts.NodeArray<ts.Statement>): boolean {
  for (const statement of statements) {
    switch (statement.kind) {
      case SyntaxKind.VariableStatement:
        if ((statement as ts.VariableStatement).declarationList.flags & (NodeFlags.Let | NodeFlags.Const)) return true;
        break;
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.FunctionDeclaration:
        return true;
    }
  }
  return false;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** Names bound by a declaration name (identifier or destructuring pattern). */
export function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (isIdentifier(name)) {
    out.push(name.text);
  } else {
    for (const element of name.elements) {
      if (!isOmittedExpression(element)) bindingNames(element.name, out);
    }
  }
  return out;
}

function isSleepExpression(expr: ts.Expression): boolean {
  expr = skipOuterExpressions(expr);
  if (isCallExpression(expr)) {
    const callee = skipOuterExpressions(expr.expression);
    const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    return name !== undefined && SLEEP_NAMES.test(name);
  }
  // Pattern: await new Promise((resolve) => setTimeout(resolve, 100))
  if (isNewExpression(expr) && isIdentifier(expr.expression) && expr.expression.text === 'Promise') {
    const executor = expr.arguments?.[0];
    if (executor && (isArrowFunction(executor) || isFunctionExpression(executor))) {
      let body: ts.Node = executor.body;
      if (isBlock(body) && body.statements.length === 1 && isExpressionStatement(body.statements[0])) {
        body = body.statements[0].expression;
      }
      return isCallExpression(body) && isIdentifier(body.expression) && /^(setTimeout|setImmediate)$/.test(body.expression.text);
    }
  }
  return false;
}

function isPromiseCombinator(expr: ts.Expression): boolean {
  expr = skipOuterExpressions(expr);
  if (!isCallExpression(expr)) return false;
  const callee = expr.expression;
  return isPropertyAccessExpression(callee) && isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise' && /^(all|allSettled|any|race)$/.test(callee.name.text);
}

/** Root names an assignment writes: `x`, `state` of `state.n = …`, `a` and `b` of `[a, { b }] = …`. */
function assignedRoots(target: ts.Expression, out: string[] = []): string[] {
  target = skipOuterExpressions(target);
  if (isIdentifier(target)) {
    out.push(target.text);
  } else if (isPropertyAccessExpression(target) || isElementAccessExpression(target)) {
    if (target.expression.kind === SyntaxKind.ThisKeyword) out.push('this');
    else assignedRoots(target.expression, out);
  } else if (isArrayLiteralExpression(target)) {
    for (const element of target.elements) assignedRoots(isSpreadElement(element) ? element.expression : element, out);
  } else if (isObjectLiteralExpression(target)) {
    for (const property of target.properties) {
      if (isShorthandPropertyAssignment(property)) out.push(property.name.text);
      else if (isPropertyAssignment(property)) assignedRoots(property.initializer, out);
      else if (isSpreadAssignment(property)) assignedRoots(property.expression, out);
    }
  } else if (isBinaryExpression(target) && target.operatorToken.kind === SyntaxKind.EqualsToken) {
    // Pattern: [a = 1] = await f() — a default inside a destructuring target.
    assignedRoots(target.left, out);
  }
  return out;
}

type AwaitStatementShape = { await: ts.AwaitExpression; kind: AwaitStatementFact['kind']; declared: string[]; assigned: string[] };

/** Pattern: await p, await this.ready, await pending[i] — no call starts work here. */
function isExistingValue(expr: ts.Expression): boolean {
  expr = skipOuterExpressions(expr);
  return isIdentifier(expr) || isPropertyAccessExpression(expr) || isElementAccessExpression(expr);
}

/** Classifies a statement that is only an await (see AwaitStatementFact). */
function awaitStatementShape(statement: ts.Statement): AwaitStatementShape | undefined {
  if (isExpressionStatement(statement)) {
    const expr = skipOuterExpressions(statement.expression);
    if (isAwaitExpression(expr)) return { await: expr, kind: 'expr', declared: [], assigned: [] };
    if (isBinaryExpression(expr) && expr.operatorToken.kind === SyntaxKind.EqualsToken) {
      const right = skipOuterExpressions(expr.right);
      if (isAwaitExpression(right)) return { await: right, kind: 'assign', declared: [], assigned: assignedRoots(expr.left) };
    }
    return undefined;
  }
  if (isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    const decl = statement.declarationList.declarations[0];
    const init = decl.initializer && skipOuterExpressions(decl.initializer);
    if (init && isAwaitExpression(init)) return { await: init, kind: 'decl', declared: bindingNames(decl.name), assigned: [] };
  }
  return undefined;
}

function looksLikeHandlerParams(params: readonly string[]): boolean {
  if (params.length < 2) return params[0] === 'ctx' || params[0] === 'event';
  return /^(req|request)$/.test(params[0]) && /^(res|response|reply|h)$/.test(params[1]);
}

export interface CollectOptions {
  /** Record what a later incremental re-analysis can reuse (`FileFacts.reuse`). */
  incremental?: boolean;
  /**
   * The facts of the tree this one was updated from with `ts.updateSourceFile` (collected with
   * `incremental`): top-level statements and class members whose nodes were reused keep their
   * facts instead of being walked again. Those previous facts are consumed (shared objects move).
   */
  previous?: FileFacts;
}

export function collectFacts(sourceFile: ts.SourceFile, options: CollectOptions = {}): FileFacts {
  const previous = options.previous?.sourceFile.fileName === sourceFile.fileName ? options.previous.reuse : undefined;
  const record = options.incremental === true || previous !== undefined;
  const units: FunctionFacts[] = [];
  const constants = new Map<string, number>();
  /** Module constants in definition order (recorded for reuse). */
  const constantList: Array<[string, number]> = [];
  const loopStack: LoopFact[] = [];
  const awaitStack: AwaitFact[] = [];
  const awaitStatements = new Map<ts.Node, AwaitStatementFact>();
  const pendingCallbacks = new Map<ts.Node, PendingCallback>();
  const handlerNodes = new Set<ts.Node>();
  const iifeNodes = new Set<ts.Node>();
  let breakables: Breakable[] = [];
  let loopIds = previous?.nextLoopId ?? 0;
  let isEsm = /\.m[jt]s$/.test(sourceFile.fileName);
  /** The piece of the file being walked and recorded for reuse, if any. */
  let chunk: ChunkFacts | undefined;
  const markEsm = () => {
    isEsm = true;
    if (chunk) chunk.esm = true;
  };

  // An incremental walk keeps the module scope and unit objects: reused facts point at them.
  const moduleScope = previous?.moduleScope ?? new Scope(undefined, true);
  moduleScope.clear();
  let scope = moduleScope;

  // Every unit is built with the same fields in the same order (one object shape, no spread).
  const newUnit = (
    name: string, kind: FunctionFacts['kind'], node: ts.Node, declNode: ts.Node, nameNode: ts.Node | undefined,
    parent: FunctionFacts | undefined, className: string | undefined, isAsync: boolean, isGenerator: boolean,
    isHandler: boolean, isIife: boolean, params: string[],
  ): FunctionFacts => {
    const unit: FunctionFacts = {
      id: units.length, name, kind, node, declNode, nameNode, parent, isAsync, isGenerator, isHandler,
      inlineLoop: undefined, isIife, usesThis: false, className, params, loops: [], awaits: [], awaitStatements: [],
      calls: [], syncCalls: [], heavyCalls: [], asyncIoCalls: [], recursiveCalls: 0, children: [],
    };
    units.push(unit);
    return unit;
  };

  const moduleUnit = previous ? reuseModuleUnit(previous.units[0], sourceFile) : newUnit('<module>', 'module', sourceFile, sourceFile, undefined, undefined, undefined, false, false, false, false, []);
  if (previous) units.push(moduleUnit);
  let unit = moduleUnit;

  const boundContext = (): BoundContext => ({ constants, params: unit.params, sourceFile });

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
      id: loopIds++, kind, node, unit: owner, parent, bound, iterationNames, bodyCost: 0, walkCost: -1, heavyApi: undefined,
      children: [], awaits: [], exits: [], declared: new Set(iterationNames), writes: new Set(), updates: new Set(),
      mutates: new Set(), reads: new Set(), callbackMethod: undefined, callbackAsync: undefined, callbackUnit: undefined,
    };
    parent?.children.push(loop);
    owner.loops.push(loop);
    loopStack.push(loop);
    return loop;
  };

  // Loops below this index are outside the current function: a closure created in a loop does
  // not run in it. Inline callbacks and IIFEs keep the index of the function they run in.
  let loopBase = 0;
  /** The loops the code being visited runs in, outermost first. */
  const activeLoops = (): LoopFact[] => (loopBase === 0 ? loopStack : loopStack.slice(loopBase));

  const addCost = (cost: number) => {
    for (let i = loopBase; i < loopStack.length; i++) loopStack[i].bodyCost += cost;
  };

  // The loop whose header is being visited: its own `i < n` and `i++` are not body work.
  let headerOf: LoopFact | undefined;
  const addOperatorCost = () => {
    for (let i = loopBase; i < loopStack.length; i++) if (loopStack[i] !== headerOf) loopStack[i].bodyCost += 1;
  };
  const visitHeader = (loop: LoopFact, ...parts: Array<ts.Node | undefined>) => {
    const saved = headerOf;
    headerOf = loop;
    for (const part of parts) if (part) visit(part);
    headerOf = saved;
  };

  const declareNames = (names: readonly string[]) => {
    if (loopStack.length <= loopBase) return;
    for (const loop of activeLoops()) for (const name of names) loop.declared.add(name);
  };

  const declareBinding = (name: ts.BindingName, init: ts.Expression | undefined, target: Scope, path: readonly string[] = []) => {
    if (isIdentifier(name)) {
      const initNode = init && skipOuterExpressions(init);
      const binding: Binding = init ? { kind: 'alias', init, path, scope } : { kind: 'local' };
      if (binding.kind === 'alias' && initNode && (isArrowFunction(initNode) || isFunctionExpression(initNode))) {
        pendingFunctionBindings.set(initNode, binding);
      }
      target.declare(name.text, binding);
      declareNames([name.text]);
      return;
    }
    if (isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const key = element.propertyName
          ? (isIdentifier(element.propertyName) || isStringLiteralLike(element.propertyName) ? element.propertyName.text : undefined)
          : (isIdentifier(element.name) ? element.name.text : undefined);
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
    for (const loop of activeLoops()) {
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

  /** Pattern: user.email → `user.email`; db.users.find() → `db.users`; fetch() → `fetch`. */
  const referencePath = (node: ts.Identifier): string => {
    let path = node.text;
    let child: ts.Node = node;
    let last: string | undefined;
    while (isPropertyAccessExpression(child.parent) && child.parent.expression === child) {
      child = child.parent;
      last = (child as ts.PropertyAccessExpression).name.text;
      path = `${path}.${last}`;
    }
    if (last !== undefined && isCallExpression(child.parent) && child.parent.expression === child) {
      path = path.slice(0, path.length - last.length - 1);
    }
    return path;
  };

  const visitIdentifier = (node: ts.Identifier) => {
    if (loopStack.length === 0 && awaitStack.length === 0) return;
    const parent = node.parent;
    switch (parent.kind) {
      case SyntaxKind.PropertyAccessExpression:
        if ((parent as ts.PropertyAccessExpression).name === node) return;
        break;
      case SyntaxKind.VariableDeclaration:
      case SyntaxKind.Parameter:
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.ClassExpression:
      case SyntaxKind.PropertyAssignment:
      case SyntaxKind.PropertyDeclaration:
      case SyntaxKind.MethodDeclaration:
      case SyntaxKind.GetAccessor:
      case SyntaxKind.SetAccessor:
      case SyntaxKind.EnumMember:
      case SyntaxKind.PropertySignature:
      case SyntaxKind.MethodSignature:
        if ((parent as ts.NamedDeclaration).name === node) return;
        break;
      case SyntaxKind.BindingElement:
        if ((parent as ts.BindingElement).name === node || (parent as ts.BindingElement).propertyName === node) return;
        break;
      case SyntaxKind.LabeledStatement:
      case SyntaxKind.BreakStatement:
      case SyntaxKind.ContinueStatement:
      case SyntaxKind.ImportSpecifier:
      case SyntaxKind.ExportSpecifier:
      case SyntaxKind.ImportClause:
      case SyntaxKind.NamespaceImport:
      case SyntaxKind.JsxAttribute:
        return;
    }
    const name = node.text;
    let role: 'read' | 'write' | 'update' | 'mutate' = 'read';
    let child: ts.Node = node;
    let up: ts.Node = parent;
    while (up.kind === SyntaxKind.ParenthesizedExpression || up.kind === SyntaxKind.NonNullExpression) {
      child = up;
      up = up.parent;
    }
    if (isBinaryExpression(up) && up.left === child && isAssignmentOperator(up.operatorToken.kind)) {
      role = up.operatorToken.kind === SyntaxKind.EqualsToken ? 'write' : 'update';
    } else if ((isPrefixUnaryExpression(up) || isPostfixUnaryExpression(up)) &&
               (up.operator === SyntaxKind.PlusPlusToken || up.operator === SyntaxKind.MinusMinusToken)) {
      role = 'update';
    } else if ((isPropertyAccessExpression(up) || isElementAccessExpression(up)) && up.expression === child) {
      // Pattern: xs.push(v), map.set(k, v), out[i] = v, obj.count += 1
      const grand = up.parent;
      if (isCallExpression(grand) && grand.expression === up && isPropertyAccessExpression(up) && MUTATING_METHODS.has(up.name.text)) {
        role = 'mutate';
      } else if (isBinaryExpression(grand) && grand.left === up && isAssignmentOperator(grand.operatorToken.kind)) {
        role = 'mutate';
      } else if ((isPrefixUnaryExpression(grand) || isPostfixUnaryExpression(grand)) &&
                 (grand.operator === SyntaxKind.PlusPlusToken || grand.operator === SyntaxKind.MinusMinusToken)) {
        role = 'mutate';
      }
    }
    recordRead(name, role);
    if (awaitStack.length > 0 && (role === 'read' || role === 'mutate')) {
      const ref = referencePath(node);
      for (const a of awaitStack) a.refs.add(ref);
    }
  };

  const enterFunction = (node: FunctionLikeWithBody) => {
    const naming = nameUnit(node);
    const kind = isConstructorDeclaration(node) ? 'constructor'
      : isGetAccessor(node) ? 'getter'
      : isSetAccessor(node) ? 'setter'
      : isMethodDeclaration(node) ? 'method'
      : isArrowFunction(node) ? 'arrow' : 'function';
    const params: string[] = [];
    for (const p of node.parameters) bindingNames(p.name, params);
    const parentUnit = unit;
    const fn = newUnit(
      naming.name, kind, node, naming.declNode, naming.nameNode, parentUnit,
      naming.className ?? (isArrowFunction(node) ? parentUnit.className : undefined),
      hasModifier(node, SyntaxKind.AsyncKeyword), !!(node as ts.FunctionLikeDeclaration).asteriskToken,
      handlerNodes.has(node) || looksLikeHandlerParams(params), iifeNodes.has(node), params,
    );
    parentUnit.children.push(fn);

    const pendingBinding = pendingFunctionBindings.get(node);
    if (pendingBinding) pendingBinding.fn = fn;
    if (isFunctionDeclaration(node) && node.name) {
      scope.declare(node.name.text, { kind: 'local', fn });
      declareNames([node.name.text]);
    }

    const savedScope = scope;
    const savedBreakables = breakables;
    const savedUnit = unit;
    const savedLoopBase = loopBase;
    const pending = pendingCallbacks.get(node);
    if (!pending && !fn.isIife) loopBase = loopStack.length;
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
    if (isFunctionExpression(node) && node.name) scope.declare(node.name.text, { kind: 'local', fn });
    for (const p of node.parameters) declareBinding(p.name, undefined, scope);
    breakables = [];

    forEachChild(node, visit);

    if (callbackLoop) loopStack.pop();
    loopBase = savedLoopBase;
    breakables = savedBreakables;
    scope = savedScope;
    unit = savedUnit;
  };

  const visitLoop = (node: ts.IterationStatement) => {
    const label = isLabeledStatement(node.parent) ? node.parent.label.text : undefined;
    const savedScope = scope;
    let loop: LoopFact;
    if (isForOfStatement(node) || isForInStatement(node)) {
      visit(node.expression);
      scope = new Scope(scope, false);
      const names = isVariableDeclarationList(node.initializer)
        ? node.initializer.declarations.flatMap((d) => bindingNames(d.name))
        : [];
      const kind: LoopKind = isForInStatement(node) ? 'for-in' : node.awaitModifier ? 'for-await' : 'for-of';
      loop = pushLoop(kind, node, collectionBound(node.expression, boundContext()), names);
      visit(node.initializer);
      breakables.push({ loop, label });
      visit(node.statement);
    } else if (isForStatement(node)) {
      scope = new Scope(scope, false);
      if (node.initializer) visit(node.initializer);
      const init = node.initializer;
      const names = init && isVariableDeclarationList(init)
        ? init.declarations.flatMap((d) => bindingNames(d.name))
        : init && isBinaryExpression(init) && isIdentifier(init.left) ? [init.left.text] : [];
      loop = pushLoop('for', node, conditionBound(node.condition, init, boundContext()), names);
      breakables.push({ loop, label });
      visitHeader(loop, node.condition, node.incrementor);
      visit(node.statement);
    } else {
      const isWhile = isWhileStatement(node);
      const condition = (node as ts.WhileStatement | ts.DoStatement).expression;
      loop = pushLoop(isWhile ? 'while' : 'do', node, conditionBound(condition, undefined, boundContext()), []);
      breakables.push({ loop, label });
      if (isWhile) visitHeader(loop, condition);
      visit(node.statement);
      if (!isWhile) visitHeader(loop, condition);
    }
    breakables.pop();
    loopStack.pop();
    scope = savedScope;
  };

  const visitJump = (node: ts.BreakStatement | ts.ContinueStatement | ts.ReturnStatement | ts.ThrowStatement) => {
    // A throw leaves every loop of the function too, even one a catch inside the loop may stop:
    // running the iterations at once would start the work after the failure.
    if (isReturnStatement(node) || node.kind === SyntaxKind.ThrowStatement) {
      const kind = node.kind === SyntaxKind.ThrowStatement ? 'throw' : 'return';
      for (const b of breakables) b.loop?.exits.push({ kind, node });
      return;
    }
    const isBreak = isBreakStatement(node);
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
    // `await` only occurs in async functions and at the top level of a module.
    if (!unit.isAsync && unit !== moduleUnit) return;
    const parent = block.parent;
    const ownTry = !!parent && isTryStatement(parent) && parent.tryBlock === block && !!parent.catchClause && statements.length === 1;
    // Pattern: try { await a() } catch {} — the try statement stands for the await in its block.
    const tryContainer = ownTry ? parent.parent as ts.Node & { statements?: ts.NodeArray<ts.Statement> } : undefined;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const shape = awaitStatementShape(statement);
      if (!shape) continue;
      const fact: AwaitStatementFact = tryContainer?.statements
        ? { node: parent as ts.TryStatement, block: tryContainer, index: tryContainer.statements.indexOf(parent as ts.TryStatement), kind: shape.kind, declared: shape.declared, assigned: shape.assigned, inOwnTry: true }
        : { node: statement, block, index: i, kind: shape.kind, declared: shape.declared, assigned: shape.assigned, inOwnTry: false };
      awaitStatements.set(shape.await, fact);
      unit.awaitStatements.push(fact);
    }
  };

  const visitAwait = (node: ts.AwaitExpression) => {
    const top = loopStack[loopStack.length - 1];
    const loop = top && top.unit === unit ? top : undefined;
    const fact: AwaitFact = {
      node, unit, loop, reads: new Set(), refs: new Set(), call: undefined, statement: awaitStatements.get(node),
      isSleep: isSleepExpression(node.expression), isCombinator: isPromiseCombinator(node.expression),
      isExistingValue: isExistingValue(node.expression),
    };
    if (fact.statement) fact.statement.await = fact;
    unit.awaits.push(fact);
    loop?.awaits.push(fact);
    awaitStack.push(fact);
    forEachChild(node, visit);
    awaitStack.pop();
  };

  const visitCall = (node: ts.CallExpression) => {
    const callee = skipOuterExpressions(node.expression);
    let name = '';
    let root: string | undefined;
    const path: string[] = [];
    let cursor: ts.Expression = callee;
    while (isPropertyAccessExpression(cursor)) {
      path.push(cursor.name.text);
      cursor = cursor.expression;
    }
    if (path.length > 1) path.reverse();
    if (isIdentifier(cursor)) root = cursor.text;
    else if (cursor.kind === SyntaxKind.ThisKeyword) root = 'this';
    name = path.length > 0 ? path[path.length - 1] : root ?? '';

    let up: ts.Node = node.parent;
    while (isParenthesizedExpression(up) || isAsExpression(up) || isNonNullExpression(up)) up = up.parent;
    const awaitTop = awaitStack[awaitStack.length - 1];
    const awaited = isAwaitExpression(up) && awaitTop?.node === up;
    const top = loopStack.length > loopBase ? loopStack[loopStack.length - 1] : undefined;
    const call: CallFact = { node, unit, scope, loop: top, root, path, name, awaited, resolved: undefined };
    if (awaited) awaitTop.call = call;
    unit.calls.push(call);

    if (top) {
      addCost(root === 'Math' ? 1 : 2);
      const heavy = isPropertyAccessExpression(callee) ? HEAVY_METHODS[name] : undefined;
      if (heavy) addCost(heavy);
    }

    if (isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      let fnArg: ts.Expression | undefined;
      for (const a of node.arguments) {
        if (a.kind === SyntaxKind.ArrowFunction || a.kind === SyntaxKind.FunctionExpression) {
          fnArg = a;
          break;
        }
      }
      if (fnArg && ITERATION_METHODS.has(method) && node.arguments[0] === fnArg) {
        pendingCallbacks.set(fnArg, { method, receiver: callee.expression });
      } else if (fnArg && (ROUTE_METHODS.has(method) || method === 'createServer' || method === 'on')) {
        const first = node.arguments[0];
        const isRoute = method === 'createServer' || method === 'use' ||
          (first && (isStringLiteralLike(first) || isRegularExpressionLiteral(first) || isTemplateExpression(first)) &&
           (method !== 'on' || (isStringLiteralLike(first) && first.text === 'request')));
        if (isRoute) for (const a of node.arguments) if (isArrowFunction(a) || isFunctionExpression(a)) handlerNodes.add(a);
      }
    } else if (isIdentifier(callee) && callee.text === 'createServer') {
      for (const a of node.arguments) if (isArrowFunction(a) || isFunctionExpression(a)) handlerNodes.add(a);
    } else if (isArrowFunction(callee) || isFunctionExpression(callee)) {
      iifeNodes.add(callee);
    }
    forEachChild(node, visit);
  };

  const visitVariableDeclarationList = (list: ts.VariableDeclarationList) => {
    const isVar = (list.flags & (NodeFlags.Let | NodeFlags.Const)) === 0;
    const target = isVar ? scope.functionScope() : scope;
    for (const decl of list.declarations) {
      declareBinding(decl.name, decl.initializer, target);
      // Pattern: const ITERATIONS = 1_000_000 at module level
      if (unit === moduleUnit && (list.flags & NodeFlags.Const) && isIdentifier(decl.name) && decl.initializer) {
        const value = numericValue(decl.initializer, { constants, params: [], sourceFile });
        if (value !== undefined) {
          constants.set(decl.name.text, value);
          if (record) {
            constantList.push([decl.name.text, value]);
            chunk?.constants.push([decl.name.text, value]);
          }
        }
      }
    }
  };

  const visitImport = (node: ts.ImportDeclaration) => {
    markEsm();
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly || !isStringLiteral(node.moduleSpecifier)) return;
    const module = normaliseModule(node.moduleSpecifier.text);
    // Pattern: import fs from 'fs' (Node builtins: default export is the namespace)
    if (clause.name) moduleScope.declare(clause.name.text, { kind: 'module', module, path: ['default'] });
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (isNamespaceImport(bindings)) {
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

  // Parent pointers are set here, as the walk goes, instead of by the parser (a second pass).
  let currentParent: ts.Node = sourceFile;

  /**
   * Pattern: 'a' + b + 'c' + … with thousands of terms (generated code). The parser builds it
   * left-deep without recursion; walk the left spine in a loop too, innermost first.
   */
  function visitBinaryChain(outer: ts.BinaryExpression): void {
    const spine = [outer];
    for (let b = outer; isBinaryExpression(b.left); b = b.left) {
      (b.left as unknown as WithParent).parent = b;
      spine.push(b.left);
    }
    const saved = currentParent;
    for (let i = spine.length - 1; i >= 0; i--) {
      const binary = spine[i];
      currentParent = binary;
      if (loopStack.length > 0 && ARITHMETIC.has(binary.operatorToken.kind)) addOperatorCost();
      if (i === spine.length - 1) visit(binary.left);
      visit(binary.operatorToken);
      visit(binary.right);
    }
    currentParent = saved;
  }

  // One function per node (no inner call): the walk's own dispatch was a visible share of analysis.
  function visit(node: ts.Node): void {
    (node as unknown as WithParent).parent = currentParent;
    const saved = currentParent;
    currentParent = node;
    switch (node.kind) {
      case SyntaxKind.Identifier:
        if (loopStack.length > 0 || awaitStack.length > 0) visitIdentifier(node as ts.Identifier);
        currentParent = saved;
        return;
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.MethodDeclaration:
      case SyntaxKind.Constructor:
      case SyntaxKind.GetAccessor:
      case SyntaxKind.SetAccessor:
        if (isFunctionLikeWithBody(node)) enterFunction(node);
        currentParent = saved;
        return;
      case SyntaxKind.ForStatement:
      case SyntaxKind.ForOfStatement:
      case SyntaxKind.ForInStatement:
      case SyntaxKind.WhileStatement:
      case SyntaxKind.DoStatement:
        visitLoop(node as ts.IterationStatement);
        currentParent = saved;
        return;
      case SyntaxKind.Block: {
        const parent = node.parent;
        const ownsScope = !isFunctionLikeWithBody(parent) && declaresLexically((node as ts.Block).statements);
        const savedScope = scope;
        if (ownsScope) scope = new Scope(scope, false);
        visitStatements(node, (node as ts.Block).statements);
        forEachChild(node, visit);
        scope = savedScope;
        currentParent = saved;
        return;
      }
      case SyntaxKind.CaseClause:
      case SyntaxKind.DefaultClause:
        visitStatements(node, (node as ts.CaseOrDefaultClause).statements);
        break;
      case SyntaxKind.SwitchStatement:
        breakables.push({ label: isLabeledStatement(node.parent) ? node.parent.label.text : undefined });
        forEachChild(node, visit);
        breakables.pop();
        currentParent = saved;
        return;
      case SyntaxKind.CatchClause: {
        const savedScope = scope;
        scope = new Scope(scope, false);
        const variable = (node as ts.CatchClause).variableDeclaration;
        if (variable) {
          declareBinding(variable.name, undefined, scope);
          visit(variable);
        }
        visit((node as ts.CatchClause).block);
        scope = savedScope;
        currentParent = saved;
        return;
      }
      case SyntaxKind.VariableDeclarationList:
        visitVariableDeclarationList(node as ts.VariableDeclarationList);
        break;
      case SyntaxKind.ClassDeclaration:
        if ((node as ts.ClassDeclaration).name) scope.declare((node as ts.ClassDeclaration).name!.text, { kind: 'local' });
        break;
      case SyntaxKind.ImportDeclaration:
        visitImport(node as ts.ImportDeclaration);
        currentParent = saved;
        return;
      case SyntaxKind.ImportEqualsDeclaration: {
        // Pattern: import fs = require('fs')
        const decl = node as ts.ImportEqualsDeclaration;
        if (isExternalModuleReference(decl.moduleReference) && isStringLiteral(decl.moduleReference.expression)) {
          moduleScope.declare(decl.name.text, { kind: 'module', module: normaliseModule(decl.moduleReference.expression.text), path: [] });
        }
        currentParent = saved;
        return;
      }
      case SyntaxKind.ExportDeclaration:
      case SyntaxKind.ExportAssignment:
        markEsm();
        break;
      case SyntaxKind.AwaitExpression:
        visitAwait(node as ts.AwaitExpression);
        currentParent = saved;
        return;
      case SyntaxKind.CallExpression:
        visitCall(node as ts.CallExpression);
        currentParent = saved;
        return;
      case SyntaxKind.NewExpression:
      case SyntaxKind.ElementAccessExpression:
        if (loopStack.length > 0) addCost(node.kind === SyntaxKind.NewExpression ? 2 : 1);
        break;
      case SyntaxKind.BinaryExpression:
        if (isBinaryExpression((node as ts.BinaryExpression).left)) {
          visitBinaryChain(node as ts.BinaryExpression);
          currentParent = saved;
          return;
        }
        if (loopStack.length > 0 && ARITHMETIC.has((node as ts.BinaryExpression).operatorToken.kind)) addOperatorCost();
        break;
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression:
        if (loopStack.length > 0) addOperatorCost();
        break;
      case SyntaxKind.BreakStatement:
      case SyntaxKind.ContinueStatement:
      case SyntaxKind.ReturnStatement:
      case SyntaxKind.ThrowStatement:
        visitJump(node as ts.BreakStatement);
        break;
      case SyntaxKind.ThisKeyword:
        unit.usesThis = true;
        if (chunk && unit === moduleUnit) chunk.usesThis = true;
        currentParent = saved;
        return;
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        if (awaitStack.length > 0) {
          for (const a of awaitStack) {
            a.reads.add(`'${(node as ts.StringLiteral).text}`);
            a.refs.add(`'${(node as ts.StringLiteral).text}`);
          }
        }
        currentParent = saved;
        return;
      default:
        // Types never run: they hold no functions, loops or calls the analysis reads.
        if ((node.kind >= SyntaxKind.FirstTypeNode && node.kind <= SyntaxKind.LastTypeNode) ||
            node.kind === SyntaxKind.InterfaceDeclaration || node.kind === SyntaxKind.TypeAliasDeclaration) {
          fillParent = node;
          forEachChild(node, fillParents);
          currentParent = saved;
          return;
        }
    }
    // Tokens and keywords have no children.
    if (node.kind <= SyntaxKind.LastToken) {
      if (node.kind === SyntaxKind.ExportKeyword) markEsm();
    } else {
      forEachChild(node, visit);
    }
    currentParent = saved;
  }

  // Pieces of the file recorded for reuse: top-level statements and members of top-level classes.
  const chunks = new Map<ts.Node, ChunkFacts>();
  const startChunk = (node: ts.Node, context: string | undefined): ChunkFacts => {
    const started: ChunkFacts = {
      node, context, constantsBefore: constantList.length,
      units: [units.length, 0], calls: [moduleUnit.calls.length, 0], loops: [moduleUnit.loops.length, 0],
      awaits: [moduleUnit.awaits.length, 0], awaitStatements: [moduleUnit.awaitStatements.length, 0],
      children: [moduleUnit.children.length, 0], declarations: [], constants: [], esm: false, usesThis: false,
    };
    chunk = started;
    moduleScope.declared = started.declarations;
    return started;
  };
  const endChunk = (done: ChunkFacts) => {
    done.units[1] = units.length;
    done.calls[1] = moduleUnit.calls.length;
    done.loops[1] = moduleUnit.loops.length;
    done.awaits[1] = moduleUnit.awaits.length;
    done.awaitStatements[1] = moduleUnit.awaitStatements.length;
    done.children[1] = moduleUnit.children.length;
    chunks.set(done.node, done);
    chunk = undefined;
    moduleScope.declared = undefined;
  };

  /** Adds a piece's previous facts as if it had been walked again; its record moves to this analysis. */
  const replay = (old: ChunkFacts, reuse: ReusableFacts, topIndex: number) => {
    const m = reuse.module;
    const units0 = units.length;
    for (let i = old.units[0]; i < old.units[1]; i++) {
      const u = reuse.units[i];
      u.id = units.length;
      units.push(u);
    }
    old.units[0] = units0;
    old.units[1] = units.length;
    old.calls = appendRange(moduleUnit.calls, m.calls, old.calls);
    old.loops = appendRange(moduleUnit.loops, m.loops, old.loops);
    old.children = appendRange(moduleUnit.children, m.children, old.children);
    for (let i = old.awaitStatements[0]; i < old.awaitStatements[1]; i++) {
      const fact = m.awaitStatements[i];
      // Pattern: try { await a() } catch {} at the top level — its place among the statements moves.
      if (fact.block.kind === SyntaxKind.SourceFile) {
        fact.block = sourceFile;
        fact.index = topIndex;
      }
    }
    old.awaitStatements = appendRange(moduleUnit.awaitStatements, m.awaitStatements, old.awaitStatements);
    for (let i = old.awaits[0]; i < old.awaits[1]; i++) {
      const fact = m.awaits[i];
      const statement = awaitStatements.get(fact.node);
      if (statement) {
        fact.statement = statement;
        statement.await = fact;
      }
    }
    old.awaits = appendRange(moduleUnit.awaits, m.awaits, old.awaits);
    for (let i = 0; i < old.declarations.length; i++) moduleScope.declare(old.declarations[i][0], old.declarations[i][1]);
    old.constantsBefore = constantList.length;
    for (const entry of old.constants) {
      constants.set(entry[0], entry[1]);
      constantList.push(entry);
    }
    if (old.esm) markEsm();
    if (old.usesThis) moduleUnit.usesThis = true;
    chunks.set(old.node, old);
  };

  const walkChunk = (node: ts.Node, context: string | undefined, topIndex: number) => {
    const old = previous?.chunks.get(node);
    if (previous && old && old.context === context && old.constantsBefore === constantList.length) {
      replay(old, previous, topIndex);
      return;
    }
    const started = startChunk(node, context);
    visit(node);
    endChunk(started);
  };

  /** A top-level class: its header is walked every time, each member is a piece of its own. */
  const walkClassInChunks = (node: ts.ClassDeclaration, topIndex: number) => {
    (node as unknown as WithParent).parent = sourceFile;
    currentParent = node;
    if (node.name) scope.declare(node.name.text, { kind: 'local' });
    const context = className(node);
    forEachChild(node, visit, (nodes) => {
      if (nodes === node.members) for (const member of nodes) walkChunk(member, context, topIndex);
      else for (const child of nodes) visit(child);
      return undefined;
    });
    currentParent = sourceFile;
  };

  visitStatements(sourceFile, sourceFile.statements);
  if (record) {
    const statements = sourceFile.statements;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      if (statement.kind === SyntaxKind.ClassDeclaration) walkClassInChunks(statement as ts.ClassDeclaration, i);
      else walkChunk(statement, undefined, i);
    }
    visit(sourceFile.endOfFileToken);
  } else {
    forEachChild(sourceFile, visit);
  }

  // A module constant that changed or moved may change loop bounds anywhere after it: walk it all.
  if (previous && !sameEntries(previous.constants, constantList)) return collectFacts(sourceFile, { incremental: true });

  const { memo: resolution, kept } = resolveCalls(units, record, moduleScope, previous?.resolution);
  const reuse: ReusableFacts | undefined = record
    ? {
        chunks, units, moduleScope, constants: constantList, nextLoopId: loopIds, resolution,
        module: {
          calls: moduleUnit.calls, loops: moduleUnit.loops, awaits: moduleUnit.awaits,
          awaitStatements: moduleUnit.awaitStatements, children: moduleUnit.children,
        },
      }
    : undefined;
  return { sourceFile, units, moduleUnit, constants, isEsm, reuse, unchanged: kept.size > 0 ? kept : undefined };
}

/** Appends `from[range]` to `to`; returns the range it now has in `to`. */
function appendRange<T>(to: T[], from: readonly T[], range: [number, number]): [number, number] {
  const start = to.length;
  for (let i = range[0]; i < range[1]; i++) to.push(from[i]);
  return [start, to.length];
}

function sameEntries(a: ReadonlyArray<[string, number]>, b: ReadonlyArray<[string, number]>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

/** The module unit of the previous analysis, emptied for this one (reused facts point at it). */
function reuseModuleUnit(moduleUnit: FunctionFacts, sourceFile: ts.SourceFile): FunctionFacts {
  Object.assign(moduleUnit, {
    id: 0, node: sourceFile, declNode: sourceFile, usesThis: false, loops: [], awaits: [], awaitStatements: [],
    calls: [], syncCalls: [], heavyCalls: [], asyncIoCalls: [], recursiveCalls: 0, children: [],
  } satisfies Partial<FunctionFacts>);
  return moduleUnit;
}

/**
 * What resolution depends on outside a unit's own scopes: what each module-level name resolves
 * to (a local function by its place among the units), and the units' names for `this.f()`.
 */
function environment(moduleScope: Scope, units: readonly FunctionFacts[]): string {
  const index = new Map<FunctionFacts, number>();
  for (let i = 0; i < units.length; i++) index.set(units[i], i);
  const describe = (resolved: Resolved | undefined): string => {
    if (!resolved) return '?';
    if (resolved.kind === 'local') return `l${resolved.unit ? index.get(resolved.unit) : ''}`;
    return `${resolved.kind === 'module' ? `m${resolved.module}` : 'g'}:${resolved.path.join('.')}`;
  };
  const parts: string[] = [];
  const entries = moduleScope.entries();
  if (entries) for (const [name, binding] of entries) parts.push(name, describe(resolveBinding(binding)));
  parts.push('');
  for (const unit of units) parts.push(unit.name);
  return parts.join('\u0001');
}

/**
 * A unit whose resolution can be kept for the next analysis: what it derived stays inside it
 * (no CPU-heavy call, whose line moves with edits; no call counted in another unit's loop).
 */
function keepsResolution(unit: FunctionFacts): boolean {
  if (unit.kind === 'module' || unit.heavyCalls.length > 0) return false;
  for (const loop of unit.loops) if (loop.heavyApi || loop.bodyCost !== loop.walkCost) return false;
  for (const call of unit.calls) if (call.loop && call.loop.unit !== unit) return false;
  return true;
}

/** True when every local function a unit's calls resolved to is still one of the file's units. */
function targetsExist(unit: FunctionFacts, current: ReadonlySet<FunctionFacts>): boolean {
  for (const call of unit.calls) {
    const resolved = call.resolved;
    if (resolved?.kind === 'local' && resolved.unit && !current.has(resolved.unit)) return false;
  }
  return true;
}

/**
 * After the walk: resolve every callee and sort calls into sync, async-I/O, CPU-heavy and local.
 * With `reusable`, facts may come from an earlier analysis: what resolution derives is reset
 * first, except in the units `memo` kept when the module scope still resolves the same way (a
 * keystroke inside one function leaves every other unit's resolution as it was). Returns the
 * memo for the next analysis, and the units it kept.
 */
function resolveCalls(
  units: FunctionFacts[], reusable: boolean, moduleScope: Scope, memo: ResolutionMemo | undefined,
): { memo: ResolutionMemo | undefined; kept: ReadonlySet<FunctionFacts> } {
  const env = reusable ? environment(moduleScope, units) : '';
  const kept = new Set<FunctionFacts>();
  if (memo && memo.environment === env) {
    const current = new Set(units);
    for (const unit of units) if (memo.units.has(unit) && targetsExist(unit, current)) kept.add(unit);
  }
  if (reusable) {
    for (const unit of units) {
      if (kept.has(unit)) continue;
      if (unit.kind !== 'module') {
        unit.syncCalls = [];
        unit.asyncIoCalls = [];
        unit.heavyCalls = [];
        unit.recursiveCalls = 0;
      }
      for (const loop of unit.loops) {
        if (loop.walkCost < 0) {
          loop.walkCost = loop.bodyCost;
        } else {
          loop.bodyCost = loop.walkCost;
          loop.heavyApi = undefined;
        }
      }
    }
  }
  const byName = new Map<string, FunctionFacts>();
  for (const u of units) if (!byName.has(u.name)) byName.set(u.name, u);

  for (const unit of units) {
    if (kept.has(unit)) continue;
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
      if (resolved.kind === 'module') {
        const api = syncApiFor(resolved.module, resolved.path);
        if (api) unit.syncCalls.push({ call, api });
        else if (isAsyncIoModule(resolved.module)) unit.asyncIoCalls.push(call);
      } else if (resolved.path.length === 1 && isAsyncIoGlobal(resolved.path[0])) {
        unit.asyncIoCalls.push(call);
      }
      const last = resolved.path.length > 0 ? resolved.path[resolved.path.length - 1] : '';
      if (!mayBeCpuHeavy(last)) continue;
      const key = resolved.kind === 'module' ? `${resolved.module}.${resolved.path.join('.')}` : resolved.path.join('.');
      const cost = cpuHeavyCost(key);
      if (cost > 0) {
        const sf = call.unit.node.getSourceFile();
        settle(sf, call.node);
        const line = sf.getLineAndCharacterOfPosition(call.node.getStart(sf)).line + 1;
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
  if (!reusable) return { memo: undefined, kept };
  const keep = new Set<FunctionFacts>();
  for (const unit of units) if (keepsResolution(unit)) keep.add(unit);
  return { memo: { environment: env, units: keep }, kept };
}
