// Public shapes of the rewrite layer: fixes as data (edits, new files, a dependency to add),
// the reasons a fix is not offered, and the options a caller passes in.
import type * as ts from 'typescript';
import type { AnalyzeOptions, FileFacts, FileReport, FixRef } from '../analysis';

export type { FixRef };

/** Replace `text.slice(start, end)` with `newText`; offsets into the text the finding came from. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A file the fix creates next to the edited one (`path` is absolute when the input path was). */
export interface NewFile {
  path: string;
  text: string;
}

/** Ids of the fixes this layer produces. */
export type FixId =
  | 'promise-all'
  | 'promise-all-settled'
  | 'p-map'
  | 'async-api'
  | 'make-async'
  | 'worker-pool';

export interface Fix {
  id: FixId;
  title: string;
  /** `refactor` when the fix creates files or moves code (offered with a preview). */
  kind: 'quickfix' | 'refactor';
  /** The first choice among the fixes of a finding. */
  isPreferred?: boolean;
  /** Edits of one fix never overlap. */
  edits: TextEdit[];
  newFiles?: NewFile[];
  /**
   * A runtime dependency the fixed code needs and package.json does not list; add it on request
   * (withDependency in package-json.ts) to `packageJson`, the nearest one, when there is one.
   */
  packageJsonDependency?: { name: string; version: string; packageJson?: string };
}

/** Why a fix that the finding would call for is not offered. */
export interface Refusal {
  id: FixId;
  reason: string;
}

export interface FixOptions {
  /** Concurrency of the bounded form (`p-map`). Default 8. */
  concurrency?: number;
  /**
   * Reads a project file (tsconfig.json, package.json) by absolute path, or returns undefined.
   * Without it, the module format is read from the file alone and dependencies count as missing.
   */
  readFile?: (path: string) => string | undefined;
  /** True when a file exists; used so a new worker file never replaces one. */
  fileExists?: (path: string) => boolean;
  /** The options the finding was computed with (hot-loop thresholds), for the re-check of the output. */
  analyzeOptions?: AnalyzeOptions;
}

/** What `analyzeText` returned for a file (`kind: 'analyzed'`): a rewrite can start from it instead of parsing again. */
export interface FileAnalysis {
  report: FileReport;
  sourceFile: ts.SourceFile;
  facts: FileFacts;
}

/** The outcome for one finding: what is offered and what is not, with reasons. */
export interface FixPlan {
  fixes: Fix[];
  refusals: Refusal[];
}
