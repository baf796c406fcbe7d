// hot-loop / a CPU-bound function → "Move to a worker pool": the function moves to
// `<name>.worker.ts|js` with the imports, constants and helpers it needs, its call sites in the
// file become `await <name>Pool.run([args])`, and a module-level piscina pool sized to
// os.availableParallelism() is declared. ESM (`import.meta.url`) and CommonJS (`__dirname`);
// for TypeScript the pool loads the compiled sibling (.js) or, run through a loader, the .ts.
import * as path from 'node:path';
import * as ts from 'typescript';
import type { CallFact, Finding, FunctionFacts } from '../analysis';
import type { RewriteContext } from './context';
import { attachedCommentStart, ensureNamespaceImport, importInsertion, moduleBindings, removalRange, type ModuleBinding } from './imports';
import { bindingOf, callSitesOf, valueUses } from './make-async';
import { closureOf, moduleDecls, referencesOutside, type Closure, type ModuleDecl } from './module-decls';
import { dependencyNote } from './package-json';
import { hasDependency } from './project';
import { quoted, semi } from './style';
import { awaitBlocker, awaitNeedsParens, isFunctionLike, uniqueName } from './syntax';
import type { Fix, FixPlan, TextEdit } from './types';

export const PISCINA_VERSION = '^5.3.2';

const NON_CLONEABLE = /^(Function|Promise|PromiseLike|WeakMap|WeakSet|WeakRef|Symbol|EventEmitter|Readable|Writable|Duplex|Transform|Stream|Socket|Server|IncomingMessage|ServerResponse|Request|Response|Worker|ChildProcess|Generator|AsyncGenerator|Iterator|AsyncIterator|AbortSignal|AbortController|MessagePort)$/;
const MUTATORS = /^(push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin|add|set|delete|clear)$/;

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** Why values of this type cannot be structured-cloned to a worker, or undefined. */
function typeProblem(type: ts.TypeNode, decls: Map<string, ModuleDecl>, seen = new Set<ts.Node>()): string | undefined {
  if (seen.has(type)) return undefined;
  seen.add(type);
  if (ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type)) return `\`${type.getText()}\` is a function`;
  if (type.kind === ts.SyntaxKind.SymbolKeyword) return 'a symbol cannot be copied';
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (NON_CLONEABLE.test(name)) return `\`${name}\` cannot be copied to another thread`;
    const decl = decls.get(name);
    if (decl?.kind === 'class') return `\`${name}\` instances lose their class when copied to another thread`;
    if (decl?.kind === 'type' && !seen.has(decl.node)) {
      seen.add(decl.node);
      const node = decl.node as ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
      const problem = ts.isInterfaceDeclaration(node) ? membersProblem(node.members, decls, seen) : typeProblem(node.type, decls, seen);
      if (problem) return problem;
    }
    for (const arg of type.typeArguments ?? []) {
      const problem = typeProblem(arg, decls, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (ts.isTypeLiteralNode(type)) return membersProblem(type.members, decls, seen);
  let problem: string | undefined;
  ts.forEachChild(type, (child) => {
    if (!problem && ts.isTypeNode(child)) problem = typeProblem(child, decls, seen);
  });
  return problem;
}

function membersProblem(members: ts.NodeArray<ts.TypeElement>, decls: Map<string, ModuleDecl>, seen: Set<ts.Node>): string | undefined {
  for (const m of members) {
    if (ts.isMethodSignature(m) || ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m)) return `\`${m.getText()}\` is a method, which cannot be copied`;
    if (ts.isPropertySignature(m) && m.type) {
      const problem = typeProblem(m.type, decls, seen);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Why an argument expression cannot be sent to a worker, or undefined. */
function argumentProblem(arg: ts.Expression, decls: Map<string, ModuleDecl>): string | undefined {
  const e = ts.isParenthesizedExpression(arg) ? arg.expression : arg;
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e) || ts.isClassExpression(e)) return 'a function';
  if (e.kind === ts.SyntaxKind.ThisKeyword) return '`this`';
  if (ts.isIdentifier(e)) {
    const d = decls.get(e.text);
    if (d && (d.kind === 'function' || d.kind === 'class')) return `\`${e.text}\`, a ${d.kind}`;
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && decls.get(e.expression.text)?.kind === 'class') return `a \`${e.expression.text}\` instance`;
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isMethodDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) return 'an object with methods';
      if (ts.isPropertyAssignment(p)) {
        const problem = argumentProblem(p.initializer, decls);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

/** What the function does with its parameters and returns that a copy across threads would change. */
function bodyProblem(fn: ts.FunctionLikeDeclaration, decls: Map<string, ModuleDecl>): string | undefined {
  const params = new Set<string>();
  const addNames = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) params.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addNames(e.name);
  };
  for (const p of fn.parameters) addNames(p.name);
  const rootName = (e: ts.Expression): string | undefined => {
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    return ts.isIdentifier(e) ? e.text : undefined;
  };
  let problem: string | undefined;
  const checkReturned = (expr: ts.Expression | undefined) => {
    if (!expr || problem) return;
    const p = argumentProblem(expr, decls);
    if (p) problem = `it returns ${p}, which cannot be copied back from a worker`;
  };
  const visit = (n: ts.Node, nested: boolean): void => {
    if (problem) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isIdentifier(callee) && params.has(callee.text)) problem = `it calls its parameter \`${callee.text}\`, and functions cannot be sent to a worker`;
      else if (ts.isPropertyAccessExpression(callee) && MUTATORS.test(callee.name.text)) {
        const root = rootName(callee.expression);
        if (root && params.has(root)) problem = `it changes its argument \`${root}\` (\`${callee.name.text}\`), but a worker changes a copy`;
      }
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
        !ts.isIdentifier(n.left)) {
      const root = rootName(n.left);
      if (root && params.has(root)) problem = `it changes its argument \`${root}\`, but a worker changes a copy`;
    }
    if (!nested && ts.isReturnStatement(n)) checkReturned(n.expression);
    ts.forEachChild(n, (c) => visit(c, nested || isFunctionLike(c)));
  };
  if (fn.body) {
    if (ts.isBlock(fn.body)) visit(fn.body, false);
    else {
      checkReturned(fn.body);
      visit(fn.body, false);
    }
  }
  return problem;
}

