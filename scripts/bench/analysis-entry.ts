// Bench bundle entry: the analyzer and the very TypeScript copy it runs on, bundled the way the
// CLI bundles them, so the parse floor and the analyzer are timed on the same compiler code.
import * as ts from 'typescript';

export { analyzeText, scriptKindFor, skipReason } from '../../src/analysis';
export { ts };
