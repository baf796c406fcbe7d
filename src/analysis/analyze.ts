// Runs the pipeline for one file: parse → facts (one walk) → rules → labels → report.
import * as ts from 'typescript';
import { collectFacts, type CollectOptions } from './facts/collect';
import type { FileFacts, FunctionFacts } from './facts/types';
import { computeLabels } from './labels';
import { parseSuppressions } from './pragmas';
import { pendingMove, settle, settleAll } from './reparse';
import { RULES } from './rules';
import type { RuleContext } from './rules/rule';
import { skipReason } from './skip';
import { nodeSpan, primeLineMap, spanOf } from './span';
import {
  DEFAULT_HOT_LOOP, DEFAULT_MAX_FILE_SIZE, type AnalyzeOptions, type FileReport, type Finding,
  type FunctionReport, type Severity,
} from './types';

export type AnalyzeResult =
  | { kind: 'analyzed'; report: FileReport; sourceFile: ts.SourceFile; facts: FileFacts }
  | { kind: 'skipped'; path: string; reason: string };

const EXTENSIONS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS, '.jsx': ts.ScriptKind.JSX,
};

function extensionOf(path: string): string {
  const m = /\.[cm]?[jt]sx?$/i.exec(path);
  return m ? m[0].toLowerCase() : '';
}

export function scriptKindFor(path: string): ts.ScriptKind {
  return EXTENSIONS[extensionOf(path)] ?? ts.ScriptKind.TS;
}

/** True for .ts .tsx .mts .cts .js .jsx .mjs .cjs, but not declaration files. */
export function isAnalyzablePath(path: string): boolean {
  return extensionOf(path) in EXTENSIONS && !/\.d\.[cm]?ts$/i.test(path);
}

/**
 * Nothing here reads JSDoc (pragmas are plain comments, read from the text), and skipping its
 * parse makes parsing about 15% faster on the bench corpus.
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

/**
 * Parses a file. The analysis walk sets parent pointers itself as it goes, which is cheaper
 * than the parser's extra pass; pass `setParents` when the tree is used without analysing it.
 */
export function parseSource(path: string, text: string, setParents = true): ts.SourceFile {
  return ts.createSourceFile(path, text, PARSE_OPTIONS, setParents, scriptKindFor(path));
}

const SEVERITY_ORDER: Severity[] = ['hint', 'info', 'warning', 'error'];

function shiftSeverity(base: Severity, shift: number): Severity {
  const index = Math.max(0, Math.min(SEVERITY_ORDER.length - 1, SEVERITY_ORDER.indexOf(base) + shift));
  return SEVERITY_ORDER[index];
}

/**
 * Analyses text. Skips (with a reason) files that are too large, binary, minified or nested too
 * deeply for the parser's stack; never throws for syntax errors — the parser recovers and the
 * parts that parse are analysed.
 */
export function analyzeText(path: string, text: string, options: AnalyzeOptions = {}): AnalyzeResult {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: count bytes only when the limit could be near.
  const size = text.length * 3 <= maxFileSize ? text.length : Buffer.byteLength(text, 'utf8');
  const reason = skipReason(path, text, size, maxFileSize);
  if (reason) return { kind: 'skipped', path, reason };
  try {
    const sourceFile = parseSource(path, text, false);
    const { report, facts } = analyzeParsed(sourceFile, options, path);
    return { kind: 'analyzed', report, sourceFile, facts };
  } catch (error) {
    // Pattern: a thousand nested brackets or functions (generated code) overflow the parser's stack.
    if (error instanceof RangeError) return { kind: 'skipped', path, reason: 'nested too deeply to analyse (stack overflow)' };
    throw error;
  }
}

/** Analyses an already parsed file. */
export function analyzeSourceFile(sourceFile: ts.SourceFile, options: AnalyzeOptions = {}, path = sourceFile.fileName): FileReport {
  return analyzeParsed(sourceFile, options, path).report;
}

