// Placeholder until the `fix` command lands; its owner replaces this file.
import type { CliIo } from './io';

export async function runFixCommand(_argv: string[], io: Pick<CliIo, 'stderr'>): Promise<number> {
  io.stderr('workload-hints: `fix` is not available in this build yet\n');
  return 2;
}
