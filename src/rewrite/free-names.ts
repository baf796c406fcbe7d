// Which names a piece of code takes from outside itself: a small lexical-scope walk (hoisted
// `var` and functions, block-scoped `let`/`const`/`class`, parameters, catch variables, type
// parameters). Moving a function to another file needs exactly these names there.
import * as ts from 'typescript';
import { isFunctionLike, isReference } from './syntax';

export interface FreeNames {
  /** Names read or written as values, with the identifiers that use them. */
  values: Map<string, ts.Identifier[]>;
  /** Names used as types only. */
  types: Map<string, ts.Identifier[]>;
  /** `this` outside any nested non-arrow function. */
  usesThis: boolean;
}

function addBindingNames(name: ts.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) out.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addBindingNames(e.name, out);
}

/** True for the identifier that a declaration introduces (not a use). */
function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) ||
    ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isTypeParameterDeclaration(p) ||
    ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p) || ts.isImportSpecifier(p) ||
    ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isImportEqualsDeclaration(p) || ts.isModuleDeclaration(p)) &&
    (p as ts.NamedDeclaration).name === id;
}

/** Declarations a scope node introduces for its own body. */
function scopeDeclarations(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const hoistVars = (n: ts.Node): void => {
    if (isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) for (const d of n.declarations) addBindingNames(d.name, names);
    ts.forEachChild(n, hoistVars);
  };
  const direct = (statements: readonly ts.Statement[]): void => {
    for (const s of statements) {
      if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) names.add(s.name.text);
      if (ts.isVariableStatement(s) && s.declarationList.flags & ts.NodeFlags.BlockScoped) for (const d of s.declarationList.declarations) addBindingNames(d.name, names);
    }
  };
  if (isFunctionLike(node)) {
    for (const p of node.parameters) addBindingNames(p.name, names);
    if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.name) names.add(node.name.text);
    for (const t of node.typeParameters ?? []) names.add(t.name.text);
    if (node.body) {
      hoistVars(node.body);
      if (ts.isBlock(node.body)) direct(node.body.statements);
    }
  } else if (ts.isBlock(node) || ts.isCaseBlock(node)) {
    direct(ts.isBlock(node) ? node.statements : node.clauses.flatMap((c) => [...c.statements]));
  } else if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const init = node.initializer;
    if (init && ts.isVariableDeclarationList(init) && init.flags & ts.NodeFlags.BlockScoped) for (const d of init.declarations) addBindingNames(d.name, names);
  } else if (ts.isCatchClause(node) && node.variableDeclaration) {
    addBindingNames(node.variableDeclaration.name, names);
  } else if (ts.isClassLike(node)) {
    if (ts.isClassExpression(node) && node.name) names.add(node.name.text);
    for (const t of node.typeParameters ?? []) names.add(t.name.text);
  } else if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
    for (const t of node.typeParameters ?? []) names.add(t.name.text);
  } else if (ts.isMappedTypeNode(node)) {
    names.add(node.typeParameter.name.text);
  } else if (ts.isInferTypeNode(node)) {
    names.add(node.typeParameter.name.text);
  }
  return names;
}

function isTypePosition(id: ts.Identifier): boolean {
  let n: ts.Node = id;
  while (ts.isQualifiedName(n.parent) && n.parent.left === n) n = n.parent;
  const p = n.parent;
  if (ts.isTypeReferenceNode(p) && p.typeName === n) return true;
  // Pattern: class A implements B, interface C extends D
  if (ts.isExpressionWithTypeArguments(p) && ts.isHeritageClause(p.parent)) {
    return p.parent.token === ts.SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(p.parent.parent);
  }
  return false;
}

/** Names that `root` (a declaration or statement) uses but does not declare itself. */
export function freeNames(root: ts.Node): FreeNames {
  const result: FreeNames = { values: new Map(), types: new Map(), usesThis: false };
  const stack: Array<Set<string>> = [];
  const declared = (name: string): boolean => stack.some((s) => s.has(name));
  const add = (map: Map<string, ts.Identifier[]>, id: ts.Identifier) => {
    const list = map.get(id.text);
    if (list) list.push(id);
    else map.set(id.text, [id]);
  };
  const visit = (node: ts.Node, thisBound: boolean): void => {
    if (node.kind === ts.SyntaxKind.ThisKeyword && !thisBound) result.usesThis = true;
    if (ts.isIdentifier(node)) {
      if (!isDeclarationName(node) && isReference(node) && !(ts.isQualifiedName(node.parent) && node.parent.right === node) && !declared(node.text)) {
        add(isTypePosition(node) ? result.types : result.values, node);
      }
      return;
    }
    // Names introduced by a function or class are seen from inside it only (the declaration's own name is the caller's).
    const scope = scopeDeclarations(node);
    if (node === root && (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) scope.add(node.name.text);
    stack.push(scope);
    const binds = thisBound || (isFunctionLike(node) && !ts.isArrowFunction(node)) || ts.isClassLike(node);
    ts.forEachChild(node, (child) => visit(child, binds));
    stack.pop();
  };
  visit(root, false);
  return result;
}