function workerExtension(filePath: string): { source: string; runtime: string } {
  const ext = path.extname(filePath).toLowerCase();
  switch (ext) {
    case '.ts': case '.tsx': return { source: ext, runtime: '.js' };
    case '.mts': return { source: '.mts', runtime: '.mjs' };
    case '.cts': return { source: '.cts', runtime: '.cjs' };
    case '.jsx': return { source: '.js', runtime: '.js' };
    default: return { source: ext || '.js', runtime: ext || '.js' };
  }
}

/** The text of `statement` with the comments right above it (its JSDoc). */
function declarationText(statement: ts.Node, sf: ts.SourceFile): string {
  return sf.text.slice(attachedCommentStart(statement, sf), statement.getEnd());
}

/** Import statements for the worker file: only the bindings the moved code uses, in the file's style. */
function importLines(context: RewriteContext, bindings: ModuleBinding[]): string[] {
  const sf = context.sourceFile;
  const byStatement = new Map<ts.Statement, ModuleBinding[]>();
  for (const b of bindings) byStatement.set(b.statement, [...(byStatement.get(b.statement) ?? []), b]);
  const lines: string[] = [];
  const end = semi(context.style);
  for (const [statement, list] of [...byStatement].sort((a, b) => a[0].pos - b[0].pos)) {
    if (ts.isImportDeclaration(statement)) {
      const spec = statement.moduleSpecifier.getText(sf);
      const typeOnly = statement.importClause?.isTypeOnly ? 'type ' : '';
      const def = list.find((b) => b.kind === 'default');
      const ns = list.find((b) => b.kind === 'namespace');
      const named = list.filter((b) => b.kind === 'named').map((b) => {
        const el = (b.list as ts.NamedImports).elements.find((e) => e.name.text === b.local)!;
        return el.getText(sf);
      });
      const parts = [def?.local, ns ? `* as ${ns.local}` : undefined, named.length ? `{ ${named.join(', ')} }` : undefined].filter(Boolean);
      lines.push(`import ${typeOnly}${parts.join(', ')} from ${spec}${end}`);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      lines.push(statement.getText(sf));
    } else if (ts.isVariableStatement(statement)) {
      for (const b of list) {
        const decl = statement.declarationList.declarations.find((d) => (ts.isIdentifier(d.name) && d.name.text === b.local) ||
          (ts.isObjectBindingPattern(d.name) && d.name.elements.some((e) => ts.isIdentifier(e.name) && e.name.text === b.local)))!;
        const spec = (decl.initializer as ts.CallExpression).arguments[0].getText(sf);
        if (b.kind === 'require') lines.push(`const ${b.local} = require(${spec})${end}`);
        else {
          const element = (decl.name as ts.ObjectBindingPattern).elements.find((e) => ts.isIdentifier(e.name) && e.name.text === b.local)!;
          lines.push(`const { ${element.getText(sf)} } = require(${spec})${end}`);
        }
      }
    }
  }
  return lines;
}

