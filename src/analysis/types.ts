// Public shapes of the analyzer: labels, findings, per-function reports. The JSON printed by
// `workload-hints analyze --format json` is built from these (see DESIGN.md "Contracts").

/** What a function spends its time on. */
export type Label = 'cpu' | 'io' | 'mixed' | 'neutral';

export const LABELS: readonly Label[] = ['cpu', 'io', 'mixed', 'neutral'];

/** Severity of a finding, from most to least urgent. `off` disables a rule. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export type RuleId = 'blocking-sync-call' | 'await-in-loop' | 'sequential-awaits' | 'hot-loop';

export const RULE_IDS: readonly RuleId[] = [
  'blocking-sync-call',
  'await-in-loop',
  'sequential-awaits',
  'hot-loop',
];

/** A position as people read it: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A source span: offsets into the text (0-based, end exclusive) plus 1-based positions. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One piece of evidence behind a label, pointing at the line that shows it. */
export interface Reason {
  message: string;
  line: number;
  /** Which way this evidence pulls the label. */
  kind: 'cpu' | 'io' | 'pragma' | 'call';
}

/** A fix a finding can offer, by id; the rewrite layer knows how to produce it. */
export interface FixRef {
  id: string;
  title: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  span: Span;
  /** Name of the function unit the finding is in (DESIGN.md naming). */
  function: string;
  /** Rule-specific details the rewrite layer reads (e.g. which API, its async counterpart). */
  data: Record<string, string | number | boolean>;
  fixes: FixRef[];
}

export type FunctionKind =
  | 'module'
  | 'function'
  | 'arrow'
  | 'method'
  | 'getter'
  | 'setter'
  | 'constructor';

export interface FunctionReport {
  name: string;
  kind: FunctionKind;
  /** 1-based first and last line of the function (for `<module>`: the whole file). */
  line: number;
  endLine: number;
  /** Span of the name (or of the function keyword/arrow when it has none), for hovers and lenses. */
  nameSpan: Span;
  /** Span of the whole function node. */
  span: Span;
  isAsync: boolean;
  label: Label;
  /** 0..1: how sure the static analysis is; 1 when a pragma set the label. */
  confidence: number;
  reasons: Reason[];
  /** The recommended concurrency form and the path through the decision tree that leads to it. */
  recommendation: Recommendation;
}

export interface Recommendation {
  form: 'leave' | 'promise-all' | 'bounded-concurrency' | 'async-api' | 'worker-pool' | 'split';
  /** Steps of the decision tree, e.g. ["CPU-bound", "called 8× in `main`", "2+ cores", "worker pool"]. */
  path: string[];
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface FileReport {
  path: string;
  functions: FunctionReport[];
  findings: Finding[];
  /** Syntax errors the parser recovered from; the rest of the file is still analysed. */
  syntaxErrors: Array<{ message: string; line: number; column: number }>;
}

export interface HotLoopThresholds {
  /** A literal loop bound at or above this counts as large. */
  minIterations: number;
  /** Body cost (operations per iteration) above which a loop with an unknown or input-sized bound is hot. */
  minBodyCost: number;
}

export interface AnalyzeOptions {
  /** Per-rule severity override; `off` drops the rule. Missing rules use their defaults. */
  severity?: Partial<Record<RuleId, SeveritySetting>>;
  hotLoop?: Partial<HotLoopThresholds>;
  /** Files larger than this (bytes) are skipped. Default 5 MB. */
  maxFileSize?: number;
}

export const DEFAULT_HOT_LOOP: HotLoopThresholds = { minIterations: 10_000, minBodyCost: 6 };
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
