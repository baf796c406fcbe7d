// Reads how many times a loop runs from its header: a literal, the size of a collection, an
// input value, or unknown.
import * as ts from 'typescript';
// Plain locals: a bundled CommonJS `ts` namespace reads every member through a getter.
const { SyntaxKind, isArrayLiteralExpression, isBinaryExpression, isCallExpression, isIdentifier, isNumericLiteral, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isSpreadElement, isVariableDeclarationList } = ts;
import type { LoopBound } from './types';
import { skipOuterExpressions } from './scope';

export interface BoundContext {
  constants: ReadonlyMap<string, number>;
  params: readonly string[];
  sourceFile: ts.SourceFile;
}

/** Numeric value of `1e6`, `1_000_000`, `2 ** 20`, `10 * 1000`, or a module constant. */
export function numericValue(expr: ts.Expression, ctx: BoundContext): number | undefined {
  expr = skipOuterExpressions(expr);
  if (isNumericLiteral(expr)) return Number(expr.text.replace(/_/g, ''));
  if (isIdentifier(expr)) return ctx.constants.get(expr.text);
  if (isBinaryExpression(expr)) {
    const left = numericValue(expr.left, ctx);
    const right = numericValue(expr.right, ctx);
    if (left === undefined || right === undefined) return undefined;
    switch (expr.operatorToken.kind) {
      case SyntaxKind.AsteriskToken: return left * right;
      case SyntaxKind.AsteriskAsteriskToken: return left ** right;
      case SyntaxKind.PlusToken: return left + right;
      case SyntaxKind.MinusToken: return left - right;
      case SyntaxKind.SlashToken: return right === 0 ? undefined : left / right;
      default: return undefined;
    }
  }
  return undefined;
}

/** Text of a simple reference: `xs`, `this.items`, `opts.rows`. */
export function referenceName(expr: ts.Expression): string | undefined {
  expr = skipOuterExpressions(expr);
  if (isIdentifier(expr)) return expr.text;
  if (expr.kind === SyntaxKind.ThisKeyword) return 'this';
  if (isPropertyAccessExpression(expr)) {
    const base = referenceName(expr.expression);
    return base ? `${base}.${expr.name.text}` : undefined;
  }
  return undefined;
}

function rootName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** Bound of iterating over a collection expression (`for…of`, `xs.forEach`). */
export function collectionBound(expr: ts.Expression, ctx: BoundContext): LoopBound {
  expr = skipOuterExpressions(expr);
  if (isArrayLiteralExpression(expr)) {
    const spread = expr.elements.some(isSpreadElement);
    return spread ? { kind: 'unknown' } : { kind: 'collection', name: '[…]', isParam: false, literalSize: expr.elements.length };
  }
  // Pattern: Object.keys(x), Object.entries(x), xs.entries(), map.values()
  if (isCallExpression(expr)) {
    const callee = expr.expression;
    if (isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (isIdentifier(callee.expression) && callee.expression.text === 'Object' && expr.arguments[0]) {
        return collectionBound(expr.arguments[0], ctx);
      }
      if (method === 'entries' || method === 'keys' || method === 'values' || method === 'slice' || method === 'filter' || method === 'map') {
        return collectionBound(callee.expression, ctx);
      }
    }
    // Pattern: Array.from({ length: N })
    if (isPropertyAccessExpression(callee) && callee.name.text === 'from' && expr.arguments[0] &&
        isObjectLiteralExpression(expr.arguments[0])) {
      for (const prop of expr.arguments[0].properties) {
        if (isPropertyAssignment(prop) && isIdentifier(prop.name) && prop.name.text === 'length') {
          return scalarBound(prop.initializer, ctx);
        }
      }
    }
    return { kind: 'unknown' };
  }
  const name = referenceName(expr);
  if (name) return { kind: 'collection', name, isParam: ctx.params.includes(rootName(name)) };
  return { kind: 'unknown' };
}

/** Bound from a number-valued limit: `N`, `xs.length`, `n`. */
export function scalarBound(limit: ts.Expression, ctx: BoundContext): LoopBound {
  const value = numericValue(limit, ctx);
  if (value !== undefined) return { kind: 'literal', value };
  limit = skipOuterExpressions(limit);
  if (isPropertyAccessExpression(limit) && (limit.name.text === 'length' || limit.name.text === 'size')) {
    return collectionBound(limit.expression, ctx);
  }
  const name = referenceName(limit);
  if (name) return { kind: 'input', name };
  if (isCallExpression(limit) || isBinaryExpression(limit)) {
    return { kind: 'input', name: limit.getText(ctx.sourceFile) };
  }
  return { kind: 'unknown' };
}

const LESS = new Set([SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);
const GREATER = new Set([SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken]);

/** Bound of a counting loop from its condition: `i < N`, `N > i`, or counting down from N. */
export function conditionBound(condition: ts.Expression | undefined, initializer: ts.Node | undefined, ctx: BoundContext): LoopBound {
  if (!condition) return { kind: 'unknown' };
  const cond = skipOuterExpressions(condition);
  if (!isBinaryExpression(cond)) return { kind: 'unknown' };
  const op = cond.operatorToken.kind;
  const counter = initializerName(initializer);
  const leftIsCounter = isIdentifier(cond.left) && (!counter || cond.left.text === counter);
  const rightIsCounter = isIdentifier(cond.right) && (!counter || cond.right.text === counter);
  if (LESS.has(op) && leftIsCounter) return scalarBound(cond.right, ctx);
  if (GREATER.has(op) && rightIsCounter) return scalarBound(cond.left, ctx);
  // Pattern: for (let i = n; i > 0; i--)
  if (GREATER.has(op) && leftIsCounter) {
    const start = initializerValue(initializer);
    if (start) return scalarBound(start, ctx);
  }
  if (op === SyntaxKind.AmpersandAmpersandToken) return conditionBound(cond.left, initializer, ctx);
  return { kind: 'unknown' };
}

function initializerName(init: ts.Node | undefined): string | undefined {
  if (init && isVariableDeclarationList(init)) {
    const decl = init.declarations[0];
    return decl && isIdentifier(decl.name) ? decl.name.text : undefined;
  }
  if (init && isBinaryExpression(init) && isIdentifier(init.left)) return init.left.text;
  return undefined;
}

function initializerValue(init: ts.Node | undefined): ts.Expression | undefined {
  if (init && isVariableDeclarationList(init)) return init.declarations[0]?.initializer;
  if (init && isBinaryExpression(init)) return init.right;
  return undefined;
}

/** Iterations to assume for a bound when estimating work; undefined when it depends on input. */
export function literalIterations(bound: LoopBound): number | undefined {
  if (bound.kind === 'literal') return bound.value;
  if (bound.kind === 'collection' && bound.literalSize !== undefined) return bound.literalSize;
  return undefined;
}

export function describeBound(bound: LoopBound): string {
  switch (bound.kind) {
    case 'literal': return `${bound.value.toLocaleString('en-US')} iterations`;
    case 'collection': return bound.literalSize !== undefined ? `${bound.literalSize} items` : `\`${bound.name}\``;
    case 'input': return `\`${bound.name}\``;
    case 'unknown': return 'an unknown count';
  }
}
