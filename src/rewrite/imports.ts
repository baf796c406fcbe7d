// Module-level imports and requires: which local names bind which module export, where new
// imports go, and edits that add one in the file's own style (import or require, `node:` or not).
import * as ts from 'typescript';
import type { ModuleFormat } from './project';
import { lineStartOf, quoted, semi, type SourceStyle } from './style';
import type { TextEdit } from './types';

export interface ModuleBinding {
  statement: ts.Statement;
  /** Module id without `node:`. */
  module: string;
  kind: 'default' | 'namespace' | 'named' | 'require' | 'require-named';
  local: string;
  /** Export name for `named` and `require-named`. */
  imported?: string;
  /** The node listing named bindings, to add one more. */
  list?: ts.NamedImports | ts.ObjectBindingPattern;
  typeOnly: boolean;
}

function normalise(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** Pattern: require('x') with a string literal argument. */
export function requireTarget(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'require' &&
      expr.arguments.length === 1 && ts.isStringLiteralLike(expr.arguments[0])) {
    return expr.arguments[0].text;
  }
  return undefined;
}

/** Every module-level import or require binding of the file. */
export function moduleBindings(sourceFile: ts.SourceFile): ModuleBinding[] {
  const out: ModuleBinding[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const module = normalise(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      const typeOnly = !!clause.isTypeOnly;
      // Pattern: import fs from 'fs'
      if (clause.name) out.push({ statement, module, kind: 'default', local: clause.name.text, typeOnly });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) {
        // Pattern: import * as fs from 'node:fs'
        out.push({ statement, module, kind: 'namespace', local: named.name.text, typeOnly });
      } else if (named) {
        // Pattern: import { readFileSync as read } from 'fs'
        for (const element of named.elements) {
          out.push({
            statement, module, kind: 'named', local: element.name.text, imported: (element.propertyName ?? element.name).text,
            list: named, typeOnly: typeOnly || element.isTypeOnly,
          });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) &&
               ts.isStringLiteral(statement.moduleReference.expression)) {
      // Pattern: import fs = require('fs')
      out.push({ statement, module: normalise(statement.moduleReference.expression.text), kind: 'namespace', local: statement.name.text, typeOnly: statement.isTypeOnly });
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const target = requireTarget(decl.initializer);
        if (target === undefined) continue;
        const module = normalise(target);
        if (ts.isIdentifier(decl.name)) {
          // Pattern: const fs = require('fs')
          out.push({ statement, module, kind: 'require', local: decl.name.text, typeOnly: false });
        } else if (ts.isObjectBindingPattern(decl.name)) {
          // Pattern: const { readFileSync: read } = require('fs')
          for (const element of decl.name.elements) {
            if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
            const key = element.propertyName && (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName))
              ? element.propertyName.text : element.name.text;
            out.push({ statement, module, kind: 'require-named', local: element.name.text, imported: key, list: decl.name, typeOnly: false });
          }
        }
      }
    }
  }
  return out;
}

function isImportLike(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) return true;
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.every((d) => requireTarget(d.initializer) !== undefined);
}

/**
 * Offset where the file's leading comments that belong to `statement` start: the comments
 * right above it with no blank line in between (its JSDoc), not a file header.
 */
export function attachedCommentStart(statement: ts.Node, sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  let start = statement.getStart(sourceFile);
  if (isImportLike(statement as ts.Statement)) return start;
  const ranges = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
  // Above the first statement, only a JSDoc block belongs to it: the rest is the file's header.
  const isFirst = sourceFile.statements[0] === statement;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const between = text.slice(ranges[i].end, start);
    if (/\n[ \t]*\r?\n/.test(between)) break;
    if (isFirst && !text.startsWith('/**', ranges[i].pos)) break;
    start = ranges[i].pos;
    if (isFirst) break;
  }
  return start;
}

