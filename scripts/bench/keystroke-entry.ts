// Bench bundle entry for the editor's per-keystroke path: the re-parse and the incremental
// analysis as the extension's worker runs them, with the TypeScript copy they run on.
import * as ts from 'typescript';

export { analyzeIncrementally, analyzeIncrementallyInStages, analyzeText, lastReparseKind, parseSource, updateSourceFile } from '../../src/analysis';
export { generateSource } from '../../test/integration/support/generate-source';
export { ts };
