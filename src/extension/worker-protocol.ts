// Messages between the extension host (analysis-client.ts) and the analysis worker
// (analysis-worker.ts). Type-only on the host side, so importing it never loads typescript.
import type { AnalyzeOptions, FileReport, Finding, FunctionReport, RuleId, SeveritySetting } from '../analysis/types';
import type { DeltaList, Shift } from './report-delta';

/** Edits since the version the worker parsed last, as one enclosing range (offsets). */
export interface ChangeRange {
  start: number;
  /** Length of the replaced text in the base version. */
  oldLength: number;
  /** Length of the replacing text in the new version. */
  newLength: number;
}

export interface AnalyzeDocumentRequest {
  type: 'analyzeDocument';
  /** Document URI string: the cache key of the parsed source file. */
  key: string;
  /** File name the analyzer sees (decides the script kind). */
  path: string;
  version: number;
  /** The whole text; absent when `incremental` carries the change instead. */
  text?: string;
  /**
   * Present when the worker can reuse the source file it parsed for `baseVersion`. Without
   * `text`, `newText` (what replaced the range) and `length` (of the whole new text) let the
   * worker rebuild the text: copying a 5,000-line file with one non-Latin-1 character between
   * threads cost 2–4 ms per keystroke.
   */
  incremental?: { baseVersion: number; change: ChangeRange; newText?: string; length?: number };
  /** Version of the report the host holds for this document: the answer may refer to its items. */
  reportBase?: number;
  options: AnalyzeOptions;
}

export interface ForgetDocumentRequest {
  type: 'forgetDocument';
  key: string;
}

export interface AnalyzeFilesRequest {
  type: 'analyzeFiles';
  /** Absolute paths; read from disk by the worker. */
  paths: string[];
  options: AnalyzeOptions;
}

export interface FilterIgnoredRequest {
  type: 'filterIgnored';
  /** Workspace folder root (absolute). */
  root: string;
  /** Absolute paths under `root`. */
  paths: string[];
}

export interface FixesRequest {
  type: 'fixes';
  path: string;
  text: string;
  finding: Finding;
  /** Only this fix; all offered fixes when absent. */
  fixId?: string;
}

/** "Move to a worker pool" for the CPU-bound function under a selection (offsets). */
export interface RefactorsRequest {
  type: 'refactors';
  path: string;
  text: string;
  start: number;
  end: number;
}

export interface RulesRequest {
  type: 'rules';
}

export type WorkerRequestBody =
  | AnalyzeDocumentRequest
  | ForgetDocumentRequest
  | AnalyzeFilesRequest
  | FilterIgnoredRequest
  | FixesRequest
  | RefactorsRequest
  | RulesRequest;

export type WorkerRequest = WorkerRequestBody & { id: number };

export interface AnalysisTiming {
  parseMs: number;
  /** The facts and the rules: up to the findings. */
  analyzeMs: number;
  /** The labels and the functions' part of the report, after the findings were sent. */
  labelMs: number;
  /** Encoding the lists against the host's report (findings and functions). */
  encodeMs: number;
  /** From the worker taking the request to sending the findings: checks, parse, analysis, encoding. */
  findingsMs: number;
  /** From the worker taking the request to its answer. */
  workerMs: number;
  incremental: boolean;
}

/** Where the lists of an answer refer to the items of the host's report. */
export interface ListBase {
  /** Version of that report; undefined when every entry is a new item. */
  baseVersion: number | undefined;
  shift: Shift;
}

/**
 * Sent while an analyzeDocument request runs, before its answer: the findings, so the
 * diagnostics need not wait for the labels of every function.
 */
export interface FindingsUpdate extends ListBase {
  version: number;
  findings: DeltaList<Finding>;
  syntaxErrors: DeltaList<FileReport['syntaxErrors'][number]>;
}

/** The rest of the report: the findings came in the FindingsUpdate before it, against the same base. */
export type DocumentAnalysis =
  | ({ kind: 'analyzed'; version: number; path: string; functions: DeltaList<FunctionReport>; timing: AnalysisTiming } & ListBase)
  | { kind: 'skipped'; version: number; reason: string }
  /** The request had no text and the worker no earlier version to apply its change to: send the whole text. */
  | { kind: 'needsText'; version: number };

export type FileAnalysis =
  | { path: string; kind: 'analyzed'; report: FileReport }
  | { path: string; kind: 'skipped'; reason: string };

/** A text edit as offsets into the file it applies to. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface NewFile {
  /** Absolute path, or relative to the edited file's folder. */
  path: string;
  text: string;
}

export interface FixEdits {
  id: string;
  /** `refactor` fixes create files and are applied with a preview. */
  kind: 'quickfix' | 'refactor';
  title: string;
  edits: OffsetEdit[];
  newFiles?: NewFile[];
  /** A package the fixed code needs, missing from `packageJson` (the nearest, absolute path): offered as a second action. */
  dependency?: { name: string; version: string; packageJson: string };
}

export interface RuleInfo {
  id: RuleId;
  description: string;
  defaultSeverity: SeveritySetting;
  docs: string;
}

export interface WorkerResults {
  analyzeDocument: DocumentAnalysis;
  forgetDocument: null;
  analyzeFiles: FileAnalysis[];
  filterIgnored: string[];
  fixes: FixEdits[];
  refactors: FixEdits[];
  rules: RuleInfo[];
}

/** What a request reports while it runs, by type (`never`: nothing). */
export interface WorkerProgress {
  analyzeDocument: FindingsUpdate;
}

export type ProgressOf<K extends WorkerRequestBody['type']> = K extends keyof WorkerProgress ? WorkerProgress[K] : never;

export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { id: number; progress: unknown };
