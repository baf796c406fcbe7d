// Bench bundle entry: the analyzer (and the rewrites the CLI attaches to findings) with the very
// TypeScript copy it runs on, bundled the way the CLI bundles them, so that the parse floor and
// the analyzer are timed on the same compiler code.
import * as ts from 'typescript';

export { analyzeText, scriptKindFor, skipReason } from '../../src/analysis';
/** What the CLI adds per file with findings: the rewrites each finding offers. */
export { attachFixes } from '../../src/rewrite';
export { ts };
