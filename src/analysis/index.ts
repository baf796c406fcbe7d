// Entry point of the pure analyzer: source text in, labelled functions and findings out.
export * from './types';
export {
  analyzeText, analyzeSourceFile, analyzeIncrementally, analyzeIncrementallyInStages, parseSource, scriptKindFor, isAnalyzablePath,
} from './analyze';
export type { AnalyzeResult, StagedAnalysis } from './analyze';
export { collectFacts } from './facts/collect';
export type * from './facts/types';
export { skipReason } from './skip';
export { RULES, ruleById, docsUrl } from './rules';
export type { Rule, RegisteredRule } from './rules';
export { updateSourceFile, lastReparseKind } from './reparse';
export type { ReparseKind, TextChange } from './reparse';
