// Hook for the rewrite layer's quick fixes, called in the analysis worker. The code action
// provider already lists `finding.fixes` and resolves each one through this function; when
// src/rewrite exports `fixesFor(finding, sourceText, path)`, call it here and map its edits.
import type { Finding } from '../analysis/types';
import type { FixEdits } from './worker-protocol';

/**
 * The edits of fix `fixId` for `finding` in `text` (the file at `path`), or none when the
 * rewrite layer cannot produce them.
 */
export function computeFixes(_finding: Finding, _text: string, _path: string, _fixId: string): FixEdits[] {
  return [];
}
