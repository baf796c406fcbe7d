// Drops paths that .gitignore files (at the root and in nested folders) ignore. Runs in the
// analysis worker during a workspace scan; no `vscode` import.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * Returns the paths under `root` that no .gitignore between `root` and the file ignores,
 * in their original order.
 * Edge cases: as in git, a deeper .gitignore can re-include (`!pattern`) a file a shallower
 * one ignored, but nothing inside an ignored folder; paths outside `root` are kept.
 * .git/info/exclude and the global excludes file are not read.
 */
export async function filterIgnored(root: string, paths: readonly string[]): Promise<string[]> {
  const rules = new Map<string, Promise<Ignore | undefined>>();
  const rulesFor = (dir: string): Promise<Ignore | undefined> => {
    let found = rules.get(dir);
    if (!found) {
      found = readFile(path.join(dir, '.gitignore'), 'utf8').then(
        (text) => ignore().add(text),
        () => undefined,
      );
      rules.set(dir, found);
    }
    return found;
  };
  const kept: string[] = [];
  for (const file of paths) {
    const relative = path.relative(root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      kept.push(file);
      continue;
    }
    if (!(await isGitIgnored(root, relative, rulesFor))) kept.push(file);
  }
  return kept;
}

/** Walks down from `root` like git: an entry inside an ignored folder stays ignored. */
async function isGitIgnored(
  root: string,
  relative: string,
  rulesFor: (dir: string) => Promise<Ignore | undefined>,
): Promise<boolean> {
  const segments = relative.split(path.sep);
  const dirs = [root];
  for (let depth = 0; depth < segments.length; depth++) {
    const isFile = depth === segments.length - 1;
    let ignored = false;
    for (let level = 0; level <= depth; level++) {
      const rules = await rulesFor(dirs[level]);
      if (!rules) continue;
      const entry = segments.slice(level, depth + 1).join('/') + (isFile ? '' : '/');
      const result = rules.test(entry);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    if (ignored) return true;
    dirs.push(path.join(dirs[depth], segments[depth]));
  }
  return false;
}
