// Facts the single walk collects per function unit. Rules and labels read these; nothing
// downstream walks the syntax tree again.
import type * as ts from 'typescript';
import type { FunctionKind } from '../types';
import type { SyncApi } from '../catalog';
import type { Binding, Scope } from './scope';

export type LoopKind = 'for' | 'for-of' | 'for-in' | 'for-await' | 'while' | 'do' | 'callback';

/** How many times a loop runs, as far as the syntax tells. */
export type LoopBound =
  | { kind: 'literal'; value: number }
  /** Size of a collection: `xs.length`, `for (const x of xs)`, `xs.forEach`. */
  | { kind: 'collection'; name: string; isParam: boolean; literalSize?: number }
  /** A parameter or other non-literal number. */
  | { kind: 'input'; name: string }
  | { kind: 'unknown' };

export interface LoopFact {
  id: number;
  kind: LoopKind;
  node: ts.Node;
  unit: FunctionFacts;
  parent?: LoopFact;
  bound: LoopBound;
  /** Loop variable names (for-of/for-in/indexed `for`). */
  iterationNames: string[];
  /** Weighted count of operations per iteration (arithmetic, calls, element access, heavy APIs). */
  bodyCost: number;
  /** The part of `bodyCost` the walk counted (before resolved heavy APIs were added); -1 until resolved. */
  walkCost: number;
  /** Heaviest CPU API seen in the body, for messages. */
  heavyApi?: { name: string; line: number };
  children: LoopFact[];
  awaits: AwaitFact[];
  /** `break`, `return`, `throw` or a labelled `continue` out of this loop. */
  exits: Array<{ kind: 'break' | 'return' | 'throw' | 'continue'; node: ts.Node }>;
  /** Names declared inside the loop (per iteration). */
  declared: Set<string>;
  /** Outer names assigned with `=`, updated with `+=`/`++`, mutated (`x.push()`, `x[i] = …`), read. */
  writes: Set<string>;
  updates: Set<string>;
  mutates: Set<string>;
  reads: Set<string>;
  /** For `callback` loops: the iteration method and whether the callback is async. */
  callbackMethod?: string;
  callbackAsync?: boolean;
  callbackUnit?: FunctionFacts;
}

export interface AwaitFact {
  node: ts.AwaitExpression;
  unit: FunctionFacts;
  /** Innermost loop of the same unit around this await. */
  loop?: LoopFact;
  /** Identifiers and string literals read by the operand (`'lit` for literals). */
  reads: Set<string>;
  /**
   * What the operand reads, as precisely as the syntax shows: `user.email` for a property read,
   * the receiver for a method call (`db.users` in `db.users.find()`), the name otherwise;
   * `'lit` for string literals. Two awaits that only read different properties share nothing.
   */
  refs: Set<string>;
  call?: CallFact;
  statement?: AwaitStatementFact;
  isSleep: boolean;
  /** Awaiting `Promise.all/allSettled/any/race`: already concurrent. */
  isCombinator: boolean;
  /** Awaiting a value that already exists (`await p`, `await pending[i]`): its work started earlier. */
  isExistingValue: boolean;
}

/** A statement that is nothing but an await: `await f()`, `x = await f()`, `const x = await f()`. */
export interface AwaitStatementFact {
  node: ts.Statement;
  block: ts.Node;
  index: number;
  kind: 'expr' | 'assign' | 'decl';
  declared: string[];
  /** For `assign`: root names the assignment writes (`x`, `state` of `state.n = await f()`). */
  assigned: string[];
  await?: AwaitFact;
  /** In a try block that catches only this await (for `allSettled` suggestions). */
  inOwnTry: boolean;
}

export interface CallFact {
  node: ts.CallExpression | ts.NewExpression;
  unit: FunctionFacts;
  scope: Scope;
  loop?: LoopFact;
  /** Identifier at the root of the callee (`fs` in `fs.promises.readFile`), if any. */
  root?: string;
  /** Property names after the root, e.g. ['promises', 'readFile']. */
  path: string[];
  /** Last name of the callee: method or function name. */
  name: string;
  awaited: boolean;
  resolved?: Resolved;
}

