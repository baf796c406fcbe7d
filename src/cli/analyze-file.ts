// Analyses one file from disk into a plain, transferable outcome (no syntax trees), so the
// same code runs on the main thread and in pool workers.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { analyzeText, DEFAULT_MAX_FILE_SIZE, type AnalyzeOptions, type FileReport } from '../analysis';
import { attachFixes } from './fix-refs';

export type FileOutcome =
  | { kind: 'analyzed'; report: FileReport }
  | { kind: 'skipped'; path: string; reason: string };

/** A byte count as people read it; exact below 1 KB so that a small `--max-file-size` never shows as "0.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Reads and analyses `absPath`, reporting it as `displayPath`. Never throws. */
export function analyzeFile(absPath: string, displayPath: string, options: AnalyzeOptions = {}): FileOutcome {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(absPath, 'r');
    const size = fstatSync(fd).size;
    if (size > maxFileSize) {
      return { kind: 'skipped', path: displayPath, reason: `larger than ${formatBytes(maxFileSize)} (${formatBytes(size)})` };
    }
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    text = buffer.toString('utf8', 0, read);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'skipped', path: displayPath, reason: code === 'EACCES' ? 'permission denied' : `cannot read: ${(error as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  try {
    const result = analyzeText(displayPath, text, options);
    if (result.kind === 'skipped') return { kind: 'skipped', path: displayPath, reason: result.reason };
    return { kind: 'analyzed', report: attachFixes(result, text) };
  } catch (error) {
    // The analyzer is built not to throw; if it does, the rest of the run still goes on.
    return { kind: 'skipped', path: displayPath, reason: `internal error: ${(error as Error).message}` };
  }
}
