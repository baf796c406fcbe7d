// Finds a function by its DESIGN.md name in a module's text and says how a harness can
// reach it from the module's exports: the functions a profile can call are the top-level
// ones, class methods and object-literal methods of top-level bindings, and CJS exports.
import * as ts from 'typescript';

/** How the harness reaches the function from the bundled module's namespace. */
export interface TargetAccess {
  /**
   * Property path from the module namespace. The first key is looked up on the namespace and,
   * when absent there, on its `default` export (a CommonJS module bundled as ESM).
   */
  path: string[];
  /** `plain`: call the value; `method`: call it with its owner as `this`; `instance`: `new` the owner (no arguments), then call the method on it. */
  call: 'plain' | 'method' | 'instance';
}

export interface LocatedFunction {
  name: string;
  /** 1-based span of the function. */
  line: number;
  endLine: number;
  /** Names of the declared parameters (`…rest` for a rest parameter, `?` for patterns). */
  params: string[];
  access: TargetAccess;
  /** Text to append to the module so the binding becomes reachable; empty when already exported. */
  exportSuffix: string;
  /** The raw `@workloadArgs` value from the function's JSDoc, if any. */
  workloadArgs?: string;
}

export type LocateResult =
  | { kind: 'found'; fn: LocatedFunction }
  | { kind: 'not-found'; reason: string; candidates: string[] };

/** The alias under which an appended export makes a non-exported binding reachable. */
export const TARGET_EXPORT = '__workloadHintsTarget';

interface Candidate {
  name: string;
  node: ts.Node;
  /** Node whose leading comments hold the JSDoc. */
  docNode: ts.Node;
  fn: ts.SignatureDeclaration;
  /** Top-level binding the function hangs off, when appending an export is needed. */
  binding?: string;
  /** The module's default export: also found by the name `default`. */
  isDefault?: boolean;
  access: TargetAccess;
}

/** The script kind esbuild and TypeScript should use for a file, by extension. */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  const ext = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  switch (ext) {
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.JS;
  }
}

/**
 * Locates `name` in `text`. With several matches, `line` (1-based) picks the one whose span
 * contains it; otherwise the first wins. Nested functions are reported as unreachable.
 */
export function locateFunction(fileName: string, text: string, name: string, line?: number): LocateResult {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const candidates = collectCandidates(sf);
  const matches = candidates.filter((c) => c.name === name || (name === 'default' && c.isDefault));
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const spanOf = (c: Candidate) => ({ line: lineOf(c.node.getStart(sf)), endLine: lineOf(c.node.getEnd()) });
  const chosen =
    (line !== undefined && matches.find((c) => spanOf(c).line <= line && line <= spanOf(c).endLine)) || matches[0];
  if (!chosen) {
    const nested = findNestedFunction(sf, name);
    const reason = nested
      ? `\`${name}\` at line ${lineOf(nested.getStart(sf))} is declared inside another function; only top-level functions, class methods and object-literal methods can be profiled`
      : `no function named \`${name}\` in ${fileName}`;
    return { kind: 'not-found', reason, candidates: candidates.map((c) => c.name) };
  }
  const esm = isEsm(sf, fileName);
  let exportSuffix = '';
  if (chosen.binding) {
    exportSuffix = esm
      ? `\nexport { ${chosen.binding} as ${TARGET_EXPORT} };\n`
      : `\n;module.exports.${TARGET_EXPORT} = ${chosen.binding};\n`;
  }
  return {
    kind: 'found',
    fn: {
      name: chosen.name,
      ...spanOf(chosen),
      params: chosen.fn.parameters.map((p) =>
        ts.isIdentifier(p.name) ? (p.dotDotDotToken ? `…${p.name.text}` : p.name.text) : '?',
      ),
      access: chosen.access,
      exportSuffix,
      workloadArgs: readWorkloadArgs(sf, chosen.docNode),
    },
  };
}

/** Names of every function a profile can reach, in source order. */
export function listProfilableFunctions(fileName: string, text: string): Array<{ name: string; line: number; endLine: number }> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  return collectCandidates(sf).map((c) => ({ name: c.name, line: lineOf(c.node.getStart(sf)), endLine: lineOf(c.node.getEnd()) }));
}

function isEsm(sf: ts.SourceFile, fileName: string): boolean {
  if (/\.m[jt]s$/i.test(fileName)) return true;
  if (/\.c[jt]s$/i.test(fileName)) return false;
  return sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) ||
      ts.isExportDeclaration(s) ||
      ts.isExportAssignment(s) ||
      (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)),
  );
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function isFunctionValue(node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression {
  return node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
}

function unwrap(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    node = node.expression;
  }
  return node;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return ts.isPrivateIdentifier(name) ? undefined : name.text;
  }
  return undefined;
}

