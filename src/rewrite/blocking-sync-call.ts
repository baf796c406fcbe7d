// blocking-sync-call → the async counterpart from the analyzer's catalog, awaited: fs/promises,
// promisified crypto/zlib, promisified child_process exec/execFile with `.stdout`. The file's
// import style is kept (named or namespace, import or require). Offered where the function is
// async (or the module allows top-level await); otherwise the function is made async when every
// caller in the file can await it.
import * as ts from 'typescript';
import type { CallFact, Finding, FunctionFacts, SyncCallFact } from '../analysis';
import type { RewriteContext } from './context';
import { overlaps } from './edits';
import { bindingElement, ensureNamedImport, importInsertion, moduleBindings, removeBindingEdit, type ModuleBinding } from './imports';
import { makeAsyncPlan } from './make-async';
import { nameIndex } from './name-index';
import { quoted, semi } from './style';
import { awaitBlocker, awaitNeedsParens, uniqueName } from './syntax';
import type { Fix, FixPlan, TextEdit } from './types';

interface CallRewrite {
  /** Edits outside the call: imports, a promisified constant. */
  setup: TextEdit[];
  /** The new call expression, without `await`. */
  call: string;
  /** Applied to the awaited value: `.stdout`, `.then(() => true, () => false)` goes in `call`. */
  suffix: string;
  /** Title fragment: what the call becomes. */
  what: string;
  /** Title note about a change the user should know of. */
  note?: string;
  /** The sync function's import, when this call was its only use: the fix drops it (`replaced`: its specifier became the async one). */
  dropped?: { binding: ModuleBinding; replaced: boolean };
}

/** How the call names the sync function: an imported name, or a property of the module object. */
type CalleeStyle =
  | { kind: 'named'; binding: ModuleBinding }
  | { kind: 'namespace'; object: string; binding?: ModuleBinding; statementEnd: number };

function calleeStyle(context: RewriteContext, call: CallFact, module: string): CalleeStyle | string {
  const callee = call.node.expression;
  const bindings = moduleBindings(context.sourceFile).filter((b) => b.module === module || b.module === `node:${module}`);
  if (ts.isIdentifier(callee)) {
    const binding = bindings.find((b) => (b.kind === 'named' || b.kind === 'require-named') && b.local === callee.text);
    return binding ? { kind: 'named', binding } : `\`${callee.text}\` is an alias of the sync function; rewrite it by hand`;
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const object = callee.expression;
    if (ts.isIdentifier(object)) {
      const binding = bindings.find((b) => (b.kind === 'namespace' || b.kind === 'default' || b.kind === 'require') && b.local === object.text);
      if (binding) return { kind: 'namespace', object: object.text, binding, statementEnd: binding.statement.getEnd() };
    }
    // Pattern: require('fs').readFileSync(…)
    if (ts.isCallExpression(object) && ts.isIdentifier(object.expression) && object.expression.text === 'require') {
      return { kind: 'namespace', object: object.getText(context.sourceFile), statementEnd: 0 };
    }
  }
  return 'the module is reached through an alias; rewrite the call by hand';
}

/**
 * The named import or destructured require of the sync function when this call is the only
 * reference to it in the file (any other, even a shadowing declaration or a type, keeps it).
 */
function droppableBinding(context: RewriteContext, style: CalleeStyle, call: ts.CallExpression): ModuleBinding | undefined {
  if (style.kind !== 'named') return undefined;
  const own = bindingElement(style.binding)?.name;
  const references = nameIndex(context.sourceFile).references.get(style.binding.local) ?? [];
  return references.every((id) => id === own || id === call.expression) ? style.binding : undefined;
}

/**
 * The setup edits plus the one dropping the sync import. Where the new import would go right
 * after the statement that goes away, it takes that statement's place instead (no empty line,
 * no edit inside a deleted range); where any other edit falls inside it, the import stays.
 */