/**
 * Analyses a file the editor keeps re-parsing with `ts.updateSourceFile`: pass the facts this
 * returned for the tree it was updated from, and only the top-level statements and class
 * members that changed are walked again (their nodes are new; the parser reused the others).
 * The previous facts are consumed. Returns the same report a full analysis gives.
 */
export function analyzeIncrementally(
  sourceFile: ts.SourceFile, previous: FileFacts | undefined, options: AnalyzeOptions = {}, path = sourceFile.fileName,
): { report: FileReport; facts: FileFacts } {
  const staged = findFindings(sourceFile, options, path, { incremental: true, previous });
  return { report: staged.complete(), facts: staged.facts };
}

/**
 * An analysis in two stages: the findings (what diagnostics need) first, the labels of every
 * function when `complete` is called. The editor publishes diagnostics between the two.
 */
export interface StagedAnalysis {
  facts: FileFacts;
  findings: Finding[];
  syntaxErrors: FileReport['syntaxErrors'];
  /** Labels the functions and returns the whole report (the same findings and syntax errors). */
  complete(): FileReport;
}

/** `analyzeIncrementally` in two stages (see StagedAnalysis). */
export function analyzeIncrementallyInStages(
  sourceFile: ts.SourceFile, previous: FileFacts | undefined, options: AnalyzeOptions = {}, path = sourceFile.fileName,
): StagedAnalysis {
  return findFindings(sourceFile, options, path, { incremental: true, previous });
}

function analyzeParsed(
  sourceFile: ts.SourceFile, options: AnalyzeOptions, path: string, collect?: CollectOptions,
): { report: FileReport; facts: FileFacts } {
  const staged = findFindings(sourceFile, options, path, collect);
  return { report: staged.complete(), facts: staged.facts };
}

/**
 * The findings of a unit as the last analysis that had it made them, and where the unit was then:
 * a unit whose facts and resolution are unchanged (`FileFacts.unchanged`) has the same findings,
 * moved with it. Keyed by the unit object, which lives as long as the editor keeps the file.
 */
interface UnitFindings {
  settings: string;
  pos: number;
  line: number;
  column: number;
  findings: Finding[];
}
const findingsOfUnit = new WeakMap<FunctionFacts, UnitFindings>();

/** A finding moved by `offset` characters and `lines` lines (its first line's columns unchanged). */
function movedFinding(finding: Finding, offset: number, lines: number): Finding {
  const { span } = finding;
  const moved: Finding = {
    ...finding,
    span: { ...span, start: span.start + offset, end: span.end + offset, line: span.line + lines, endLine: span.endLine + lines },
  };
  if (lines !== 0 && finding.data) {
    const data = { ...finding.data };
    for (const key of LINE_KEYS) if (typeof data[key] === 'number') data[key] = (data[key] as number) + lines;
    moved.data = data;
  }
  return moved;
}

/** Fields of rule data that hold 1-based lines. */
const LINE_KEYS = ['awaitLine', 'firstLine', 'lastLine'] as const;

