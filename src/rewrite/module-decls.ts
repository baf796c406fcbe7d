// The module-level declarations of a file by name, and what moving code that uses some of them
// into another file needs: which imports, constants, helper functions and types go along,
// which of them can move (nothing else uses them) and which must be copied, and what blocks the
// move (mutable module state, values computed at load time).
import * as ts from 'typescript';
import { freeNames } from './free-names';
import { moduleBindings, requireTarget, type ModuleBinding } from './imports';
import { isWithin, nameIndex } from './name-index';

export type ModuleDecl =
  | { kind: 'import'; name: string; binding: ModuleBinding; statement: ts.Statement }
  | { kind: 'function' | 'class' | 'type' | 'enum'; name: string; statement: ts.Statement; node: ts.Node }
  | { kind: 'variable'; name: string; statement: ts.VariableStatement; node: ts.VariableDeclaration; keyword: 'const' | 'let' | 'var' };

/** Globals a worker thread does not share with the main thread. */
const SHARED_GLOBALS = /^(globalThis|global|window|self)$/;

export function moduleDecls(sourceFile: ts.SourceFile): Map<string, ModuleDecl> {
  const out = new Map<string, ModuleDecl>();
  for (const binding of moduleBindings(sourceFile)) out.set(binding.local, { kind: 'import', name: binding.local, binding, statement: binding.statement });
  for (const statement of sourceFile.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      if (!out.has(statement.name.text)) {
        out.set(statement.name.text, { kind: ts.isFunctionDeclaration(statement) ? 'function' : 'class', name: statement.name.text, statement, node: statement });
      }
    } else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement))) {
      out.set(statement.name.text, { kind: 'type', name: statement.name.text, statement, node: statement });
    } else if (ts.isEnumDeclaration(statement)) {
      out.set(statement.name.text, { kind: 'enum', name: statement.name.text, statement, node: statement });
    } else if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      const keyword = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
      for (const d of statement.declarationList.declarations) {
        if (requireTarget(d.initializer) !== undefined) continue;
        if (ts.isIdentifier(d.name)) out.set(d.name.text, { kind: 'variable', name: d.name.text, statement, node: d, keyword });
      }
    }
  }
  return out;
}

/** The first place `name` is reassigned or changed in place anywhere in the file, if any. */
export function firstChange(sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
  return nameIndex(sourceFile).firstChanges.get(name);
}

const PURE_CALLS = /^(Math\.\w+|Object\.(freeze|keys|values|entries|fromEntries)|Number|String|Boolean|BigInt|Array\.(from|of)|String\.raw|Number\.parseInt|Number\.parseFloat|parseInt|parseFloat)$/;
const PURE_CONSTRUCTORS = /^(Set|Map|Date|RegExp|URL|TextEncoder|TextDecoder|(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array|ArrayBuffer|Error)$/;

/** Why `init` cannot simply be evaluated again in another thread, or undefined when it can. */
export function loadTimeWork(init: ts.Expression): string | undefined {
  let problem: string | undefined;
  const visit = (n: ts.Node): void => {
    if (problem) return;
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression.getText().replace(/\s+/g, '');
      if (!PURE_CALLS.test(callee)) {
        problem = `it is computed by \`${callee}(…)\` when the module loads`;
        return;
      }
    }
    if (ts.isNewExpression(n) && !PURE_CONSTRUCTORS.test(n.expression.getText())) {
      problem = `it is created by \`new ${n.expression.getText()}\` when the module loads`;
      return;
    }
    if (ts.isAwaitExpression(n)) {
      problem = 'it is awaited when the module loads';
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(init);
  return problem;
}

export interface Closure {
  /** Declarations the moved code needs, in source order (the target included). */
  needed: ModuleDecl[];
  /** Declarations used only by moved code: removed from the file. */
  moved: Set<ModuleDecl>;
  /** What stops the move: the first problem found (nothing else is computed then), or none. */
  problems: string[];
}

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** The node whose text is the declaration (a variable's statement when it declares only it). */
function declNode(decl: ModuleDecl): ts.Node {
  return decl.kind === 'import' ? decl.statement : decl.node;
}

/**
 * Everything `target` needs from its module, transitively, and what stops it from running
 * in a separate module: module state that changes, values computed when the module loads,
 * globals that a worker thread does not share.
 */
export function closureOf(sourceFile: ts.SourceFile, target: ModuleDecl, decls: Map<string, ModuleDecl>): Closure {
  const needed = new Set<ModuleDecl>([target]);
  // The first problem ends the search: the move is refused with it, and finding the rest costs a walk each.
  const stopped = (problem: string): Closure => ({ needed: [...needed], moved: new Set([target]), problems: [problem] });
  const queue: ModuleDecl[] = [target];
  while (queue.length > 0) {
    const decl = queue.shift()!;
    const free = freeNames(declNode(decl));
    const names = [...free.values.keys(), ...free.types.keys()];
    for (const name of names) {
      const d = decls.get(name);
      if (!d) {
        if (SHARED_GLOBALS.test(name) && free.values.has(name)) return stopped(`it reads \`${name}\`, which a worker thread does not share`);
        continue;
      }
      if (needed.has(d)) continue;
      if (d.kind === 'variable' && free.values.has(name)) {
        const change = firstChange(sourceFile, name);
        if (change) {
          return stopped(`it reads \`${name}\`, module state changed on line ${lineOf(change)}, which the worker would not see`);
        }
        if (d.keyword !== 'const' && !d.node.initializer) {
          return stopped(`it reads \`${name}\`, module state without a value at load time`);
        }
        const work = d.node.initializer && loadTimeWork(d.node.initializer);
        if (work) {
          return stopped(`it reads \`${name}\`, and ${work}`);
        }
        if (d.statement.declarationList.declarations.length > 1) {
          return stopped(`it reads \`${name}\`, declared together with other variables`);
        }
      }
      needed.add(d);
      if (d.kind !== 'import') queue.push(d);
    }
  }
  // A declaration moves when nothing outside the moved code refers to it; otherwise it is copied.
  const moved = new Set<ModuleDecl>([target]);
  for (let changed = true; changed;) {
    changed = false;
    for (const d of needed) {
      if (moved.has(d) || d.kind === 'import') continue;
      const outside = referencesOutside(sourceFile, d, [...moved].map((m) => m.statement));
      if (!outside) {
        moved.add(d);
        changed = true;
      }
    }
  }
  const ordered = [...needed].sort((a, b) => a.statement.pos - b.statement.pos);
  return { needed: ordered, moved, problems: [] };
}

/** True when `decl`'s name is used anywhere but inside `inside` (its own declaration excluded). */
export function referencesOutside(sourceFile: ts.SourceFile, decl: ModuleDecl, inside: readonly ts.Node[]): boolean {
  const skipped = new Set<ts.Node>(inside);
  if (decl.kind !== 'import') skipped.add(decl.statement);
  return (nameIndex(sourceFile).references.get(decl.name) ?? []).some((id) => !isOwnName(id) && !isWithin(id, skipped));
}

function isOwnName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isBindingElement(p) ||
    ts.isVariableDeclaration(p) || ts.isImportEqualsDeclaration(p)) && (p as ts.NamedDeclaration).name === id;
}
