// Re-parses a file after an edit by parsing again only the top-level statements the edit
// touched, and moving the others in place.
//
// `ts.updateSourceFile` re-parses little, but it moves every node after the edit one by one
// through `forEachChild`: on a 5,000-line file that is 28,000 nodes and about 4 ms for an edit
// near the top, most of its time. Here the edited statements are parsed on their own (a few
// hundred characters), and the nodes of each later statement are moved through a flat list of
// them kept from the first time it moved, which is several times cheaper than a tree walk.
//
// With `deferMoves` (the editor's worker) the later statements are not moved yet: the analysis
// moves those whose positions it reads (`settle`) and the rest once the findings are out
// (`settleAll`); until then `pendingMove` tells how far each still has to go.
//
// Parsing a run of statements on its own gives the nodes a whole parse gives only when nothing
// around it changes how it parses. So the fast path is taken only when:
// - the statement before the run ends in a way no later text can continue (`;`, or the `}`
//   of a function, class or block) and has no syntax error;
// - the re-parsed run ends the same way, exactly where the next statement begins, with no
//   error at its end (an unclosed bracket or comment reaches the end of the run and errs there);
// - no `await` sits outside a function in the run or the file (whether it is an await
//   expression depends on whether the whole file is a module).
// A run that would be one class longer than `maxRun` characters (a compiled service class is
// often the whole file) is parsed member by member instead (`updateMembers`), under the same
// conditions. Otherwise, and for other runs longer than `maxRun`, it is `ts.updateSourceFile`.
import * as ts from 'typescript';

const { SyntaxKind, forEachChild } = ts;

/** A text change in the old text's offsets, as `ts.updateSourceFile` takes it. */
export interface TextChange {
  start: number;
  oldLength: number;
  newLength: number;
}

/** What the last `updateSourceFile` did, for tests and measurements. */
export type ReparseKind = 'statements' | 'members' | 'typescript';

type Positioned = ts.Node | ts.NodeArray<ts.Node>;
type Mutable = { pos: number; end: number };
type ParsedFile = ts.SourceFile & {
  parseDiagnostics: ts.DiagnosticWithLocation[];
  lineMap?: readonly number[];
  transformFlags: number;
};

/**
 * An `await` outside any function: an await expression, or an identifier `await` the parser
 * parses again as one when the file turns out to be a module.
 */
export const TOP_LEVEL_AWAIT_FLAGS = {
  /** `TransformFlags.ContainsAwait` (internal to TypeScript; a unit test checks the value). */
  ContainsAwait: 1 << 21,
  /** `TransformFlags.ContainsPossibleTopLevelAwait`. */
  ContainsPossibleTopLevelAwait: 1 << 26,
};
const TOP_LEVEL_AWAIT = TOP_LEVEL_AWAIT_FLAGS.ContainsAwait | TOP_LEVEL_AWAIT_FLAGS.ContainsPossibleTopLevelAwait;
const DEFAULT_MAX_RUN = 8 * 1024;

/** Every node and node list under a top-level statement (itself included), for moving it. */
const flatNodes = new WeakMap<ts.Node, Positioned[]>();

const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

/** Statements whose grammar ends at a closing brace without looking at the next token. */
const ENDS_AT_BRACE = new Set<ts.SyntaxKind>([
  SyntaxKind.FunctionDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.InterfaceDeclaration, SyntaxKind.EnumDeclaration,
  SyntaxKind.ModuleDeclaration, SyntaxKind.Block,
]);

/** Statements that, ending in their own `;`, are done (an `if` would still look for `else`). */
const ENDS_AT_SEMICOLON = new Set<ts.SyntaxKind>([
  SyntaxKind.VariableStatement, SyntaxKind.ExpressionStatement, SyntaxKind.ImportDeclaration, SyntaxKind.ImportEqualsDeclaration,
  SyntaxKind.ExportDeclaration, SyntaxKind.ExportAssignment, SyntaxKind.TypeAliasDeclaration, SyntaxKind.ThrowStatement,
  SyntaxKind.ReturnStatement, SyntaxKind.DebuggerStatement, SyntaxKind.EmptyStatement, SyntaxKind.FunctionDeclaration,
]);

/** Statements and members whose last token ends them whatever comes next. */
interface Endings {
  atBrace: ReadonlySet<ts.SyntaxKind>;
  atSemicolon: ReadonlySet<ts.SyntaxKind>;
}