function withDroppedImport(context: RewriteContext, setup: TextEdit[], dropped: CallRewrite['dropped']): TextEdit[] {
  if (!dropped || dropped.replaced) return setup;
  const sf = context.sourceFile;
  const removal = removeBindingEdit(sf, dropped.binding);
  if (!removal) return setup;
  const statement = dropped.binding.statement;
  const eol = context.style.eol;
  if (removal.start <= statement.getStart(sf) && removal.end >= statement.getEnd()) {
    const next = setup.findIndex((e) => e.start === e.end && e.start === statement.getEnd() && e.newText.startsWith(eol));
    if (next !== -1) {
      const inPlace = { start: statement.getStart(sf), end: statement.getEnd(), newText: setup[next].newText.slice(eol.length) };
      return [...setup.slice(0, next), inPlace, ...setup.slice(next + 1)];
    }
  }
  return setup.some((e) => overlaps(e, removal)) ? setup : [...setup, removal];
}

/** `node:fs/promises` when the file wrote `node:fs`, else `fs/promises`. */
function sibling(binding: ModuleBinding | undefined, module: string, context: RewriteContext): string {
  const written = binding && (ts.isImportDeclaration(binding.statement) ? (binding.statement.moduleSpecifier as ts.StringLiteral).text : undefined);
  const prefixed = written ? written.startsWith('node:') : context.style.nodePrefix;
  return prefixed ? `node:${module}` : module;
}

function argsText(call: ts.CallExpression, sf: ts.SourceFile): string {
  return sf.text.slice(call.expression.getEnd(), call.getEnd());
}

/** `promisify` as the file can call it, with the edits that import it. */
function promisifyRef(context: RewriteContext): { ref: string; edits: TextEdit[] } {
  const bindings = moduleBindings(context.sourceFile).filter((b) => b.module === 'util');
  const named = bindings.find((b) => (b.kind === 'named' || b.kind === 'require-named') && b.imported === 'promisify');
  if (named) return { ref: named.local, edits: [] };
  const ns = bindings.find((b) => b.kind === 'namespace' || b.kind === 'require' || b.kind === 'default');
  if (ns) return { ref: `${ns.local}.promisify`, edits: [] };
  const added = ensureNamedImport(context.sourceFile, { specifier: context.style.nodePrefix ? 'node:util' : 'util', name: 'promisify' }, context.style, context.importSyntax, context.taken);
  return { ref: added.local, edits: added.edits };
}

/** A module-level `const xAsync = promisify(ref)`, reusing one that exists. */
function promisified(
  context: RewriteContext, style: CalleeStyle, module: string, asyncName: string, drop: ModuleBinding | undefined,
): { name: string; edits: TextEdit[]; replaced?: boolean } {
  const sf = context.sourceFile;
  let fnRef: string;
  const edits: TextEdit[] = [];
  let replaced: boolean | undefined;
  if (style.kind === 'named') {
    const imported = ensureNamedImport(sf, { specifier: sibling(style.binding, module, context), name: asyncName }, context.style, context.importSyntax, context.taken, drop);
    // Add to the existing import of the module rather than a new statement when possible.
    fnRef = imported.local;
    edits.push(...imported.edits);
    replaced = imported.replaced;
  } else {
    fnRef = `${style.object}.${asyncName}`;
  }
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      const init = d.initializer;
      if (ts.isIdentifier(d.name) && init && ts.isCallExpression(init) && /(^|\.)promisify$/.test(init.expression.getText(sf)) &&
          init.arguments[0]?.getText(sf) === fnRef) {
        return { name: d.name.text, edits, replaced };
      }
    }
  }
  const promisify = promisifyRef(context);
  edits.push(...promisify.edits);
  const name = uniqueName(`${asyncName}Async`, context.taken);
  const line = `const ${name} = ${promisify.ref}(${fnRef})${semi(context.style)}`;
  const insertion = importInsertion(sf);
  const after = Math.max(insertion.pos, style.kind === 'namespace' ? style.statementEnd : style.binding.statement.getEnd());
  edits.push(after === insertion.pos && !insertion.before
    ? { start: after, end: after, newText: `${line}${context.style.eol}` }
    : { start: after, end: after, newText: `${context.style.eol}${line}` });
  return { name, edits, replaced };
}

