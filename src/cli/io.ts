// What a CLI command reads and writes, passed in so tests can run commands in-process.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  version: string;
  /** Colour text output (stdout is a terminal and NO_COLOR is unset). */
  color: boolean;
  stderrStream?: NodeJS.WriteStream;
}

/** A mistake in how the command was called: printed with the help hint, exit code 2. */
export class UsageError extends Error {}
