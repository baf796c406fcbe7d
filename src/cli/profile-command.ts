// `workload-hints profile <file> --function NAME …`: runs one function in a child node and
// prints the measured label against the static one, as text or as DESIGN.md's JSON.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { profileFunction, type ProfileResult } from '../profile';
import type { CliIo } from './io';

export const PROFILE_HELP = `Usage: workload-hints profile <file> --function NAME [options]

Runs NAME from <file> in a child node process (after one warm-up call), measures CPU time
against wall time and event-loop utilization, maps a CPU profile to your lines, and compares
K concurrent calls run one after another, with Promise.all and on a worker pool.

Options:
  -f, --function NAME    the function: name, Class.method, object-literal key, or default
      --args JSON|EXPR   a JSON array, or a JavaScript expression giving the argument array
                         (default: the function's @workloadArgs tag, else [])
      --runs N           measured runs (default 5)
      --timeout-ms N     longest one call may take before the process tree is killed
                         (default 10000)
      --concurrency K    calls in the what-if comparison; 0 skips it (default 4)
      --line N           pick the function of that name spanning line N
      --node PATH        Node binary for the child (default: this node)
      --format text|json (default text)
  -h, --help             show this help

Exit codes: 0 measured, 1 the function threw, timed out, never settled or exited,
2 usage error (bad option, unreadable file, no such function, bad --args).`;

type ProfileIo = Pick<CliIo, 'stdout' | 'stderr'> & Partial<Pick<CliIo, 'cwd' | 'color'>>;

class Usage extends Error {}