/** An options object literal's property, by name. */
function optionProperty(options: ts.Expression | undefined, name: string): ts.ObjectLiteralElementLike | undefined {
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  return options.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === name);
}

function childProcessRewrite(context: RewriteContext, fact: SyncCallFact, style: CalleeStyle, drop: ModuleBinding | undefined): CallRewrite | string {
  const sf = context.sourceFile;
  const call = fact.call.node as ts.CallExpression;
  const { name } = fact.api;
  if (name === 'spawnSync') return '`spawnSync` returns status and output together, `spawn` streams them: rewrite it by hand';
  const asyncName = name === 'execSync' ? 'exec' : 'execFile';
  const args = call.arguments;
  const last = args[args.length - 1];
  const optionsIndex = name === 'execSync' ? 1 : ts.isObjectLiteralExpression(last ?? ts.factory.createNull()) ? args.length - 1 : 2;
  const options = args[optionsIndex];
  if (options && !ts.isObjectLiteralExpression(options)) return `cannot tell from \`${options.getText(sf)}\` whether the result is text or a Buffer`;
  for (const unsupported of ['stdio', 'input']) {
    if (optionProperty(options, unsupported)) return `the \`${unsupported}\` option has no equivalent in \`${asyncName}\``;
  }
  const encoding = optionProperty(options, 'encoding');
  const encodingText = encoding && ts.isPropertyAssignment(encoding) && ts.isStringLiteralLike(encoding.initializer) ? encoding.initializer.text : undefined;
  if (encoding && encodingText === undefined) return 'the `encoding` option is not a literal';
  const promise = promisified(context, style, 'child_process', asyncName, drop);
  const parent = call.parent;
  const discarded = ts.isExpressionStatement(parent);
  const toStringAfter = ts.isPropertyAccessExpression(parent) && parent.name.text === 'toString' && ts.isCallExpression(parent.parent) && parent.parent.arguments.length === 0;
  let argList = argsText(call, sf);
  const needsBuffer = !discarded && !toStringAfter && (encodingText === undefined || encodingText === 'buffer');
  if (needsBuffer && encodingText === undefined) {
    // The sync call returned a Buffer: ask for one.
    if (options && ts.isObjectLiteralExpression(options)) {
      const at = options.getStart(sf) + 1;
      const entry = options.properties.length > 0 ? ` encoding: ${quoted('buffer', context.style)},` : ` encoding: ${quoted('buffer', context.style)} `;
      argList = `${sf.text.slice(call.expression.getEnd(), at)}${entry}${sf.text.slice(at, call.getEnd()).replace(/^\s*(?=\})/, '')}`;
    } else {
      const closing = call.getEnd() - 1;
      const filler = name === 'execFileSync' && args.length === 1 ? ', []' : '';
      argList = `${sf.text.slice(call.expression.getEnd(), closing)}${filler}, { encoding: ${quoted('buffer', context.style)} })`;
    }
  }
  return {
    setup: promise.edits,
    call: `${promise.name}${argList}`,
    suffix: discarded ? '' : '.stdout',
    what: `promisified \`${asyncName}\` from child_process`,
    note: name === 'execSync' ? "stderr is captured instead of printed" : undefined,
    dropped: drop && { binding: drop, replaced: !!promise.replaced },
  };
}