/** The range that deletes `statement`, its JSDoc and its line, and one blank line when it sat between two. */
export function removalRange(statement: ts.Node, sf: ts.SourceFile): { start: number; end: number } {
  const text = sf.text;
  let start = attachedCommentStart(statement, sf);
  const lineStart = lineStartOf(text, start);
  if (text.slice(lineStart, start).trim() === '') start = lineStart;
  let end = statement.getEnd();
  const rest = /^[ \t]*(\/\/[^\n]*)?\r?\n/.exec(text.slice(end));
  if (rest && !rest[1]) end += rest[0].length;
  const before = text.slice(0, start);
  const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(end));
  if (blankAfter && (/\n[ \t]*\r?\n$/.test(before) || start === 0)) end += blankAfter[0].length;
  return { start, end };
}

/** Where a new import statement goes, and whether it needs a line break before or after it. */
export function importInsertion(sourceFile: ts.SourceFile): { pos: number; before: boolean } {
  let last: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (isImportLike(statement)) last = statement;
    else if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && !last) last = statement; // 'use strict'
    else break;
  }
  if (last) return { pos: last.getEnd(), before: true };
  const first = sourceFile.statements[0];
  if (!first) return { pos: sourceFile.text.length, before: sourceFile.text.length > 0 && !sourceFile.text.endsWith('\n') };
  return { pos: attachedCommentStart(first, sourceFile), before: false };
}

/** An edit that inserts whole statements (`lines`, without line ends) where imports go. */
export function insertStatementsEdit(sourceFile: ts.SourceFile, lines: string[], style: SourceStyle): TextEdit {
  const { pos, before } = importInsertion(sourceFile);
  const body = lines.join(style.eol);
  // Before the first statement: the new block is followed by a blank line.
  return { start: pos, end: pos, newText: before ? style.eol + body : body + style.eol + style.eol };
}

/** True when new imports in this file are written with `import` (else `require`). */
export function usesImportSyntax(sourceFile: ts.SourceFile, format: ModuleFormat, isTypeScript: boolean): boolean {
  if (isTypeScript) return true;
  if (sourceFile.statements.some((s) => ts.isImportDeclaration(s))) return true;
  if (moduleBindings(sourceFile).some((b) => b.kind === 'require' || b.kind === 'require-named')) return false;
  return format === 'esm';
}

export interface ImportRequest {
  /** Module id as written in new code (`node:fs/promises`). */
  specifier: string;
  name: string;
  /** Preferred local name; made unique against `taken`. */
  local?: string;
}

/** The specifier of a named import or the element of a destructured require that binds `binding`. */
export function bindingElement(binding: ModuleBinding): ts.ImportSpecifier | ts.BindingElement | undefined {
  const elements = binding.list?.elements as ts.NodeArray<ts.ImportSpecifier | ts.BindingElement> | undefined;
  return elements?.find((e) => ts.isIdentifier(e.name) && e.name.text === binding.local);
}

/**
 * The edit that deletes a named import or destructured require binding: its specifier, or the
 * whole statement (and its line) when nothing else is bound there. Undefined where deleting it
 * would change something else: a `...rest` element would gain the property; other variables
 * are declared in the same statement.
 */
export function removeBindingEdit(sourceFile: ts.SourceFile, binding: ModuleBinding): TextEdit | undefined {
  const element = bindingElement(binding);
  if (!element || !binding.list) return undefined;
  const elements = binding.list.elements as ts.NodeArray<ts.ImportSpecifier | ts.BindingElement>;
  const statement = binding.statement;
  if (ts.isObjectBindingPattern(binding.list) && binding.list.elements.some((e) => e.dotDotDotToken)) return undefined;
  if (elements.length > 1) {
    // Pattern: { a, b } → { b } (the comma after) or { a } (the comma before)
    const i = elements.indexOf(element);
    return i === 0
      ? { start: element.getStart(sourceFile), end: elements[1].getStart(sourceFile), newText: '' }
      : { start: elements[i - 1].getEnd(), end: element.getEnd(), newText: '' };
  }
  if (ts.isImportDeclaration(statement)) {
    // Pattern: import fs, { readFileSync } from 'fs' → import fs from 'fs'
    const name = statement.importClause?.name;
    if (name) return { start: name.getEnd(), end: binding.list.getEnd(), newText: '' };
    return { ...removalRange(statement, sourceFile), newText: '' };
  }
  if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) return { ...removalRange(statement, sourceFile), newText: '' };
  return undefined;
}

