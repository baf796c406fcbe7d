// Small helpers around the child's output: a bounded capture buffer and the location of the
// first user frame in a (source-mapped) stack.
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from './types';

/** Keeps the first and last `limit / 2` characters of a stream; drops the middle. */
export class OutputBuffer {
  private head = '';
  private tail = '';
  private dropped = 0;

  constructor(private readonly limit = 64 * 1024) {}

  append(chunk: string): void {
    const half = this.limit / 2;
    if (this.head.length < half) {
      const take = chunk.slice(0, half - this.head.length);
      this.head += take;
      chunk = chunk.slice(take.length);
    }
    if (chunk.length === 0) return;
    this.tail += chunk;
    if (this.tail.length > half) {
      this.dropped += this.tail.length - half;
      this.tail = this.tail.slice(this.tail.length - half);
    }
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  toString(): string {
    return this.dropped > 0 ? `${this.head}\n… ${this.dropped} characters dropped …\n${this.tail}` : this.head + this.tail;
  }
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?\s*$/;

/**
 * The first frame of `stack` in a file that `isUserFile` accepts (for instance: under the
 * workspace, not node_modules). File URLs become paths.
 */
export function firstUserFrame(stack: string, isUserFile: (file: string) => boolean): SourceLocation | undefined {
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    let file = match[1];
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (isUserFile(file)) return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
