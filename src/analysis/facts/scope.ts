// Lexical scopes and what each name is bound to, so `readFileSync` resolves to `fs` through
// any import or require style, and a local declaration shadows the import.
import * as ts from 'typescript';
// Plain locals: a bundled CommonJS `ts` namespace reads every member through a getter.
const { SyntaxKind, isAsExpression, isAwaitExpression, isCallExpression, isElementAccessExpression, isIdentifier, isNonNullExpression, isParenthesizedExpression, isPropertyAccessExpression, isSatisfiesExpression, isStringLiteralLike, isTypeAssertionExpression } = ts;
import { normaliseModule, normalisePath } from '../catalog';
import type { FunctionFacts, Resolved } from './types';

export type Binding =
  /** `import fs from 'fs'`, `import { readFileSync as read } from 'node:fs'`. */
  | { kind: 'module'; module: string; path: readonly string[] }
  /** `const x = <init>` or `const { a: x } = <init>`: whatever `init` resolves to, then `path`. */
  | { kind: 'alias'; init: ts.Expression; path: readonly string[]; scope: Scope; fn?: FunctionFacts }
  /** A parameter, class, catch variable or function: not a module export. */
  | { kind: 'local'; fn?: FunctionFacts };

export class Scope {
  private names: Map<string, Binding> | undefined;

  constructor(
    readonly parent: Scope | undefined,
    /** Function scopes receive `var` and parameters; block scopes `let`/`const`/`class`. */
    readonly isFunction: boolean,
  ) {}

  declare(name: string, binding: Binding): void {
    (this.names ??= new Map()).set(name, binding);
    this.declared?.push([name, binding]);
  }

  /** When set, every declaration is also appended here (the module scope, for reuse). */
  declared: Array<[string, Binding]> | undefined;

  /** Forgets every name (the module scope, before an incremental re-analysis refills it). */
  clear(): void {
    this.names = undefined;
  }

  /** The nearest function scope (for `var`). */
  functionScope(): Scope {
    return this.isFunction || !this.parent ? this : this.parent.functionScope();
  }

  /** What this scope itself binds (not its parents), in declaration order. */
  entries(): IterableIterator<[string, Binding]> | undefined {
    return this.names?.entries();
  }

  lookup(name: string): Binding | undefined {
    return this.names?.get(name) ?? this.parent?.lookup(name);
  }
}

const MAX_ALIAS_DEPTH = 8;

/**
 * Resolves an expression to a module export, a global, or a local value. Call after the
 * walk, when every scope holds all its declarations (hoisting). Unknown shapes give undefined.
 */
export function resolveExpression(expr: ts.Expression, scope: Scope, depth = 0): Resolved | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  expr = skipOuterExpressions(expr);
  if (isIdentifier(expr)) {
    const binding = scope.lookup(expr.text);
    if (!binding) return { kind: 'global', path: [expr.text] };
    return resolveBinding(binding, depth);
  }
  if (isPropertyAccessExpression(expr)) {
    return extend(resolveExpression(expr.expression, scope, depth + 1), expr.name.text);
  }
  if (isElementAccessExpression(expr) && isStringLiteralLike(expr.argumentExpression)) {
    return extend(resolveExpression(expr.expression, scope, depth + 1), expr.argumentExpression.text);
  }
  const specifier = requireSpecifier(expr, scope);
  if (specifier !== undefined) return { kind: 'module', module: normaliseModule(specifier), path: [] };
  if (isAwaitExpression(expr)) {
    // Pattern: const fs = await import('node:fs')
    const inner = skipOuterExpressions(expr.expression);
    if (isCallExpression(inner) && inner.expression.kind === SyntaxKind.ImportKeyword) {
      const arg = inner.arguments[0];
      if (arg && isStringLiteralLike(arg)) return { kind: 'module', module: normaliseModule(arg.text), path: [] };
    }
  }
  return undefined;
}

export function resolveBinding(binding: Binding, depth = 0): Resolved | undefined {
  switch (binding.kind) {
    case 'module':
      return { kind: 'module', ...normalisePath(binding.module, binding.path) };
    case 'local':
      return { kind: 'local', unit: binding.fn };
    case 'alias': {
      if (binding.fn) return { kind: 'local', unit: binding.fn };
      let resolved = resolveExpression(binding.init, binding.scope, depth + 1);
      if (!resolved) return { kind: 'local' };
      for (const name of binding.path) resolved = extend(resolved, name);
      return resolved ?? { kind: 'local' };
    }
  }
}

function extend(resolved: Resolved | undefined, name: string): Resolved | undefined {
  if (!resolved) return undefined;
  if (resolved.kind === 'module') return { kind: 'module', ...normalisePath(resolved.module, [...resolved.path, name]) };
  if (resolved.kind === 'global') return { kind: 'global', path: [...resolved.path, name] };
  return { kind: 'local' };
}

/** Pattern: require('fs') with `require` not shadowed. */
function requireSpecifier(expr: ts.Expression, scope: Scope): string | undefined {
  if (!isCallExpression(expr) || expr.arguments.length !== 1) return undefined;
  const callee = expr.expression;
  const arg = expr.arguments[0];
  if (!isIdentifier(callee) || callee.text !== 'require' || !isStringLiteralLike(arg)) return undefined;
  if (scope.lookup('require')) return undefined;
  return arg.text;
}

export function skipOuterExpressions(expr: ts.Expression): ts.Expression {
  for (;;) {
    if (isParenthesizedExpression(expr) || isAsExpression(expr) || isNonNullExpression(expr) ||
        isSatisfiesExpression(expr) || isTypeAssertionExpression(expr)) {
      expr = expr.expression;
    } else {
      return expr;
    }
  }
}
