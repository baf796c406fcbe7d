// `workload-hints analyze [paths…] [--format text|json|sarif]`.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RULE_IDS, type AnalyzeOptions, type RuleId, type SeveritySetting } from '../analysis';
import type { AnalysisRun } from './analysis-run';
import { collectFiles } from './files';
import { formatText } from './format-text';
import { toJson } from './format-json';
import { toSarif } from './format-sarif';
import { createProgress } from './progress';
import { analyzeFiles } from './run-analysis';
import { UsageError, type CliIo } from './io';

export const ANALYZE_HELP = `Usage: workload-hints analyze [paths…] [options]

Labels every function of the TypeScript/JavaScript files under the paths (default: .) as
cpu, io, mixed or neutral and reports findings. Directories are walked with .gitignore
respected; node_modules, build output and .d.ts files are skipped.

Options:
  --format text|json|sarif   output format (default: text)
  --rule ID=SEVERITY         set a rule's severity: error, warning, info, hint or off (repeatable)
  --ignore GLOB              skip files matching GLOB, relative to the cwd (repeatable)
  --max-file-size BYTES      skip larger files (default: 5242880)
  --jobs N                   threads to analyse on, the main one included (default: one per idle core)
  --no-color                 plain text output
  -h, --help                 show this help

Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 usage error or a path
that could not be read (the other paths are still analysed).`;

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

function parseRuleOption(values: readonly string[]): AnalyzeOptions['severity'] {
  const severity: Partial<Record<RuleId, SeveritySetting>> = {};
  for (const value of values) {
    const [id, level] = value.split('=');
    if (level === undefined) throw new UsageError(`--rule takes ID=SEVERITY (e.g. hot-loop=off), not '${value}'`);
    if (!RULE_IDS.includes(id as RuleId)) throw new UsageError(`unknown rule '${id}' (rules: ${RULE_IDS.join(', ')})`);
    if (!SEVERITIES.has(level)) throw new UsageError(`unknown severity '${level}' for ${id} (use error, warning, info, hint or off)`);
    severity[id as RuleId] = level as SeveritySetting;
  }
  return severity;
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a positive whole number, not '${value}'`);
  return n;
}

export async function runAnalyzeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true, default: [] },
      ignore: { type: 'string', multiple: true, default: [] },
      'max-file-size': { type: 'string' },
      jobs: { type: 'string' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${ANALYZE_HELP}\n`);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format '${format}' (use text, json or sarif)`);
  const options: AnalyzeOptions = {
    severity: parseRuleOption(values.rule),
    maxFileSize: positiveInt(values['max-file-size'], '--max-file-size'),
  };
  const jobs = positiveInt(values.jobs, '--jobs');

  const inputs = positionals.length > 0 ? positionals : ['.'];
  const { files, errors } = await collectFiles(inputs, io.cwd, values.ignore);
  for (const e of errors) io.stderr(`workload-hints: cannot analyse ${e.path}: ${e.reason}\n`);

  const progress = createProgress(io.stderrStream ?? process.stderr, 'Analysing');
  const display = (abs: string) => {
    const rel = path.relative(io.cwd, abs);
    return (rel.startsWith('..') ? abs : rel).split(path.sep).join('/');
  };
  const outcomes = await analyzeFiles(files.map((abs) => ({ abs, display: display(abs) })), options, {
    jobs, onProgress: (done, total) => progress.update(done, total),
  });
  progress.done();

  const run: AnalysisRun = { reports: [], skipped: [], errors };
  for (const outcome of outcomes) {
    if (outcome.kind === 'analyzed') run.reports.push(outcome.report);
    else run.skipped.push({ path: outcome.path, reason: outcome.reason });
  }

  if (format === 'json') io.stdout(`${JSON.stringify(toJson(run), null, 2)}\n`);
  else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(run, io.version, io.cwd), null, 2)}\n`);
  else io.stdout(formatText(run, { color: io.color && !values['no-color'] }));

  if (errors.length > 0) return 2;
  return run.reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
