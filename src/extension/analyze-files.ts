// Analyses files from disk for the workspace scan (and a closed file's re-analysis), in an
// analysis worker. No `vscode` import.
import { readFileSync, statSync } from 'node:fs';
import { analyzeSourceFile, isAnalyzablePath, parseSource, skipReason } from '../analysis';
import type { AnalyzeOptions } from '../analysis/types';
import type { FileAnalysis } from './worker-protocol';

/**
 * Analyses files read from disk. Reads are synchronous: this thread has nothing else to do
 * meanwhile, and `fs/promises` reading each file in chunks through the thread pool made a
 * workspace scan about 1.3× slower. A file over the size limit is not read at all.
 */
export function analyzeFiles(paths: readonly string[], options: AnalyzeOptions): FileAnalysis[] {
  const results: FileAnalysis[] = [];
  for (const path of paths) {
    if (!isAnalyzablePath(path)) {
      results.push({ path, kind: 'skipped', reason: 'not a TypeScript/JavaScript source file' });
      continue;
    }
    let size: number;
    let text: string;
    try {
      size = statSync(path).size;
      const tooLarge = skipReason(path, '', size, options.maxFileSize);
      if (tooLarge) {
        results.push({ path, kind: 'skipped', reason: tooLarge });
        continue;
      }
      text = readFileSync(path, 'utf8');
    } catch (error) {
      results.push({ path, kind: 'skipped', reason: `unreadable: ${(error as Error).message}` });
      continue;
    }
    const skipped = skipReason(path, text, size, options.maxFileSize);
    if (skipped) {
      results.push({ path, kind: 'skipped', reason: skipped });
      continue;
    }
    try {
      // No parent pointers from the parser: the analysis walk sets them as it goes.
      results.push({ path, kind: 'analyzed', report: analyzeSourceFile(parseSource(path, text, false), options) });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      results.push({ path, kind: 'skipped', reason: 'nested too deeply to analyse (stack overflow)' });
    }
  }
  return results;
}