function findFindings(sourceFile: ts.SourceFile, options: AnalyzeOptions, path: string, collect?: CollectOptions): StagedAnalysis {
  primeLineMap(sourceFile);
  const facts = collectFacts(sourceFile, collect);
  const hotLoop = { ...DEFAULT_HOT_LOOP, ...options.hotLoop };
  const context: RuleContext = { sourceFile, facts, hotLoop };
  // Suppression comments reach across functions (a block disable): then every unit is checked,
  // and every node is where it is (reading them walks the tree).
  const hasPragmas = sourceFile.text.includes('workload-hints-');
  if (hasPragmas) settleAll(sourceFile);
  const suppressions = parseSuppressions(sourceFile);
  const unchanged = facts.unchanged && !hasPragmas ? facts.unchanged : undefined;
  const settings = unchanged || collect?.incremental ? JSON.stringify([options.severity, hotLoop]) : '';

  const findings: Finding[] = [];
  const unitsWithFindings = new Set<FunctionFacts>();
  for (const unit of facts.units) {
    const cached = unchanged?.has(unit) ? findingsOfUnit.get(unit) : undefined;
    let anchor: { pos: number; line: number; column: number } | undefined;
    if (unit.kind !== 'module' && collect?.incremental) {
      // Where the unit is now, though its statement's nodes may not have moved yet (reparse.ts).
      const pos = unit.node.pos + pendingMove(sourceFile, unit.node);
      const at = sourceFile.getLineAndCharacterOfPosition(pos);
      anchor = { pos, line: at.line, column: at.character };
    }
    if (cached && anchor && cached.settings === settings && cached.column === anchor.column) {
      const offset = anchor.pos - cached.pos;
      const lines = anchor.line - cached.line;
      const reused = offset === 0 && lines === 0 ? cached.findings : cached.findings.map((f) => movedFinding(f, offset, lines));
      for (const finding of reused) findings.push(finding);
      if (reused.length > 0) unitsWithFindings.add(unit);
      findingsOfUnit.set(unit, { settings, ...anchor, findings: reused });
      continue;
    }
    // The rules read this unit's nodes: move them first.
    if (unit.kind === 'module') {
      for (const list of [unit.calls, unit.loops, unit.awaits, unit.awaitStatements]) for (const fact of list) settle(sourceFile, fact.node);
    } else {
      settle(sourceFile, unit.node);
    }
    const own: Finding[] = [];
    for (const rule of RULES) {
      // A severity the user set is taken as is; the default one moves with the context.
      const explicit = options.severity?.[rule.id];
      const setting = explicit ?? rule.defaultSeverity;
      if (setting === 'off') continue;
      for (const draft of rule.check(unit, context)) {
        const start = draft.node.getStart(sourceFile);
        const span = spanOf(sourceFile, start, (draft.endNode ?? draft.node).getEnd());
        if (suppressions.isSuppressed(rule.id, span.line)) continue;
        own.push({
          rule: rule.id, severity: explicit ? setting : shiftSeverity(setting, draft.severityShift), message: draft.message, span,
          function: unit.name, data: draft.data, fixes: [],
        });
      }
    }
    for (const finding of own) findings.push(finding);
    if (own.length > 0) unitsWithFindings.add(unit);
    // Findings filtered by suppressions are not the unit's own: kept only when there were none.
    if (anchor && !hasPragmas) findingsOfUnit.set(unit, { settings, ...anchor, findings: own });
    else findingsOfUnit.delete(unit);
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));

  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const syntaxErrors = diagnostics.map((d) => {
    const pos = sourceFile.getLineAndCharacterOfPosition(d.start);
    return { message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), line: pos.line + 1, column: pos.character + 1 };
  });

  const complete = (): FileReport => {
    settleAll(sourceFile);
    const labels = computeLabels(facts, findings, hotLoop);
    const functions: FunctionReport[] = [];
    for (const unit of facts.units) {
      const label = labels.get(unit)!;
      if (unit.kind === 'module' && label.label === 'neutral' && !unitsWithFindings.has(unit)) continue;
      const span = unit.kind === 'module' ? spanOf(sourceFile, 0, sourceFile.text.length) : nodeSpan(unit.node, sourceFile);
      functions.push({
        name: unit.name, kind: unit.kind, line: span.line, endLine: span.endLine,
        nameSpan: unit.nameNode ? nodeSpan(unit.nameNode, sourceFile) : spanOf(sourceFile, 0, 0),
        span, isAsync: unit.isAsync, label: label.label, confidence: label.confidence,
        reasons: label.reasons, recommendation: label.recommendation,
      });
    }
    return { path, functions, findings, syntaxErrors };
  };
  return { facts, findings, syntaxErrors, complete };
}
