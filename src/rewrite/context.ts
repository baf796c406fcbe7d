// Everything a rewrite reads about one file, computed once per (path, text, options): the
// syntax tree and facts from the analyzer, the file's style, and the project around it.
import * as ts from 'typescript';
import { analyzeText, type FileFacts, type FileReport } from '../analysis';
import { usesImportSyntax } from './imports';
import { projectInfo, type ProjectInfo } from './project';
import { identifierTexts } from './syntax';
import { detectStyle, type SourceStyle } from './style';
import type { FixOptions } from './types';

export interface RewriteContext {
  path: string;
  text: string;
  sourceFile: ts.SourceFile;
  facts: FileFacts;
  report: FileReport;
  style: SourceStyle;
  project: ProjectInfo;
  options: FixOptions;
  /** `await` is allowed at the top level (an ES module). */
  topLevelAwait: boolean;
  /** New imports are written as `import` (else `require`). */
  importSyntax: boolean;
  /** Every identifier text in the file: names new bindings must avoid. */
  taken: Set<string>;
}

const CACHE_SIZE = 8;

/**
 * Sets every parent pointer. The analyzer sets them as its walk goes and skips subtrees it
 * does not read; rewrites climb from any node, so they need the complete tree.
 */
function setParents(root: ts.Node): void {
  const visit = (node: ts.Node): void => {
    ts.forEachChild(node, (child) => {
      (child as { parent: ts.Node }).parent = node;
      visit(child);
    });
  };
  visit(root);
}
const cache: Array<{ path: string; text: string; options: FixOptions; context: RewriteContext | undefined }> = [];

/** The context of a file, or undefined when the analyzer skips it (too large, minified). */
export function contextFor(path: string, text: string, options: FixOptions = {}): RewriteContext | undefined {
  const hit = cache.find((c) => c.path === path && c.text === text && c.options === options);
  if (hit) return hit.context;
  const result = analyzeText(path, text, options.analyzeOptions ?? {});
  let context: RewriteContext | undefined;
  if (result.kind === 'analyzed') {
    setParents(result.sourceFile);
    const project = projectInfo(result.sourceFile, path, options);
    context = {
      path, text, sourceFile: result.sourceFile, facts: result.facts, report: result.report,
      style: detectStyle(result.sourceFile), project, options,
      topLevelAwait: project.format === 'esm',
      importSyntax: usesImportSyntax(result.sourceFile, project.format, project.isTypeScript),
      taken: identifierTexts(result.sourceFile),
    };
  }
  cache.unshift({ path, text, options, context });
  cache.length = Math.min(cache.length, CACHE_SIZE);
  return context;
}