function collectCandidates(sf: ts.SourceFile): Candidate[] {
  const out: Candidate[] = [];
  for (const statement of sf.statements) {
    // Pattern: function f() {} / export function f() {} / export default function () {}
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      const name = statement.name?.text ?? 'default';
      const binding = statement.name && !isDefault ? statement.name.text : undefined;
      out.push({
        name,
        node: statement,
        docNode: statement,
        fn: statement,
        binding,
        isDefault,
        access: { path: binding ? [TARGET_EXPORT] : ['default'], call: 'plain' },
      });
      continue;
    }
    // Pattern: class C { m() {} static s() {} f = () => {} }
    if (ts.isClassDeclaration(statement)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      const className = statement.name?.text ?? 'default';
      const binding = statement.name && !isDefault ? statement.name.text : undefined;
      collectClassMembers(statement, className, binding, out);
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
        const binding = decl.name.text;
        const init = unwrap(decl.initializer);
        // Pattern: const f = () => {} / const f = function () {}
        if (isFunctionValue(init)) {
          out.push({ name: binding, node: decl, docNode: statement, fn: init, binding, access: { path: [TARGET_EXPORT], call: 'plain' } });
        } else if (ts.isClassExpression(init)) {
          // Pattern: const C = class { m() {} }
          collectClassMembers(init, binding, binding, out);
        } else if (ts.isObjectLiteralExpression(init)) {
          // Pattern: const api = { load() {}, parse: () => {} }
          collectObjectMembers(init, [TARGET_EXPORT], binding, out);
        }
      }
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      const expr = unwrap(statement.expression);
      // Pattern: export default async () => {}
      if (isFunctionValue(expr)) {
        out.push({ name: 'default', node: statement, docNode: statement, fn: expr, isDefault: true, access: { path: ['default'], call: 'plain' } });
      } else if (ts.isObjectLiteralExpression(expr)) {
        collectObjectMembers(expr, ['default'], undefined, out);
      }
      continue;
    }
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
      collectCommonJsExport(statement, out);
    }
  }
  return out;
}

function collectClassMembers(cls: ts.ClassLikeDeclaration, className: string, binding: string | undefined, out: Candidate[]): void {
  const owner = binding ? [TARGET_EXPORT] : ['default'];
  for (const member of cls.members) {
    const key = member.name && propertyName(member.name);
    if (!key) continue;
    const isStatic = hasModifier(member, ts.SyntaxKind.StaticKeyword);
    const call: TargetAccess['call'] = isStatic ? 'method' : 'instance';
    if (ts.isMethodDeclaration(member) && member.body) {
      out.push({ name: `${className}.${key}`, node: member, docNode: member, fn: member, binding, access: { path: [...owner, key], call } });
    } else if (ts.isPropertyDeclaration(member) && member.initializer && isFunctionValue(unwrap(member.initializer))) {
      // Pattern: class C { handle = async () => {} }
      const fn = unwrap(member.initializer) as ts.ArrowFunction | ts.FunctionExpression;
      out.push({ name: `${className}.${key}`, node: member, docNode: member, fn, binding, access: { path: [...owner, key], call } });
    }
  }
}

function collectObjectMembers(obj: ts.ObjectLiteralExpression, owner: string[], binding: string | undefined, out: Candidate[]): void {
  for (const prop of obj.properties) {
    const key = prop.name && propertyName(prop.name);
    if (!key) continue;
    if (ts.isMethodDeclaration(prop) && prop.body) {
      out.push({ name: key, node: prop, docNode: prop, fn: prop, binding, access: { path: [...owner, key], call: 'method' } });
    } else if (ts.isPropertyAssignment(prop) && isFunctionValue(unwrap(prop.initializer))) {
      const fn = unwrap(prop.initializer) as ts.ArrowFunction | ts.FunctionExpression;
      out.push({ name: key, node: prop, docNode: prop, fn, binding, access: { path: [...owner, key], call: 'method' } });
    }
  }
}

/** Pattern: exports.f = …, module.exports.f = …, module.exports = function f() {} / { … } */
function collectCommonJsExport(statement: ts.ExpressionStatement, out: Candidate[]): void {
  const assign = statement.expression as ts.BinaryExpression;
  if (assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const left = assign.left;
  const right = unwrap(assign.right);
  const isModuleExports = (e: ts.Expression) =>
    ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
  const isExportsObject = (e: ts.Expression) => (ts.isIdentifier(e) && e.text === 'exports') || isModuleExports(e);
  if (isModuleExports(left)) {
    if (isFunctionValue(right)) {
      const name = ts.isFunctionExpression(right) && right.name ? right.name.text : 'default';
      out.push({ name, node: statement, docNode: statement, fn: right, isDefault: true, access: { path: ['default'], call: 'plain' } });
    } else if (ts.isObjectLiteralExpression(right)) {
      collectObjectMembers(right, ['default'], undefined, out);
    }
    return;
  }
  if (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression) && isFunctionValue(right)) {
    const key = left.name.text;
    out.push({ name: key, node: statement, docNode: statement, fn: right, access: { path: ['default', key], call: 'method' } });
  }
}

function findNestedFunction(sf: ts.SourceFile, name: string): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name?.text === name) found = node;
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && isFunctionValue(node.initializer)) {
      found = node;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * Reads `@workloadArgs <value>` from the JSDoc above a function. The value runs to the next
 * tag or the end of the comment; continuation lines lose their leading `*`.
 */
export function readWorkloadArgs(sf: ts.SourceFile, node: ts.Node): string | undefined {
  const text = sf.text;
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  for (const range of [...ranges].reverse()) {
    const comment = text.slice(range.pos, range.end);
    if (!comment.startsWith('/**')) continue;
    const body = comment
      .slice(3, -2)
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, ''))
      .join('\n');
    const match = /@workloadArgs\b([\s\S]*?)(?=\n\s*@\w|$)/.exec(body);
    if (match) {
      const value = match[1].trim();
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}