function positiveInt(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Usage(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

/** Runs the command; returns the exit code. `argv` excludes the word `profile`. */
export async function runProfileCommand(argv: string[], io: ProfileIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        function: { type: 'string', short: 'f' },
        args: { type: 'string' },
        runs: { type: 'string' },
        'timeout-ms': { type: 'string' },
        concurrency: { type: 'string' },
        line: { type: 'string' },
        node: { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${PROFILE_HELP}\n`);
    return 0;
  }
  let request;
  try {
    if (positionals.length !== 1) throw new Usage(positionals.length === 0 ? 'missing <file>' : `expected one file, got ${positionals.length}`);
    if (!values.function) throw new Usage('missing --function NAME');
    if (values.format !== 'text' && values.format !== 'json') throw new Usage(`--format must be text or json, got '${values.format}'`);
    const cwd = io.cwd ?? process.cwd();
    request = {
      file: path.resolve(cwd, positionals[0]),
      functionName: values.function,
      args: values.args,
      runs: positiveInt(values.runs, 'runs'),
      timeoutMs: positiveInt(values['timeout-ms'], 'timeout-ms'),
      concurrency: positiveInt(values.concurrency, 'concurrency', 0),
      line: positiveInt(values.line, 'line'),
      nodePath: values.node,
      cwd,
    };
  } catch (err) {
    if (err instanceof Usage) return usage(io, err.message);
    throw err;
  }
  const result = await profileFunction(request);
  if (result.outcome === 'not-found' || result.outcome === 'args-error') {
    return usage(io, result.message ?? result.outcome);
  }
  if (values.format === 'json') {
    io.stdout(`${JSON.stringify(toProfileJson(result), null, 2)}\n`);
  } else {
    io.stdout(formatProfileText(result, request.cwd, io.color ?? false));
  }
  return result.outcome === 'ok' ? 0 : 1;
}

function usage(io: ProfileIo, message: string): number {
  io.stderr(`workload-hints profile: ${message}\nRun 'workload-hints profile --help' for usage.\n`);
  return 2;
}

/**
 * DESIGN.md's JSON: `function`, `label`, `staticLabel`, `agrees`, `wallMs`, `cpuMs`,
 * `cpuRatio`, `eventLoopUtilization`, `maxBlockMs`, `whatIf[{strategy, wallMs, speedup}]`
 * first and never renamed; more fields after them. Measurements are null when the function
 * did not complete (`outcome` says why).
 */
export function toProfileJson(result: ProfileResult): Record<string, unknown> {
  const v = result.verdict;
  return {
    function: result.function,
    label: v?.label ?? null,
    staticLabel: result.comparison?.staticLabel ?? null,
    agrees: result.comparison && result.comparison.agreement !== 'unknown' ? result.comparison.agreement === 'confirmed' : null,
    wallMs: result.wallMs ?? null,
    cpuMs: result.cpuMs ?? null,
    cpuRatio: v?.cpuRatio ?? null,
    eventLoopUtilization: v?.eventLoopUtilization ?? null,
    maxBlockMs: result.maxBlockMs ?? null,
    whatIf: result.whatIf.map((w) => ({ strategy: w.strategy, wallMs: w.wallMs, speedup: w.speedup, peakRssMb: w.peakRssMb, invocations: w.invocations, ...(w.workers ? { workers: w.workers, setupMs: w.setupMs } : {}) })),
    outcome: result.outcome,
    message: result.message ?? null,
    decidedBy: v?.decidedBy ?? null,
    explanation: v?.explanation ?? null,
    agreement: result.comparison?.agreement ?? null,
    reason: result.comparison?.reason ?? null,
    file: result.file,
    line: result.line ?? null,
    args: result.args,
    runs: result.runs,
    peakRssMb: result.peakRssMb ?? null,
    peakHeapMb: result.peakHeapMb ?? null,
    gcShare: result.gcShare ?? null,
    hotLines: result.hotLines,
    whatIfSkipped: result.whatIfSkipped,
    returnValue: result.returnValue ?? null,
    error: result.error ?? null,
    openHandles: result.openHandles,
    stdout: result.output.stdout,
    stderr: result.output.stderr,
    timing: result.timing,
  };
}

const STRATEGY_NAMES = { sequential: 'sequential', 'promise-all': 'Promise.all', 'worker-pool': 'worker pool' } as const;
const LABEL_NAMES = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'mixed' } as const;

function ms(n: number): string {
  if (n >= 1000) return `${(n / 1000).toFixed(2)} s`;
  if (n >= 10) return `${n.toFixed(0)} ms`;
  if (n >= 0.1) return `${n.toFixed(2)} ms`;
  return `${(n * 1000).toFixed(1)} µs`;
}

/** The text report: a heading, then one labelled line per figure, readable at a glance. */
export function formatProfileText(result: ProfileResult, cwd: string, color: boolean): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const rel = (f: string) => path.relative(cwd, f) || f;
  const out: string[] = [];
  const row = (label: string, text: string) => out.push(`  ${label.padEnd(11)}${text}`);
  const more = (text: string) => out.push(`  ${' '.repeat(11)}${text}`);
  out.push(`${bold(result.function)}  ${dim(`${rel(result.file)}${result.line ? `:${result.line}` : ''}`)}`);

  const v = result.verdict;
  if (result.outcome !== 'ok' || !v) {
    row('outcome', result.message ?? result.outcome);
    if (result.error?.stack) result.error.stack.split('\n').slice(1, 8).forEach((l) => more(dim(l.trim())));
  } else {
    const decided = v.decidedBy === 'cpuRatio' ? 'CPU/wall decided' : 'event-loop utilization decided';
    row('verdict', `${bold(LABEL_NAMES[v.label])} — CPU/wall ${v.cpuRatio.toFixed(2)}, event-loop utilization ${v.eventLoopUtilization.toFixed(2)} (${decided})`);
    if (result.comparison) row('static', `${result.comparison.staticLabel ?? '—'}: ${result.comparison.agreement} — ${result.comparison.reason}`);
    const calls = result.runs.reduce((sum, r) => sum + r.calls, 0);
    row('per call', `wall ${ms(result.wallMs ?? 0)} · CPU ${ms(result.cpuMs ?? 0)} · longest block ${ms(result.maxBlockMs ?? 0)} · ${result.runs.length} runs, ${calls} calls`);
    row('memory', `peak RSS ${(result.peakRssMb ?? 0).toFixed(0)} MB · peak heap ${(result.peakHeapMb ?? 0).toFixed(1)} MB`);
    result.hotLines.slice(0, 5).forEach((h, i) => {
      const where = h.file === result.file ? `L${h.line}` : `${rel(h.file)}:${h.line}`;
      const line = `${where.padEnd(6)} ${`${Math.round(h.share * 100)}%`.padStart(4)}  ${h.via ? dim(`in ${h.via}, called from: `) : ''}${h.text ?? ''}`;
      if (i === 0) row('hot lines', line);
      else more(line);
    });
    result.whatIf.forEach((w, i) => {
      const extra = w.workers ? dim(`  (${w.workers} workers; start-up ${ms(w.setupMs ?? 0)} not counted)`) : '';
      const line = `${STRATEGY_NAMES[w.strategy].padEnd(12)}${ms(w.wallMs).padStart(9)}  ${`${w.speedup.toFixed(2)}×`.padStart(6)}  peak ${w.peakRssMb.toFixed(0)} MB${extra}`;
      if (i === 0) row(`what-if ×${result.concurrency}`, line);
      else more(line);
    });
    for (const s of result.whatIfSkipped) more(dim(`${STRATEGY_NAMES[s.strategy]} skipped: ${s.reason}`));
    if (result.returnValue !== undefined) row('returned', result.returnValue.split('\n')[0]);
    if (result.openHandles.length > 0) row('left open', `${result.openHandles.join(', ')} (handles the function did not close)`);
  }
  for (const [name, text] of [['stdout', result.output.stdout], ['stderr', result.output.stderr]] as const) {
    const lines = text.trimEnd().split('\n').filter((l) => l.length > 0);
    if (lines.length === 0) continue;
    lines.slice(0, 8).forEach((l, i) => (i === 0 ? row(name, l) : more(l)));
    if (lines.length > 8) more(dim(`… ${lines.length - 8} more lines`));
  }
  const t = result.timing;
  row('took', dim(`${ms(t.totalMs)} (the function ${ms(t.functionMs)}, profiling ${ms(t.overheadMs)})`));
  return `${out.join('\n')}\n`;
}