const STATEMENT_ENDINGS: Endings = { atBrace: ENDS_AT_BRACE, atSemicolon: ENDS_AT_SEMICOLON };

function endsSafely(node: ts.Node, text: string, endings: Endings): boolean {
  const last = text.charCodeAt(node.end - 1);
  if (last === 0x7d /* } */) return endings.atBrace.has(node.kind);
  // A body-less function or method (an overload) ends at its `;` too.
  return last === 0x3b /* ; */ && endings.atSemicolon.has(node.kind);
}

/** The run of `nodes` (statements or members) whose ranges, ends included, meet the edit. */
function touchedRun(nodes: readonly ts.Node[], change: TextChange): { first: number; last: number } {
  const editEnd = change.start + change.oldLength;
  let first = 0;
  while (first < nodes.length && nodes[first].end < change.start) first++;
  let last = first;
  while (last + 1 < nodes.length && nodes[last + 1].pos <= editEnd) last++;
  return { first, last };
}

/**
 * Whether a run of `nodes` can be parsed on its own as far as its neighbours go: the one before
 * ends so nothing can continue it, and neither it (up to the run's first token: one that ended
 * early errs at the next token) nor what follows the run (up to `followEnd`: the run's last
 * node may have erred there) has a syntax error; no gap of skipped tokens on either side.
 */
function neighboursHold(
  base: ParsedFile, nodes: readonly ts.Node[], first: number, last: number, endings: Endings, afterPos: number, followEnd: number,
): boolean {
  const diagnostics = base.parseDiagnostics;
  const runStart = nodes[first].pos;
  if (first > 0) {
    const before = nodes[first - 1];
    const firstToken = nodes[first].getStart(base);
    if (before.end !== runStart || !endsSafely(before, base.text, endings)) return false;
    if (diagnostics.some((d) => d.start >= before.pos && d.start <= firstToken)) return false;
  }
  if (afterPos !== nodes[last].end) return false;
  return !diagnostics.some((d) => d.start >= afterPos && d.start <= followEnd);
}

let lastKind: ReparseKind = 'typescript';

/** How the latest `updateSourceFile` call re-parsed. */
export function lastReparseKind(): ReparseKind {
  return lastKind;
}

/**
 * Re-parses `base` (parsed by `parseSource`, or returned by this function) into `text`, the old
 * text with `change` applied. Like `ts.updateSourceFile`, it reuses the node objects of the
 * statements the edit did not touch, moves them in place and leaves `base`'s tree unusable.
 * Parent pointers are set for the top-level statements only (the analysis walk sets the rest).
 */
export function updateSourceFile(
  base: ts.SourceFile, text: string, change: TextChange, options: { maxRun?: number; deferMoves?: boolean } = {},
): ts.SourceFile {
  settleAll(base);
  lastKind = 'statements';
  const fast = updateStatements(base as ParsedFile, text, change, options.maxRun ?? DEFAULT_MAX_RUN, options.deferMoves === true);
  if (!fast) lastKind = 'typescript';
  return fast ?? ts.updateSourceFile(base, text, { span: { start: change.start, length: change.oldLength }, newLength: change.newLength });
}

