// Decides which files are not worth analysing: too large, binary, or minified.
import { DEFAULT_MAX_FILE_SIZE } from './types';

const MINIFIED_LINE_LENGTH = 1000;
const MINIFIED_AVERAGE_LINE = 300;

/**
 * Why a file should be skipped, or undefined to analyse it. `size` is in bytes; `text` may be
 * only the start of the file (the checks look at the first 64 KiB).
 */
export function skipReason(path: string, text: string, size: number, maxFileSize = DEFAULT_MAX_FILE_SIZE): string | undefined {
  if (size > maxFileSize) {
    return `larger than ${(maxFileSize / 1024 / 1024).toFixed(1)} MB (${(size / 1024 / 1024).toFixed(1)} MB)`;
  }
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (head.includes('\u0000')) return 'binary content (NUL bytes)';
  if (/\.min\.[cm]?js$/.test(path)) return 'minified (.min.js)';
  if (head.length > 2 * MINIFIED_LINE_LENGTH) {
    let lines = 1;
    let longest = 0;
    let lineStart = 0;
    for (let i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) {
      longest = Math.max(longest, i - lineStart);
      lineStart = i + 1;
      lines++;
    }
    longest = Math.max(longest, head.length - lineStart);
    if (longest > MINIFIED_LINE_LENGTH && head.length / lines > MINIFIED_AVERAGE_LINE) {
      return `minified (average line ${Math.round(head.length / lines)} characters)`;
    }
  }
  return undefined;
}
