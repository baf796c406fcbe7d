// Turns the paths given on the command line into the list of files to analyse: directories
// are walked with .gitignore respected (tinyglobby + ignore); node_modules, build output and
// declaration files are left out. Files named explicitly are always taken.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { glob } from 'tinyglobby';
import { isAnalyzablePath } from '../analysis';

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** Folders never worth analysing: dependencies, build output, caches. */
export const ALWAYS_IGNORED = [
  '**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/coverage/**',
  '**/.next/**', '**/.nuxt/**', '**/.svelte-kit/**', '**/.turbo/**', '**/.cache/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts',
];

export interface FileList {
  /** Absolute paths, sorted. */
  files: string[];
  /** Paths that could not be read, with why. */
  errors: Array<{ path: string; reason: string }>;
}

interface GitignoreLayer {
  dir: string;
  rules: Ignore;
}

function readGitignore(dir: string): GitignoreLayer | undefined {
  const file = path.join(dir, '.gitignore');
  if (!existsSync(file)) return undefined;
  try {
    return { dir, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** .gitignore files from the repository root (the nearest folder with .git) down to `dir`. */
function ancestorGitignores(dir: string): GitignoreLayer[] {
  const chain: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    chain.unshift(d);
    if (existsSync(path.join(d, '.git')) || path.dirname(d) === d) break;
  }
  // The walk below reads dir's own .gitignore with the nested ones.
  chain.pop();
  return chain.map(readGitignore).filter((x): x is GitignoreLayer => x !== undefined);
}

function isIgnored(file: string, layers: readonly GitignoreLayer[]): boolean {
  for (const layer of layers) {
    const rel = path.relative(layer.dir, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (layer.rules.ignores(rel.split(path.sep).join('/'))) return true;
  }
  return false;
}

async function walkDirectory(dir: string, extraIgnores: readonly string[]): Promise<string[]> {
  const ignoreGlobs = [...ALWAYS_IGNORED, ...extraIgnores];
  const [sources, gitignores] = await Promise.all([
    glob(SOURCE_GLOB, { cwd: dir, absolute: true, ignore: ignoreGlobs, dot: false, followSymbolicLinks: false }),
    glob('**/.gitignore', { cwd: dir, absolute: true, ignore: ignoreGlobs, dot: true, followSymbolicLinks: false }),
  ]);
  const layers = [
    ...ancestorGitignores(dir),
    ...gitignores.map((g) => readGitignore(path.dirname(g))).filter((x): x is GitignoreLayer => x !== undefined),
  ];
  return sources.map(path.normalize).filter((f) => isAnalyzablePath(f) && !isIgnored(f, layers));
}

// `--ignore` globs as the user means them: relative to the working directory, so that
// `analyze src --ignore 'src/legacy/**'` works. The walk itself matches them relative to each
// walked folder, which covers `**/x` patterns and folders outside the working directory.
function cwdIgnoreFilter(cwd: string, extraIgnores: readonly string[]): (file: string) => boolean {
  if (extraIgnores.length === 0) return () => false;
  const rules = ignore().add(extraIgnores.map((g) => g.replace(/^\.\//, '')));
  return (file) => {
    const rel = path.relative(cwd, file);
    return !rel.startsWith('..') && !path.isAbsolute(rel) && rules.ignores(rel.split(path.sep).join('/'));
  };
}

/** Expands command-line paths into source files. Missing or unreadable paths are reported, not fatal. */
export async function collectFiles(inputs: readonly string[], cwd: string, extraIgnores: readonly string[] = []): Promise<FileList> {
  const files = new Set<string>();
  const errors: FileList['errors'] = [];
  const isIgnoredByOption = cwdIgnoreFilter(cwd, extraIgnores);
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat;
    try {
      stat = statSync(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push({ path: input, reason: code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String((error as Error).message) });
      continue;
    }
    if (stat.isDirectory()) {
      try {
        for (const f of await walkDirectory(abs, extraIgnores)) if (!isIgnoredByOption(f)) files.add(f);
      } catch (error) {
        errors.push({ path: input, reason: `cannot list directory: ${(error as Error).message}` });
      }
    } else if (isAnalyzablePath(abs)) {
      files.add(abs);
    } else {
      errors.push({ path: input, reason: 'not a TypeScript or JavaScript file' });
    }
  }
  return { files: [...files].sort(), errors };
}
