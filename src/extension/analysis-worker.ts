// Entry of the worker thread that runs the analyzer for the extension (bundled as
// dist/extension-worker.js with typescript inside). Keeps each open document's parsed source
// file so an edit re-parses only the statements it touched (src/analysis/reparse.ts).
import { parentPort } from 'node:worker_threads';
import * as ts from 'typescript';
import { RULES, analyzeIncrementallyInStages, docsUrl, parseSource, skipReason, updateSourceFile, type FileFacts } from '../analysis';
import { DEFAULT_MAX_FILE_SIZE, type FileReport } from '../analysis/types';
import { analyzeFiles } from './analyze-files';
import { filterIgnored } from './gitignore-filter';
import { applyChange } from './change-range';
import { NO_SHIFT, encodeList, shiftOf, type Shift } from './report-delta';
import { warmUpEditAt, warmUpSource } from './warm-up';
import { computeFixes, computeRefactors } from './worker-fixes';
import type {
  AnalyzeDocumentRequest,
  DocumentAnalysis,
  FindingsUpdate,
  RuleInfo,
  WorkerRequest,
  WorkerResponse,
  WorkerResults,
} from './worker-protocol';

/**
 * Parsed documents kept for incremental re-parsing and re-analysis (the facts of the functions an
 * edit did not touch are reused), least recently used first.
 */
const MAX_CACHED_DOCUMENTS = 32;
const documents = new Map<string, { version: number; sourceFile: ts.SourceFile; facts: FileFacts; report: FileReport }>();

/** Analyses an open document; the findings go to `sendFindings` before the labels are computed. */
function analyzeDocument(request: AnalyzeDocumentRequest, sendFindings: (update: FindingsUpdate) => void): DocumentAnalysis {
  try {
    return analyzeDocumentOrThrow(request, sendFindings);
  } catch (error) {
    // Pattern: a thousand nested brackets (generated code) overflow the parser's or the walk's stack.
    if (!(error instanceof RangeError)) throw error;
    documents.delete(request.key);
    return { kind: 'skipped', version: request.version, reason: 'nested too deeply to analyse (stack overflow)' };
  }
}

function analyzeDocumentOrThrow(request: AnalyzeDocumentRequest, sendFindings: (update: FindingsUpdate) => void): DocumentAnalysis {
  const started = performance.now();
  const { key, path, version, options } = request;
  const cached = documents.get(key);
  documents.delete(key);
  const usable = cached && request.incremental && cached.version === request.incremental.baseVersion ? cached : undefined;
  // The host sends the whole text only when this worker holds no earlier version to apply the change to.
  const text = request.text ?? (usable && request.incremental ? applyChange(usable.sourceFile.text, request.incremental) : undefined);
  if (text === undefined) return { kind: 'needsText', version };
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: count bytes only when the limit could be near.
  const size = text.length * 3 <= maxFileSize ? text.length : Buffer.byteLength(text);
  // The whole text was checked for binary and minified content when it came; after that only
  // what an edit inserted is (the check scanned 64 KiB per keystroke: 2 ms in a UTF-16 text).
  const skipped = skipReason(path, request.text ?? request.incremental?.newText ?? '', size, maxFileSize);
  if (skipped) return { kind: 'skipped', version, reason: skipped };
  const parseStart = performance.now();
  let sourceFile: ts.SourceFile | undefined;
  // How the edit moved the text, for a delta against the report the host holds.
  let shift: Shift | undefined;
  if (usable && request.incremental) {
    const base = usable.sourceFile;
    const { change } = request.incremental;
    sourceFile = reparse(base, text, change, request.text === undefined);
    if (sourceFile === base) shift = NO_SHIFT;
    else if (sourceFile) shift = shiftOf(base.text, text, change, (offset) => ts.getLineAndCharacterOfPosition(base, offset).line + 1);
  }
  const incremental = sourceFile !== undefined;
  sourceFile ??= parseSource(path, text);
  const analyzeStart = performance.now();
  // The previous facts describe the tree `sourceFile` was updated from; a full parse starts afresh.
  const staged = analyzeIncrementallyInStages(sourceFile, incremental ? usable?.facts : undefined, options);
  const analyzeEnd = performance.now();
  // The lists refer to the items of the report the host holds when it is the one this edit started from.
  const base = shift && usable && request.reportBase === usable.version ? usable : undefined;
  const listBase = { baseVersion: base?.version, shift: base ? (shift ?? NO_SHIFT) : NO_SHIFT };
  sendFindings({
    version,
    ...listBase,
    findings: encodeList(base?.report.findings ?? [], staged.findings, listBase.shift),
    syntaxErrors: encodeList(base?.report.syntaxErrors ?? [], staged.syntaxErrors, listBase.shift),
  });
  const findingsSent = performance.now();
  const report = staged.complete();
  const labelEnd = performance.now();
  documents.set(key, { version, sourceFile, facts: staged.facts, report });
  if (documents.size > MAX_CACHED_DOCUMENTS) documents.delete(documents.keys().next().value as string);
  const functions = encodeList(base?.report.functions ?? [], report.functions, listBase.shift);
  const end = performance.now();
  return {
    kind: 'analyzed', version, path: report.path, functions, ...listBase,
    timing: {
      parseMs: analyzeStart - parseStart, analyzeMs: analyzeEnd - analyzeStart, labelMs: labelEnd - findingsSent,
      encodeMs: findingsSent - analyzeEnd + (end - labelEnd), findingsMs: findingsSent - started, workerMs: end - started, incremental,
    },
  };
}

