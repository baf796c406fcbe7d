// Entry point of the profiler (Node only, never `vscode`): run a function in a child `node`
// and measure whether it is CPU-bound or I/O-bound.
export * from './types';
export { profileFunction, defaultNodePath, DEFAULTS } from './run';
export { locateFunction, listProfilableFunctions } from './locate';
export type { LocatedFunction, LocateResult } from './locate';
export { parseArgs, suggestArgs } from './args';
export type { ArgsSpec, ArgsSuggestion } from './args';
export { decideVerdict, compareWithStatic, classify, CPU_BOUND_AT, IO_BOUND_AT } from './verdict';
export { staticReportOf } from './static-label';
