// The `workload-hints` command: analyze | fix | profile.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ANALYZE_HELP, runAnalyzeCommand } from './analyze-command';
import { UsageError, type CliIo } from './io';

const HELP = `Usage: workload-hints <command> [options]

Tells whether each TypeScript/JavaScript function is CPU-bound or I/O-bound, shows why, and
rewrites it into the concurrency form that fits.

Commands:
  analyze [paths…] [--format text|json|sarif]
      label functions and report findings
  fix <file> (--rule ID --line N | --all) [--write | --stdout]
      apply the safe rewrites for findings
  profile <file> --function NAME [--args JSON] [--runs N] [--timeout-ms N] [--format text|json]
      run a function and measure whether it is really CPU- or I/O-bound

Options:
  -h, --help       show help (also: workload-hints <command> --help)
  -v, --version    print the version

Exit codes: 0 success, 1 findings at error severity (analyze) or a failed fix/profile, 2 usage error.`;

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'workload-hints' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0';
}

type Command = (argv: string[], io: CliIo) => Promise<number>;

async function loadCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'analyze':
      return runAnalyzeCommand;
    case 'fix':
      return (await import('./fix-command')).runFixCommand;
    case 'profile':
      return (await import('./profile-command')).runProfileCommand;
    default:
      return undefined;
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(`${HELP}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${io.version}\n`);
    return 0;
  }
  try {
    const run = await loadCommand(command);
    if (!run) throw new UsageError(`unknown command '${command}'`);
    return await run(rest, io);
  } catch (error) {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      io.stderr(`workload-hints: ${(error as Error).message}\nRun 'workload-hints ${command === 'analyze' || command === 'fix' || command === 'profile' ? `${command} ` : ''}--help' for usage.\n`);
    } else {
      io.stderr(`workload-hints: internal error: ${(error as Error).stack ?? error}\n`);
    }
    return 2;
  }
}

export { ANALYZE_HELP };

if (require.main === module) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    version: readVersion(),
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
    stderrStream: process.stderr,
  };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error) => { process.stderr.write(`workload-hints: ${error}\n`); process.exitCode = 2; },
  );
}