/**
 * The local name bound to export `name` of `module` and the edits that create the binding
 * when the file has none: an added specifier in an existing import/require of the module, or
 * a new statement where imports go. `replacing`, a binding the fix drops, gives up its place
 * in the list to the new name (`replaced`), rather than leave the list empty.
 */
export function ensureNamedImport(
  sourceFile: ts.SourceFile, request: ImportRequest, style: SourceStyle, importSyntax: boolean, taken: ReadonlySet<string>,
  replacing?: ModuleBinding,
): { local: string; edits: TextEdit[]; statement?: string; replaced?: boolean } {
  const module = normalise(request.specifier);
  const bindings = moduleBindings(sourceFile);
  const existing = bindings.find((b) => b.module === module && (b.kind === 'named' || b.kind === 'require-named') && b.imported === request.name && !b.typeOnly);
  if (existing) return { local: existing.local, edits: [] };
  let local = request.local ?? request.name;
  if (taken.has(local)) {
    for (let i = 2; ; i++) {
      const candidate = `${local}${i === 2 ? 'Async' : i}`;
      if (!taken.has(candidate)) { local = candidate; break; }
    }
  }
  const renamed = local !== request.name;
  const list = bindings.find((b) => b.module === module && b.list && !b.typeOnly && (importSyntax ? b.kind === 'named' : b.kind === 'require-named'))?.list;
  if (list) {
    const elements = list.elements;
    const lastElement = elements[elements.length - 1];
    const entry = ts.isNamedImports(list)
      ? (renamed ? `${request.name} as ${local}` : local)
      : (renamed ? `${request.name}: ${local}` : local);
    const text = sourceFile.text;
    // Pattern: import { pbkdf2Sync } from 'crypto' → import { pbkdf2 } from 'crypto'
    const replaced = replacing?.list === list ? bindingElement(replacing) : undefined;
    if (replaced) return { local, edits: [{ start: replaced.getStart(sourceFile), end: replaced.getEnd(), newText: entry }], replaced: true };
    if (lastElement) {
      const hasTrailingComma = list.elements.hasTrailingComma;
      const multiline = text.slice(list.getStart(sourceFile), list.getEnd()).includes('\n');
      const sep = multiline ? `${style.eol}${/^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', lastElement.getStart(sourceFile)) + 1))![0]}` : ' ';
      const insert = hasTrailingComma ? `${sep}${entry},` : `,${sep}${entry}`;
      const pos = hasTrailingComma ? text.indexOf(',', lastElement.getEnd()) + 1 : lastElement.getEnd();
      return { local, edits: [{ start: pos, end: pos, newText: insert }] };
    }
  }
  const statement = importSyntax
    ? `import { ${renamed ? `${request.name} as ${local}` : local} } from ${quoted(request.specifier, style)}${semi(style)}`
    : `const { ${renamed ? `${request.name}: ${local}` : local} } = require(${quoted(request.specifier, style)})${semi(style)}`;
  return { local, edits: [insertStatementsEdit(sourceFile, [statement], style)], statement };
}

/**
 * The local name of a namespace/default import or plain require of `module`, or the edits
 * creating one (`import * as os from 'node:os'`, `const os = require('node:os')`).
 */
export function ensureNamespaceImport(
  sourceFile: ts.SourceFile, specifier: string, preferred: string, style: SourceStyle, importSyntax: boolean, isTypeScript: boolean,
  taken: ReadonlySet<string>,
): { local: string; statement?: string } {
  const module = normalise(specifier);
  const existing = moduleBindings(sourceFile).find((b) => b.module === module && !b.typeOnly &&
    (b.kind === 'namespace' || b.kind === 'require' || (b.kind === 'default' && /^(os|path|fs|crypto|util|zlib|child_process|url)$/.test(module))));
  if (existing) return { local: existing.local };
  let local = preferred;
  for (let i = 2; taken.has(local); i++) local = `${preferred}${i}`;
  const statement = importSyntax
    ? (isTypeScript ? `import * as ${local} from ${quoted(specifier, style)}${semi(style)}` : `import ${local} from ${quoted(specifier, style)}${semi(style)}`)
    : `const ${local} = require(${quoted(specifier, style)})${semi(style)}`;
  return { local, statement };
}
