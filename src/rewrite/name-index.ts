// One walk per file instead of one per name: every identifier that refers to a name, and the
// first place each name is changed. The worker-pool move asks these for every module-level
// name a function needs; on a bundled file with thousands of them, a walk per name took minutes.
import * as ts from 'typescript';
import { isReference } from './syntax';

export interface NameIndex {
  /** Identifiers that are references (see isReference), declarations' own names included, by name, in source order. */
  references: Map<string, ts.Identifier[]>;
  /** The first assignment, `++`/`--`, `delete` or mutating method call (`push`, `set`…) on each name, in source order. */
  firstChanges: Map<string, ts.Node>;
}

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'add', 'set', 'delete', 'clear']);

function rootName(e: ts.Expression): string | undefined {
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** The name whose value `n` changes, if `n` changes one. */
function changedName(n: ts.Node): string | undefined {
  // Pattern: x = …, x.a += …, x[i] ??= …
  if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return rootName(n.left);
  // Pattern: x++, --x.count
  if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) return rootName(n.operand);
  // Pattern: delete x.a
  if (ts.isDeleteExpression(n)) return rootName(n.expression);
  // Pattern: x.push(…), x.items.set(…)
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && MUTATORS.has(n.expression.name.text)) return rootName(n.expression.expression);
  return undefined;
}

const indexes = new WeakMap<ts.SourceFile, NameIndex>();

/** The index of `sourceFile`, built on first use. Needs parent pointers on the whole tree. */
export function nameIndex(sourceFile: ts.SourceFile): NameIndex {
  let index = indexes.get(sourceFile);
  if (index) return index;
  index = { references: new Map(), firstChanges: new Map() };
  const { references, firstChanges } = index;
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      if (isReference(n)) {
        const list = references.get(n.text);
        if (list) list.push(n);
        else references.set(n.text, [n]);
      }
      return;
    }
    const changed = changedName(n);
    if (changed !== undefined && !firstChanges.has(changed)) firstChanges.set(changed, n);
    ts.forEachChild(n, visit);
  };
  visit(sourceFile);
  indexes.set(sourceFile, index);
  return index;
}

/** True when `node` is one of `ancestors` or inside one. */
export function isWithin(node: ts.Node, ancestors: ReadonlySet<ts.Node>): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (ancestors.has(n)) return true;
  return false;
}