export type Resolved =
  | { kind: 'module'; module: string; path: readonly string[] }
  | { kind: 'global'; path: readonly string[] }
  | { kind: 'local'; unit?: FunctionFacts; viaThis?: boolean };

export interface SyncCallFact {
  call: CallFact;
  api: SyncApi;
}

export interface FunctionFacts {
  id: number;
  name: string;
  kind: FunctionKind;
  node: ts.Node;
  /** The statement or member that declares it, whose leading comments hold pragmas. */
  declNode: ts.Node;
  nameNode?: ts.Node;
  parent?: FunctionFacts;
  isAsync: boolean;
  isGenerator: boolean;
  /** Registered as a request handler (`app.get(path, fn)`, `createServer(fn)`, `(req, res)`). */
  isHandler: boolean;
  /** Passed to an array iteration method: runs inline, once per element, inside its parent. */
  inlineLoop?: LoopFact;
  /** Called right where it is defined (IIFE). */
  isIife: boolean;
  usesThis: boolean;
  className?: string;
  params: string[];
  loops: LoopFact[];
  awaits: AwaitFact[];
  awaitStatements: AwaitStatementFact[];
  calls: CallFact[];
  syncCalls: SyncCallFact[];
  /** CPU-heavy API calls outside loops (inside loops they add to the loop's cost). */
  heavyCalls: Array<{ name: string; cost: number; line: number }>;
  asyncIoCalls: CallFact[];
  /** Calls to itself. */
  recursiveCalls: number;
  /** Nested function units. */
  children: FunctionFacts[];
}

export interface FileFacts {
  sourceFile: ts.SourceFile;
  /**
   * What an incremental re-analysis reuses (only when asked for: `collectFacts(sf, { incremental })`):
   * the facts of every top-level statement and top-level class member, keyed by its node.
   */
  reuse?: ReusableFacts;
  units: FunctionFacts[];
  moduleUnit: FunctionFacts;
  /** Module-level `const NAME = <number>` values, for loop bounds. */
  constants: Map<string, number>;
  /** True when the file looks like an ES module (import/export) — top-level await allowed in .mjs/.mts/ESM. */
  isEsm: boolean;
  /**
   * After an incremental analysis: the units whose facts and call resolution are exactly the
   * previous analysis's (same objects, nothing they read changed). Their findings can be too.
   */
  unchanged?: ReadonlySet<FunctionFacts>;
}

/**
 * Facts of one piece of a file that the walk enters in the same state wherever it is: a top-level
 * statement, or a member of a top-level class. After `ts.updateSourceFile` the nodes of unchanged
 * pieces are the same objects (moved in place), so their facts are reused instead of walked.
 */
export interface ChunkFacts {
  node: ts.Node;
  /** For a class member: the class name its units were named with. */
  context: string | undefined;
  /** Module constants defined before it (its loop bounds may read them). */
  constantsBefore: number;
  /** Ranges of the units it created, and of what it added to the module unit, in `ReusableFacts`. */
  units: [number, number];
  calls: [number, number];
  loops: [number, number];
  awaits: [number, number];
  awaitStatements: [number, number];
  children: [number, number];
  /** What it declared in the module scope, and the module constants it defined. */
  declarations: Array<[string, Binding]>;
  constants: Array<[string, number]>;
  esm: boolean;
  usesThis: boolean;
}

export interface ReusableFacts {
  chunks: Map<ts.Node, ChunkFacts>;
  units: readonly FunctionFacts[];
  /** The module unit's arrays as this analysis left them (the module unit object is shared). */
  module: Pick<FunctionFacts, 'calls' | 'loops' | 'awaits' | 'awaitStatements' | 'children'>;
  moduleScope: Scope;
  /** Module constants in definition order. */
  constants: Array<[string, number]>;
  nextLoopId: number;
  /** The units whose call resolution still holds while the module scope resolves the same way. */
  resolution?: ResolutionMemo;
}

export interface ResolutionMemo {
  /** What every module-level name resolves to, and the unit names (`this.f()` finds units by name). */
  environment: string;
  units: Set<FunctionFacts>;
}
