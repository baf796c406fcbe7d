// Everything a rewrite reads about one file, computed once per (path, text, options): the
// syntax tree and facts from the analyzer, the file's style, and the project around it.
import * as ts from 'typescript';
import { analyzeText, type FileFacts, type FileReport } from '../analysis';
import { usesImportSyntax } from './imports';
import { projectInfo, type ProjectInfo } from './project';
import { identifierTexts } from './syntax';
import { detectStyle, type SourceStyle } from './style';
import type { FileAnalysis, FixOptions } from './types';

export interface RewriteContext {
  path: string;
  text: string;
  sourceFile: ts.SourceFile;
  facts: FileFacts;
  report: FileReport;
  readonly style: SourceStyle;
  readonly project: ProjectInfo;
  options: FixOptions;
  /** `await` is allowed at the top level (an ES module). */
  readonly topLevelAwait: boolean;
  /** New imports are written as `import` (else `require`). */
  readonly importSyntax: boolean;
  /** Every identifier text in the file: names new bindings must avoid. */
  readonly taken: ReadonlySet<string>;
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

/**
 * The context built from an analysis of `text`. Style, project and names are computed on first
 * use: most findings are refused before a rewrite reads them, and each is a walk or a file read.
 */
function createContext(path: string, text: string, options: FixOptions, analysis: FileAnalysis): RewriteContext {
  const sf = analysis.sourceFile;
  setParents(sf);
  let style: SourceStyle | undefined;
  let project: ProjectInfo | undefined;
  let importSyntax: boolean | undefined;
  let taken: Set<string> | undefined;
  return {
    path, text, sourceFile: sf, facts: analysis.facts, report: analysis.report, options,
    get style() { return (style ??= detectStyle(sf)); },
    get project() { return (project ??= projectInfo(sf, path, options)); },
    get topLevelAwait() { return this.project.format === 'esm'; },
    get importSyntax() { return (importSyntax ??= usesImportSyntax(sf, this.project.format, this.project.isTypeScript)); },
    get taken() { return (taken ??= identifierTexts(sf)); },
  };
}

/** The context of a file, or undefined when the analyzer skips it (too large, minified). */
export function contextFor(path: string, text: string, options: FixOptions = {}): RewriteContext | undefined {
  const hit = cache.find((c) => c.path === path && c.text === text && c.options === options);
  if (hit) return hit.context;
  const result = analyzeText(path, text, options.analyzeOptions ?? {});
  const context = result.kind === 'analyzed' ? createContext(path, text, options, result) : undefined;
  cache.unshift({ path, text, options, context });
  cache.length = Math.min(cache.length, CACHE_SIZE);
  return context;
}

/**
 * The context of `text` from the analysis the caller already made of it (`analyzeText`), so the
 * file is not parsed and walked a second time; falls back to contextFor when the analysis is of
 * another text. Not cached: the analysis was made with the caller's options, not `options.analyzeOptions`.
 */
export function contextFromAnalysis(path: string, text: string, options: FixOptions, analysis: FileAnalysis): RewriteContext | undefined {
  if (analysis.sourceFile.text !== text) return contextFor(path, text, options);
  return createContext(path, text, options, analysis);
}
