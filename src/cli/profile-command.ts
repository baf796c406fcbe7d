// Placeholder until the `profile` command lands; its owner replaces this file.
import type { CliIo } from './io';

export async function runProfileCommand(_argv: string[], io: Pick<CliIo, 'stderr'>): Promise<number> {
  io.stderr('workload-hints: `profile` is not available in this build yet\n');
  return 2;
}