function callRewrite(context: RewriteContext, fact: SyncCallFact): CallRewrite | string {
  const sf = context.sourceFile;
  const api = fact.api;
  const call = fact.call.node as ts.CallExpression;
  if (!ts.isCallExpression(call)) return 'not a call';
  if (call.questionDotToken || (ts.isPropertyAccessExpression(call.expression) && call.expression.questionDotToken)) return 'an optional call may not run at all';
  const style = calleeStyle(context, fact.call, api.module);
  if (typeof style === 'string') return style;
  const drop = droppableBinding(context, style, call);
  if (api.module === 'child_process') return childProcessRewrite(context, fact, style, drop);
  if (api.via === 'promisify') {
    const promise = promisified(context, style, api.module, api.asyncName, drop);
    return {
      setup: promise.edits, call: `${promise.name}${argsText(call, sf)}`, suffix: '', what: `promisified \`${api.asyncName}\` from ${api.module}`,
      dropped: drop && { binding: drop, replaced: !!promise.replaced },
    };
  }
  // fs → fs/promises
  const isExists = api.name === 'existsSync';
  if (!api.sameShape && !isExists) {
    return api.asyncName === 'open'
      ? `\`${api.name}\` works on a file descriptor; move to a FileHandle from \`fs/promises\` \`open\` by hand`
      : `\`${api.asyncName}\` from fs/promises does not return what \`${api.name}\` does; rewrite it by hand`;
  }
  let callee: string;
  const setup: TextEdit[] = [];
  let replaced = false;
  if (style.kind === 'named') {
    const imported = ensureNamedImport(sf, { specifier: sibling(style.binding, 'fs/promises', context), name: api.asyncName }, context.style, context.importSyntax, context.taken, drop);
    callee = imported.local;
    setup.push(...imported.edits);
    replaced = !!imported.replaced;
  } else {
    callee = `${style.object}.promises.${api.asyncName}`;
  }
  return {
    setup,
    call: `${callee}${argsText(call, sf)}${isExists ? '.then(() => true, () => false)' : ''}`,
    suffix: '',
    what: `\`${api.asyncName}\` from fs/promises`,
    dropped: drop && { binding: drop, replaced },
  };
}

function findSyncCall(context: RewriteContext, finding: Finding): SyncCallFact | undefined {
  for (const unit of context.facts.units) {
    for (const fact of unit.syncCalls) if (fact.call.node.getStart(context.sourceFile) === finding.span.start) return fact;
  }
  return undefined;
}

function replaceCall(context: RewriteContext, call: ts.Node, rewrite: CallRewrite): TextEdit {
  const sf = context.sourceFile;
  const awaited = `await ${rewrite.call}`;
  const text = rewrite.suffix ? `(${awaited})${rewrite.suffix}` : awaitNeedsParens(call) ? `(${awaited})` : awaited;
  return { start: call.getStart(sf), end: call.getEnd(), newText: text };
}

export function blockingSyncCallFixes(context: RewriteContext, finding: Finding): FixPlan {
  const fact = findSyncCall(context, finding);
  if (!fact) return { fixes: [], refusals: [{ id: 'async-api', reason: 'the code changed since it was analysed' }] };
  const rewrite = callRewrite(context, fact);
  if (typeof rewrite === 'string') return { fixes: [], refusals: [{ id: 'async-api', reason: rewrite }] };
  const unit: FunctionFacts = fact.call.unit;
  const call = fact.call.node;
  const note = rewrite.note ? ` (${rewrite.note})` : '';
  const main = replaceCall(context, call, rewrite);
  const setup = withDroppedImport(context, rewrite.setup, rewrite.dropped);
  const blocker = awaitBlocker(call, unit, context.topLevelAwait);
  if (!blocker) {
    const fix: Fix = {
      id: 'async-api',
      title: `Use await ${rewrite.what}${note}`,
      kind: 'quickfix',
      isPreferred: true,
      edits: [...setup, main],
    };
    return { fixes: [fix], refusals: [] };
  }
  // Not async here: offer to make the function async when all its callers can await it.
  if (unit.kind === 'module' || /parameter|class field|decorator|computed/.test(blocker)) {
    return { fixes: [], refusals: [{ id: 'async-api', reason: `\`await\` is not allowed here: ${blocker}` }] };
  }
  const plan = makeAsyncPlan(context, unit);
  if (typeof plan === 'string') {
    return { fixes: [], refusals: [{ id: 'make-async', reason: `\`${unit.name}\` is not async and ${plan.replace(/^`[^`]+` /, 'it ')}` }] };
  }
  const callers = plan.callSites.filter((c) => !c.awaited).length;
  return {
    fixes: [{
      id: 'make-async',
      title: `Make \`${unit.name}\` async (awaited at ${callers} call site${callers === 1 ? '' : 's'}) and use await ${rewrite.what}${note}`,
      kind: 'quickfix',
      edits: [...setup, ...plan.edits, main],
    }],
    refusals: [],
  };
}