/** Edits that drop imports of the main file that only the moved code used. */
function unusedImportEdits(context: RewriteContext, closure: Closure, movedStatements: ts.Node[]): TextEdit[] {
  const sf = context.sourceFile;
  const edits: TextEdit[] = [];
  const imports = closure.needed.filter((d): d is Extract<ModuleDecl, { kind: 'import' }> => d.kind === 'import');
  const unused = new Set(imports.filter((d) => !referencesOutside(sf, d, movedStatements)).map((d) => `${d.binding.statement.pos}:${d.binding.local}`));
  const byStatement = new Map<ts.Statement, ModuleBinding[]>();
  for (const b of moduleBindings(sf)) byStatement.set(b.statement, [...(byStatement.get(b.statement) ?? []), b]);
  for (const [statement, all] of byStatement) {
    const drop = all.filter((b) => unused.has(`${b.statement.pos}:${b.local}`));
    if (drop.length === 0) continue;
    if (drop.length === all.length && !(ts.isVariableStatement(statement) && statement.declarationList.declarations.length > 1)) {
      edits.push({ ...removalRange(statement, sf), newText: '' });
      continue;
    }
    // Pattern: import { a, b } from 'm' → import { b } from 'm'
    for (const b of drop) {
      if (!b.list) continue;
      const elements = b.list.elements as ts.NodeArray<ts.ImportSpecifier | ts.BindingElement>;
      const el = elements.find((e) => ts.isIdentifier(e.name) && e.name.text === b.local);
      if (!el) continue;
      const i = elements.indexOf(el);
      const start = i === 0 ? el.getStart(sf) : elements[i - 1].getEnd();
      const end = i === 0 ? (elements[1] ? elements[1].getStart(sf) : el.getEnd()) : el.getEnd();
      if (elements.length > 1) edits.push({ start, end, newText: '' });
    }
  }
  return edits;
}

interface Target {
  unit: FunctionFacts;
  name: string;
  statement: ts.Statement;
  fn: ts.FunctionLikeDeclaration;
  exported: boolean;
}

function targetOf(context: RewriteContext, unit: FunctionFacts): Target | string {
  if (unit.kind === 'module') return 'the loop runs at the top level; move it into a function first';
  if (unit.kind === 'method' || unit.kind === 'getter' || unit.kind === 'setter' || unit.kind === 'constructor') {
    return unit.usesThis ? `\`${unit.name}\` uses \`this\`, which a worker thread does not have` : `\`${unit.name}\` is a ${unit.kind}; only module-level functions move to a worker`;
  }
  if (unit.parent && unit.parent.kind !== 'module') return `\`${unit.name}\` is nested in \`${unit.parent.name}\` and closes over its scope; move the outer function instead`;
  const binding = bindingOf(unit);
  if (typeof binding === 'string') return `\`${unit.name}\` ${binding}`;
  const fn = unit.node as ts.FunctionLikeDeclaration;
  if (fn.asteriskToken) return `\`${binding.name}\` is a generator`;
  if (fn.typeParameters?.length) return `\`${binding.name}\` is generic, and its types cannot pass through the pool`;
  const mods = ts.canHaveModifiers(binding.statement) ? ts.getModifiers(binding.statement) ?? [] : [];
  if (mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return `\`${binding.name}\` is the default export`;
  if (ts.isFunctionDeclaration(fn) && context.sourceFile.statements.some((s) => s !== fn && ts.isFunctionDeclaration(s) && s.name?.text === binding.name)) {
    return `\`${binding.name}\` has overloads`;
  }
  if (ts.isVariableStatement(binding.statement) && binding.statement.declarationList.declarations.length > 1) return `\`${binding.name}\` is declared together with other variables`;
  return { unit, name: binding.name, statement: binding.statement, fn, exported: mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) };
}