function updateStatements(base: ParsedFile, text: string, change: TextChange, maxRun: number, deferMoves: boolean): ts.SourceFile | undefined {
  const statements = base.statements;
  const count = statements.length;
  if (count === 0 || base.transformFlags & TOP_LEVEL_AWAIT) return undefined;
  const delta = change.newLength - change.oldLength;
  // An edit after every statement's end re-parses the last one (with the end of the file).
  const touched = touchedRun(statements, change);
  const first = Math.min(touched.first, count - 1);
  const last = touched.first === count ? count - 1 : touched.last;
  const toEnd = last === count - 1;
  const runStart = statements[first].pos;
  const runEnd = toEnd ? text.length : statements[last].end + delta;
  if (first === last && statements[first].kind === SyntaxKind.ClassDeclaration && runEnd - runStart > maxRun) {
    lastKind = 'members';
    return updateMembers(base, text, change, first, maxRun, deferMoves);
  }
  if (runEnd - runStart > maxRun || runEnd < runStart || runStart > change.start) return undefined;
  const after = toEnd ? undefined : statements[last + 1];
  // At the end of the file nothing follows: only the statement before matters.
  const afterPos = after ? after.pos : statements[last].end;
  if (!neighboursHold(base, statements, first, last, STATEMENT_ENDINGS, afterPos, after ? after.end : -1)) return undefined;

  const runText = text.slice(runStart, runEnd);
  const run = ts.createSourceFile(base.fileName, runText, PARSE_OPTIONS, false, (base as { scriptKind?: ts.ScriptKind }).scriptKind) as ParsedFile;
  if (run.transformFlags & TOP_LEVEL_AWAIT) return undefined;
  const parsed = run.statements;
  if (!toEnd) {
    const tail = parsed.length > 0 ? parsed[parsed.length - 1] : undefined;
    if (!tail || tail.end !== runText.length || !endsSafely(tail, runText, STATEMENT_ENDINGS)) return undefined;
    if (run.parseDiagnostics.some((d) => d.start >= tail.end)) return undefined;
  }

  // Accepted: the old statements before, the run, the old ones after.
  const list: ts.Statement[] = [];
  for (let i = 0; i < first; i++) list.push(statements[i]);
  for (const statement of parsed) {
    move(statement, runStart);
    list.push(statement);
  }
  return finish(base, text, change, deferMoves, {
    list, later: last + 1, runStart, afterPos: after?.pos, run, runOffset: runStart,
    endOfFileToken: toEnd ? run.endOfFileToken : undefined,
  });
}

/** Members whose grammar ends at their body's `}`, or, ending in their own `;`, are done. */
const MEMBER_ENDS_AT_BRACE = new Set<ts.SyntaxKind>([
  SyntaxKind.MethodDeclaration, SyntaxKind.Constructor, SyntaxKind.GetAccessor, SyntaxKind.SetAccessor,
  SyntaxKind.ClassStaticBlockDeclaration,
]);
const MEMBER_ENDS_AT_SEMICOLON = new Set<ts.SyntaxKind>([
  SyntaxKind.PropertyDeclaration, SyntaxKind.MethodDeclaration, SyntaxKind.Constructor, SyntaxKind.GetAccessor,
  SyntaxKind.SetAccessor, SyntaxKind.IndexSignature, SyntaxKind.SemicolonClassElement,
]);

const MEMBER_ENDINGS: Endings = { atBrace: MEMBER_ENDS_AT_BRACE, atSemicolon: MEMBER_ENDS_AT_SEMICOLON };

/** Opens the class a run of members is parsed in; the run's offsets are its own minus this length. */
const MEMBER_WRAPPER = 'class _ {';

/**
 * The edit is inside one top-level class too long to parse again whole (a compiled service
 * class is often the whole file): parse again only the members it touched, inside a class of
 * their own, under the same conditions as statements (the member before ends in `;` or a
 * body's `}`, the run ends so, no error at its end). The class node stays; its member list and
 * end change. The later members and statements move.
 */