/**
 * Re-parses `base` into `text` reusing the unchanged nodes, or returns undefined when the
 * change range does not describe the difference (then the caller parses in full). A text
 * built from the change (`fromChange`) fits it by construction.
 */
function reparse(
  base: ts.SourceFile, text: string, change: { start: number; oldLength: number; newLength: number }, fromChange: boolean,
): ts.SourceFile | undefined {
  const old = base.text;
  const { start, oldLength, newLength } = change;
  if (fromChange ? oldLength === 0 && newLength === 0 : old === text) return base;
  if (old.length - oldLength + newLength !== text.length) return undefined;
  const tail = old.length - (start + oldLength);
  if (!fromChange && (old.slice(0, start) !== text.slice(0, start) || old.slice(old.length - tail) !== text.slice(text.length - tail))) {
    return undefined;
  }
  try {
    // The analysis moves the nodes it reads before the findings go, the rest after (reparse.ts).
    return updateSourceFile(base, text, change, { deferMoves: true });
  } catch {
    return undefined;
  }
}

function rules(): RuleInfo[] {
  return RULES.map((rule) => ({
    id: rule.id,
    description: rule.description,
    defaultSeverity: rule.defaultSeverity,
    docs: docsUrl(rule.id),
  }));
}

const WARM_UP_KEY = '\0warm-up';
const WARM_UP_EDITS = 40;
let warmUpStarted = false;

/**
 * Replays edits of a generated 400-line file, one per turn of the event loop so a request
 * waits for one at most, until the incremental path (re-parse, analysis, lists) runs at speed.
 */
function warmUp(step = 0, text = warmUpSource(15)): void {
  try {
    if (step > WARM_UP_EDITS) {
      documents.delete(WARM_UP_KEY);
      return;
    }
    const at = step === 0 ? 0 : warmUpEditAt(text, step);
    const next = step === 0 ? text : `${text.slice(0, at)} ${text.slice(at)}`;
    const edit = step === 0 ? {} : { incremental: { baseVersion: step, change: { start: at, oldLength: 0, newLength: 1 } }, reportBase: step };
    analyzeDocumentOrThrow(
      { type: 'analyzeDocument', key: WARM_UP_KEY, path: '/warm-up.ts', version: step + 1, text: next, options: {}, ...edit },
      () => undefined,
    );
    setImmediate(() => warmUp(step + 1, next));
  } catch {
    documents.delete(WARM_UP_KEY);
  }
}

async function handle(request: WorkerRequest): Promise<WorkerResults[WorkerRequest['type']]> {
  switch (request.type) {
    case 'analyzeDocument':
      if (!warmUpStarted) {
        warmUpStarted = true;
        // After this request's answer.
        setImmediate(() => warmUp());
      }
      return analyzeDocument(request, (update) => parentPort?.postMessage({ id: request.id, progress: update } satisfies WorkerResponse));
    case 'forgetDocument':
      documents.delete(request.key);
      return null;
    case 'analyzeFiles':
      return analyzeFiles(request.paths, request.options);
    case 'filterIgnored':
      return filterIgnored(request.root, request.paths);
    case 'fixes':
      return computeFixes(request.finding, request.text, request.path, request.fixId);
    case 'refactors':
      return computeRefactors(request.text, request.path, request.start, request.end);
    case 'rules':
      return rules();
  }
}

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');
port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies WorkerResponse),
  );
});