/** The worker-pool fix for `unit`, or why it is refused. `finding` only labels the refusal. */
function workerPoolFix(context: RewriteContext, unit: FunctionFacts): Fix | string {
  const sf = context.sourceFile;
  if (/\.worker\.[cm]?[jt]sx?$/i.test(context.path)) return 'this file already runs in a worker';
  const target = targetOf(context, unit);
  if (typeof target === 'string') return target;
  const { name, fn } = target;
  const decls = moduleDecls(sf);
  const self = decls.get(name);
  if (!self || self.kind === 'import' || self.kind === 'type') return `\`${name}\` is not a module-level declaration`;
  const closure = closureOf(sf, self, decls);
  if (closure.problems.length > 0) return `\`${name}\` cannot run in a worker: ${closure.problems[0]}`;
  const movedCode = closure.needed.filter((d) => d.kind !== 'import');
  for (const d of movedCode) {
    const root = d.kind === 'variable' ? d.node : d.statement;
    if (freeThis(root)) return d === self ? `\`${name}\` uses \`this\`, which a worker thread does not have` : `\`${d.name}\` uses \`this\``;
  }
  for (const p of fn.parameters) {
    if (p.type) {
      const problem = typeProblem(p.type, decls);
      if (problem) return `\`${name}\` takes \`${p.name.getText(sf)}\`, which cannot be sent to a worker: ${problem}`;
    }
  }
  if (fn.type) {
    let returned = fn.type;
    if (unit.isAsync && ts.isTypeReferenceNode(returned) && returned.typeName.getText(sf) === 'Promise' && returned.typeArguments?.[0]) returned = returned.typeArguments[0];
    const problem = typeProblem(returned, decls);
    if (problem) return `\`${name}\` returns a value that cannot come back from a worker: ${problem}`;
  }
  const body = bodyProblem(fn, decls);
  if (body) return `\`${name}\`: ${body}`;

  // Call sites in the file (not those inside moved code) become pool.run.
  const movedNodes = [...closure.moved].map((d) => d.statement);
  const calls = callSitesOf(unit, context).filter((c) => !movedNodes.some((m) => isInsideNode(c.node, m)));
  const values = valueUses(context, name, (target.unit.nameNode ?? fn) as ts.Node, callSitesOf(unit, context)).filter((id) => !movedNodes.some((m) => isInsideNode(id, m)));
  if (calls.length === 0) return `nothing in this file calls \`${name}\`${target.exported ? ' (it is only exported)' : ''}, so no call would use the pool`;
  for (const call of calls) {
    const node = call.node as ts.CallExpression;
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.questionDotToken) return `the call on line ${lineOf(node)} is not a plain call of \`${name}\``;
    const blocker = awaitBlocker(node, call.unit, context.topLevelAwait);
    if (blocker && !call.awaited) return `the call on line ${lineOf(node)} cannot wait for the pool: ${blocker}`;
    for (const arg of node.arguments) {
      const problem = argumentProblem(ts.isSpreadElement(arg) ? arg.expression : arg, decls);
      if (problem) return `the call on line ${lineOf(node)} passes ${problem}, which cannot be sent to a worker`;
    }
  }

  // Files and paths. Style and project are read only now: most functions are refused above.
  const { style, project } = context;
  const ext = workerExtension(context.path);
  const dir = path.dirname(context.path);
  const workerBase = `${name}.worker`;
  const workerPath = path.join(dir, `${workerBase}${ext.source}`);
  if (context.options.fileExists?.(workerPath)) return `${path.basename(workerPath)} already exists`;
  const tsconfig = project.tsconfig;
  if (project.isTypeScript && tsconfig) {
    if (tsconfig.files) return `${path.basename(tsconfig.configPath)} lists its \`files\`, so ${path.basename(workerPath)} would not be compiled; add it there first`;
    if (tsconfig.rootDir && path.isAbsolute(context.path) && path.relative(tsconfig.rootDir, context.path).startsWith('..')) {
      return `the file is outside tsconfig's rootDir (${tsconfig.rootDir})`;
    }
  }
  const relativeImports = sf.statements.filter((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith('.'))
    .map((s) => ((s as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text);
  const withExtension = !project.isTypeScript || project.format === 'esm' || relativeImports.some((s) => /\.[cm]?js$/.test(s));
  const workerSpecifier = `./${workerBase}${withExtension ? ext.runtime : ''}`;

  const taken = new Set(context.taken);
  const poolName = uniqueName(`${name}Pool`, taken);
  taken.add(poolName);
  const importSyntax = context.importSyntax;
  const isTs = project.isTypeScript;
  const esm = project.format === 'esm';
  const end = semi(style);
  const eol = style.eol;

  // The worker file.
  const workerImports = importLines(context, closure.needed.filter((d): d is Extract<ModuleDecl, { kind: 'import' }> => d.kind === 'import').map((d) => d.binding));
  const pieces: string[] = [];
  for (const d of movedCode) {
    let text = declarationText(d.statement, sf);
    if (d === self && !target.exported && importSyntax) text = addExport(d.statement, sf, text);
    if (!importSyntax) text = stripExport(d.statement, sf, text);
    pieces.push(text);
  }
  const runName = uniqueName('run', new Set([...taken, ...movedCode.map((d) => d.name)]));
  const runner = isTs
    ? `/** Piscina calls the default export with the arguments \`${poolName}.run\` was given. */${eol}export default function ${runName}(args: Parameters<typeof ${name}>): ReturnType<typeof ${name}> {${eol}${style.indentUnit}return ${name}(...args)${end}${eol}}`
    : importSyntax
      ? `/** Piscina calls the default export with the arguments \`${poolName}.run\` was given. */${eol}export default function ${runName}(args) {${eol}${style.indentUnit}return ${name}(...args)${end}${eol}}`
      : `/** Piscina calls the exported function with the arguments \`${poolName}.run\` was given. */${eol}module.exports = function ${runName}(args) {${eol}${style.indentUnit}return ${name}(...args)${end}${eol}}${end}${eol}module.exports.${name} = ${name}${end}`;
  const header = `// Runs \`${name}\` on a worker thread: piscina loads this file for the pool in ${path.basename(context.path)}.`;
  const strict = !importSyntax && /^\s*(['"])use strict\1/.test(sf.text) ? `'use strict'${end}${eol}` : '';
  const workerText = [strict + header, ...(workerImports.length ? [workerImports.join(eol)] : []), ...pieces, runner].join(eol + eol) + eol;

  // Main file: imports, the pool, call sites, the moved declarations.
  const edits: TextEdit[] = [];
  const top: string[] = [];
  const piscina = moduleBindings(sf).find((b) => b.module === 'piscina' && (b.kind === 'named' ? b.imported === 'Piscina' : b.kind === 'default' || b.kind === 'require'));
  let piscinaRef = piscina?.local;
  if (!piscinaRef) {
    piscinaRef = uniqueName('Piscina', taken);
    taken.add(piscinaRef);
    top.push(importSyntax
      ? `import { Piscina${piscinaRef === 'Piscina' ? '' : ` as ${piscinaRef}`} } from ${quoted('piscina', style)}${end}`
      : `const { Piscina${piscinaRef === 'Piscina' ? '' : `: ${piscinaRef}`} } = require(${quoted('piscina', style)})${end}`);
  }
  const os = ensureNamespaceImport(sf, style.nodePrefix ? 'node:os' : 'os', 'os', style, importSyntax, isTs, taken);
  if (os.statement) { top.push(os.statement); taken.add(os.local); }
  let filename: string;
  const runtimeFile = `${workerBase}${ext.runtime}`;
  const sourceFile = `${workerBase}${ext.source}`;
  if (esm) {
    filename = isTs
      ? `new URL(import.meta.url.endsWith(${quoted(ext.source, style)}) ? ${quoted(`./${sourceFile}`, style)} : ${quoted(`./${runtimeFile}`, style)}, import.meta.url).href`
      : `new URL(${quoted(`./${runtimeFile}`, style)}, import.meta.url).href`;
  } else {
    const p = ensureNamespaceImport(sf, style.nodePrefix ? 'node:path' : 'path', 'path', style, importSyntax, isTs, taken);
    if (p.statement) { top.push(p.statement); taken.add(p.local); }
    filename = isTs
      ? `${p.local}.join(__dirname, __filename.endsWith(${quoted(ext.source, style)}) ? ${quoted(sourceFile, style)} : ${quoted(runtimeFile, style)})`
      : `${p.local}.join(__dirname, ${quoted(runtimeFile, style)})`;
  }
  if (values.length > 0) {
    top.push(importSyntax ? `import { ${name} } from ${quoted(workerSpecifier, style)}${end}` : `const { ${name} } = require(${quoted(workerSpecifier, style)})${end}`);
  } else if (isTs) {
    top.push(`import type { ${name} } from ${quoted(workerSpecifier, style)}${end}`);
  }
  const generics = isTs ? `<Parameters<typeof ${name}>, Awaited<ReturnType<typeof ${name}>>>` : '';
  // minThreads too: piscina 5 otherwise starts half the cores, adds a thread only when a task
  // waits (its start-up lands in the work) and stops it the moment it idles (idleTimeout 0).
  const pool = [
    '',
    `/** \`${name}\` runs on these worker threads: one per core, all started now and kept while idle. */`,
    `const ${poolName} = new ${piscinaRef}${generics}({`,
    `${style.indentUnit}filename: ${filename},`,
    `${style.indentUnit}minThreads: ${os.local}.availableParallelism(),`,
    `${style.indentUnit}maxThreads: ${os.local}.availableParallelism(),`,
    `})${end}`,
  ];
  for (const call of calls) edits.push(callEdit(context, call, poolName));
  // The declarations that move leave the file; an exported function stays exported from the worker module.
  for (const d of closure.moved) {
    if (d === self && target.exported && importSyntax) {
      const start = attachedCommentStart(d.statement, sf);
      edits.push({ start, end: d.statement.getEnd(), newText: `export { ${name} } from ${quoted(workerSpecifier, style)}${end}` });
    } else {
      const range = removalRange(d.statement, sf);
      edits.push({ ...range, newText: '' });
    }
  }
  edits.push(...unusedImportEdits(context, closure, movedNodes));
  // New imports and the pool go where imports end (or where a removed import was).
  const insertion = importInsertion(sf);
  const removed = edits.find((e) => e.newText === '' && e.start <= insertion.pos && insertion.pos <= e.end && e.start < e.end);
  const lines = [...top, ...pool];
  if (removed) {
    const next = sf.text.slice(removed.end);
    edits.push({ start: removed.start, end: removed.start, newText: lines.join(eol) + eol + (/^[ \t]*\r?\n/.test(next) || next === '' ? '' : eol) });
  }
  else if (insertion.before) edits.push({ start: insertion.pos, end: insertion.pos, newText: eol + lines.join(eol) });
  else edits.push({ start: insertion.pos, end: insertion.pos, newText: lines.join(eol) + eol + eol });

  const outNote = isTs && tsconfig?.outDir && path.isAbsolute(context.path) && tsconfig.rootDir
    ? `; compiled to ${path.join(path.relative(path.dirname(tsconfig.configPath), tsconfig.outDir), path.relative(tsconfig.rootDir, dir), runtimeFile)}`
    : '';
  const fix: Fix = {
    id: 'worker-pool',
    title: `Move \`${name}\` to a worker pool (creates ${path.basename(workerPath)}${outNote}; ${calls.length} call${calls.length === 1 ? '' : 's'} now await ${poolName}.run, arguments and results are copied)`,
    kind: 'refactor',
    isPreferred: true,
    edits,
    newFiles: [{ path: workerPath, text: workerText }],
  };
  if (!hasDependency(project, 'piscina')) {
    fix.title += dependencyNote('piscina');
    fix.packageJsonDependency = { name: 'piscina', version: PISCINA_VERSION, packageJson: project.packageJson?.path };
  }
  return fix;
}

function freeThis(root: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node, bound: boolean): void => {
    if (found) return;
    if (n.kind === ts.SyntaxKind.ThisKeyword && !bound) found = true;
    ts.forEachChild(n, (c) => visit(c, bound || ((isFunctionLike(c) && !ts.isArrowFunction(c)) || ts.isClassLike(c)) && c !== root));
  };
  // The function's own `this` counts: a function declaration's body is not bound by the caller's.
  const fn = ts.isVariableDeclaration(root) ? root.initializer : root;
  if (fn && (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))) {
    ts.forEachChild(fn, (c) => visit(c, false));
    return found;
  }
  visit(root, false);
  return found;
}

function isInsideNode(node: ts.Node, ancestor: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

function addExport(statement: ts.Statement, sf: ts.SourceFile, text: string): string {
  const start = statement.getStart(sf) - attachedCommentStart(statement, sf);
  return `${text.slice(0, start)}export ${text.slice(start)}`;
}

function stripExport(statement: ts.Statement, sf: ts.SourceFile, text: string): string {
  const mods = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) ?? [] : [];
  const exp = mods.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (!exp) return text;
  const offset = attachedCommentStart(statement, sf);
  return text.slice(0, exp.getStart(sf) - offset) + text.slice(exp.getEnd() - offset).replace(/^\s+/, '');
}

/** `f(a, b)` → `await fPool.run([a, b])` (no second `await` where the call was awaited). */
function callEdit(context: RewriteContext, call: CallFact, poolName: string): TextEdit {
  const sf = context.sourceFile;
  const node = call.node as ts.CallExpression;
  const args = node.arguments.map((a) => a.getText(sf)).join(', ');
  const run = `${poolName}.run([${args}])`;
  const text = call.awaited ? run : awaitNeedsParens(node) ? `(await ${run})` : `await ${run}`;
  return { start: node.getStart(sf), end: node.getEnd(), newText: text };
}

function hotLoopUnit(context: RewriteContext, finding: Finding): FunctionFacts | undefined {
  const sf = context.sourceFile;
  for (const unit of context.facts.units) {
    for (const loop of unit.loops) {
      const node = loop.kind === 'callback' ? loop.node.parent : loop.node;
      if (node && node.getStart(sf) === finding.span.start) return loop.unit;
    }
  }
  return undefined;
}

/** The worker-pool fix of each function already planned in a context: a function with several hot loops has one move. */
const planned = new WeakMap<RewriteContext, Map<FunctionFacts, Fix | string>>();

function workerPoolFixOnce(context: RewriteContext, unit: FunctionFacts): Fix | string {
  let byUnit = planned.get(context);
  if (!byUnit) planned.set(context, (byUnit = new Map()));
  let fix = byUnit.get(unit);
  if (fix === undefined) byUnit.set(unit, (fix = workerPoolFix(context, unit)));
  return fix;
}

export function workerPoolFixes(context: RewriteContext, finding: Finding): FixPlan {
  const unit = hotLoopUnit(context, finding);
  if (!unit) return { fixes: [], refusals: [{ id: 'worker-pool', reason: 'the code changed since it was analysed' }] };
  const fix = workerPoolFixOnce(context, unit);
  return typeof fix === 'string' ? { fixes: [], refusals: [{ id: 'worker-pool', reason: fix }] } : { fixes: [fix], refusals: [] };
}

/** "Move to a worker pool" for the CPU-bound module-level function around `start..end`. */
export function workerPoolRefactorAt(context: RewriteContext, start: number, end: number): { finding: Finding; plan: FixPlan } | undefined {
  const sf = context.sourceFile;
  const units = context.facts.units.filter((u) => u.kind !== 'module' && u.node.getStart(sf) <= start && end <= u.node.getEnd());
  let unit = units.sort((a, b) => (b.node.getStart(sf) - a.node.getStart(sf)))[0];
  while (unit && (unit.inlineLoop || unit.isIife) && unit.parent && unit.parent.kind !== 'module') unit = unit.parent;
  if (!unit) return undefined;
  const report = context.report.functions.find((f) => f.name === unit.name && f.span.start === unit.node.getStart(sf));
  if (!report || (report.label !== 'cpu' && report.label !== 'mixed')) return undefined;
  const finding: Finding = {
    rule: 'hot-loop', severity: 'hint', message: '', span: report.span, function: unit.name, data: {}, fixes: [],
  };
  const fix = workerPoolFix(context, unit);
  return { finding, plan: typeof fix === 'string' ? { fixes: [], refusals: [{ id: 'worker-pool', reason: fix }] } : { fixes: [fix], refusals: [] } };
}