function updateMembers(base: ParsedFile, text: string, change: TextChange, index: number, maxRun: number, deferMoves: boolean): ts.SourceFile | undefined {
  const statements = base.statements;
  const cls = statements[index] as ts.ClassDeclaration;
  if (cls.modifiers?.some((m) => m.kind === SyntaxKind.DeclareKeyword)) return undefined;
  const members = cls.members;
  const count = members.length;
  const delta = change.newLength - change.oldLength;
  if (count === 0 || change.start < members.pos || change.start + change.oldLength > members.end) return undefined;
  const { first, last } = touchedRun(members, change);
  if (first === count) return undefined;
  const runStart = members[first].pos;
  const oldRunEnd = members[last].end;
  const runEnd = oldRunEnd + delta;
  if (runEnd - runStart > maxRun || runEnd < runStart || runStart > change.start) return undefined;
  const after = last + 1 < count ? members[last + 1] : undefined;
  const afterPos = after ? after.pos : members.end;
  if (!neighboursHold(base, members, first, last, MEMBER_ENDINGS, afterPos, after ? after.end : cls.end)) return undefined;

  const runText = text.slice(runStart, runEnd);
  const run = ts.createSourceFile(
    base.fileName, `${MEMBER_WRAPPER}${runText}}`, PARSE_OPTIONS, false, (base as { scriptKind?: ts.ScriptKind }).scriptKind,
  ) as ParsedFile;
  if (run.transformFlags & TOP_LEVEL_AWAIT || run.statements.length !== 1) return undefined;
  const wrapper = run.statements[0];
  if (!ts.isClassDeclaration(wrapper) || wrapper.members.length === 0) return undefined;
  const parsed = wrapper.members;
  const runEndInWrapper = MEMBER_WRAPPER.length + runText.length;
  const tail = parsed[parsed.length - 1];
  if (parsed[0].pos !== MEMBER_WRAPPER.length || tail.end !== runEndInWrapper || wrapper.end !== runEndInWrapper + 1) return undefined;
  if (!endsSafely(tail, run.text, MEMBER_ENDINGS)) return undefined;
  if (run.parseDiagnostics.some((d) => d.start < MEMBER_WRAPPER.length || d.start >= tail.end)) return undefined;

  // Accepted: the class keeps its node, with the new members in its list.
  const offset = runStart - MEMBER_WRAPPER.length;
  const list: ts.ClassElement[] = [];
  for (let i = 0; i < first; i++) list.push(members[i]);
  for (const member of parsed) {
    move(member, offset);
    (member as unknown as { parent: ts.Node }).parent = cls;
    list.push(member);
  }
  const movedMembers: ts.Node[] = [];
  for (let i = last + 1; i < count; i++) {
    movedMembers.push(members[i]);
    list.push(members[i]);
  }
  const memberArray = ts.factory.createNodeArray(list) as ts.NodeArray<ts.ClassElement> & Mutable;
  memberArray.pos = members.pos;
  memberArray.end = members.end + delta;
  (cls as unknown as { members: ts.NodeArray<ts.ClassElement> }).members = memberArray;
  (cls as unknown as Mutable).end += delta;
  // Its flat list holds the old members.
  flatNodes.delete(cls);

  const statementList: ts.Statement[] = [];
  for (let i = 0; i <= index; i++) statementList.push(statements[i]);
  return finish(base, text, change, deferMoves, {
    list: statementList, later: index + 1, runStart, afterPos, run, runOffset: offset, endOfFileToken: undefined, movedMembers,
  });
}

/**
 * The new file around a re-parsed run: `list` holds the statements up to the run's end; the
 * old statements from index `later` on follow, moved by the edit (now or, with `deferMoves`,
 * when read). Old syntax errors before `runStart` stay, those from `afterPos` on move, the
 * run's come in between (its offsets plus `runOffset`).
 */
function finish(
  base: ParsedFile, text: string, change: TextChange, deferMoves: boolean,
  parts: {
    list: ts.Statement[]; later: number; runStart: number; afterPos: number | undefined; run: ParsedFile; runOffset: number;
    endOfFileToken: ts.SourceFile['endOfFileToken'] | undefined; movedMembers?: ts.Node[];
  },
): ts.SourceFile {
  const { list, later, runStart, afterPos, run, runOffset } = parts;
  const statements = base.statements;
  const delta = change.newLength - change.oldLength;
  const next: ParsedFile = Object.assign(Object.create(Object.getPrototypeOf(base) as object) as ParsedFile, base);
  const pending = deferMoves && delta !== 0 ? new Map<ts.Node, number>() : undefined;
  for (const member of parts.movedMembers ?? []) {
    if (pending) pending.set(member, delta);
    else move(member, delta);
  }
  for (let i = later; i < statements.length; i++) {
    if (pending) pending.set(statements[i], delta);
    else move(statements[i], delta);
    list.push(statements[i]);
  }
  if (pending && pending.size > 0) pendingMoves.set(next, pending);
  let endOfFileToken = parts.endOfFileToken;
  if (endOfFileToken) {
    move(endOfFileToken, runOffset);
  } else {
    endOfFileToken = base.endOfFileToken;
    move(endOfFileToken, delta);
  }
  const array = ts.factory.createNodeArray(list) as ts.NodeArray<ts.Statement> & Mutable;
  array.pos = statements.pos;
  array.end = endOfFileToken.pos;
  for (const statement of list) (statement as unknown as { parent: ts.Node }).parent = next;
  (endOfFileToken as unknown as { parent: ts.Node }).parent = next;

  const diagnostics: ts.DiagnosticWithLocation[] = [];
  for (const d of base.parseDiagnostics) if (d.start < runStart) diagnostics.push({ ...d, file: next });
  for (const d of run.parseDiagnostics) diagnostics.push({ ...d, start: d.start + runOffset, file: next });
  if (afterPos !== undefined) for (const d of base.parseDiagnostics) if (d.start >= afterPos) diagnostics.push({ ...d, start: d.start + delta, file: next });

  Object.assign(next, {
    text, end: text.length, statements: array, endOfFileToken, parseDiagnostics: diagnostics,
    lineMap: movedLineMap(base.lineMap, text, change),
    flags: base.flags | run.flags,
    transformFlags: base.transformFlags | run.transformFlags,
  });
  return next;
}

