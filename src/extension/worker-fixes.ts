// The rewrite layer's fixes, computed in the analysis worker (it loads typescript; the
// extension host does not). Every fix returned here was re-parsed and re-analysed by
// src/rewrite before it is offered.
import * as fs from 'node:fs';
import type { Finding } from '../analysis/types';
import { fixesFor, refactorsAt, type Fix, type FixOptions } from '../rewrite';
import type { FixEdits } from './worker-protocol';

/** The rewrite layer reads tsconfig.json and package.json next to the file (module kind, p-map). */
const fileAccess: FixOptions = {
  readFile: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  fileExists: (p) => fs.existsSync(p),
};

function toFixEdits(fix: Fix): FixEdits {
  const needs = fix.packageJsonDependency;
  const dependency = needs?.packageJson ? { name: needs.name, version: needs.version, packageJson: needs.packageJson } : undefined;
  return { id: fix.id, kind: fix.kind, title: fix.title, edits: fix.edits, newFiles: fix.newFiles, ...(dependency ? { dependency } : {}) };
}

/** The fixes `finding` offers in `text` (the file at `path`), or only `fixId`. */
export function computeFixes(finding: Finding, text: string, path: string, fixId?: string): FixEdits[] {
  return fixesFor(finding, text, path, fileAccess).filter((fix) => !fixId || fix.id === fixId).map(toFixEdits);
}

/** Refactorings for the selection `start..end`: "Move to a worker pool" for a CPU-bound function. */
export function computeRefactors(text: string, path: string, start: number, end: number): FixEdits[] {
  return refactorsAt(text, path, start, end, fileAccess).fixes.map(toFixEdits);
}