/**
 * Statements of a file whose nodes have not moved yet, with how far they must (`deferMoves`).
 * Their own `pos` and `end` are stale too; `pendingMove` says by how much.
 */
const pendingMoves = new WeakMap<ts.SourceFile, Map<ts.Node, number>>();

/**
 * How far a node of `sourceFile` still has to move (0 once moved): what is pending for the
 * top-level statement or top-level class member it is in.
 */
export function pendingMove(sourceFile: ts.SourceFile, node: ts.Node): number {
  const pending = pendingMoves.get(sourceFile);
  if (!pending) return 0;
  for (let at: ts.Node | undefined = node; at && at.kind !== SyntaxKind.SourceFile; at = at.parent) {
    const delta = pending.get(at);
    if (delta !== undefined) return delta;
  }
  return 0;
}

/** True when some statement of `sourceFile` has nodes still to move. */
export function hasPendingMoves(sourceFile: ts.SourceFile): boolean {
  return pendingMoves.has(sourceFile);
}

/** Moves the nodes of the top-level statement or class member `node` is in to where they are now. */
export function settle(sourceFile: ts.SourceFile, node: ts.Node): void {
  const pending = pendingMoves.get(sourceFile);
  if (!pending) return;
  for (let at: ts.Node | undefined = node; at && at.kind !== SyntaxKind.SourceFile; at = at.parent) {
    const delta = pending.get(at);
    if (delta === undefined) continue;
    pending.delete(at);
    if (pending.size === 0) pendingMoves.delete(sourceFile);
    move(at, delta);
    return;
  }
}

/** Moves every node of `sourceFile` still to move: after this its positions are all current. */
export function settleAll(sourceFile: ts.SourceFile): void {
  const pending = pendingMoves.get(sourceFile);
  if (!pending) return;
  pendingMoves.delete(sourceFile);
  for (const [statement, delta] of pending) move(statement, delta);
}

/** Moves a top-level statement (or token) and everything under it by `delta`. */
function move(statement: ts.Node, delta: number): void {
  let nodes = flatNodes.get(statement);
  if (!nodes) {
    const collected: Positioned[] = [];
    const visitNode = (node: ts.Node): undefined => {
      collected.push(node);
      forEachChild(node, visitNode, visitNodes);
      const docs = (node as { jsDoc?: ts.Node[] }).jsDoc;
      if (docs) for (const doc of docs) visitNode(doc);
      return undefined;
    };
    const visitNodes = (array: ts.NodeArray<ts.Node>): undefined => {
      collected.push(array);
      for (const node of array) visitNode(node);
      return undefined;
    };
    visitNode(statement);
    nodes = collected;
    flatNodes.set(statement, nodes);
  }
  if (delta === 0) return;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Mutable;
    node.pos += delta;
    node.end += delta;
  }
}

/**
 * The old line starts moved by the edit, or undefined (computed again when asked) when line
 * breaks other than \n and \r\n are near it: a lone \r, U+2028 or U+2029.
 */
function movedLineMap(old: readonly number[] | undefined, text: string, change: TextChange): number[] | undefined {
  if (!old) return undefined;
  const { start, oldLength, newLength } = change;
  const insertedEnd = start + newLength;
  const inserted = text.slice(Math.max(0, start - 1), insertedEnd + 1);
  if (/[\r\u2028\u2029]/.test(inserted)) return undefined;
  const starts: number[] = [];
  let i = 0;
  while (i < old.length && old[i] <= start) starts.push(old[i++]);
  for (let at = text.indexOf('\n', start); at >= 0 && at < insertedEnd; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const delta = newLength - oldLength;
  const editEnd = start + oldLength;
  while (i < old.length && old[i] <= editEnd) i++;
  for (; i < old.length; i++) starts.push(old[i] + delta);
  return starts;
}
