// `workload-hints fix <file> (--rule ID --line N | --all) [--write | --stdout]`: applies the
// rewrite layer's fixes to one file. Without --write or --stdout it prints a diff (dry run).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeText, RULE_IDS, type Finding, type RuleId } from '../analysis';
import { applyEdits, explainFixes, type Fix, type FixOptions, type Refusal } from '../rewrite';
import { withDependency } from '../rewrite/package-json';
import { UsageError, type CliIo } from './io';

export const FIX_HELP = `Usage: workload-hints fix <file> (--rule ID --line N | --all) [--write | --stdout]

Applies the quick fix of one finding (--rule and --line) or of every finding (--all) in <file>.
Prints a diff unless --write (change the file, create new files) or --stdout (print the
fixed file) is given.

Options:
  --rule ID            blocking-sync-call | await-in-loop | sequential-awaits | hot-loop
                       (with --all: only findings of this rule)
  --line N             the line of the finding (any line it spans)
  --all                every finding with a fix; "Move to a worker pool" only with --rule hot-loop
  --fix ID             pick a fix other than the first choice (promise-all, promise-all-settled,
                       p-map, async-api, make-async, worker-pool)
  --write              write the result (and any new worker file)
  --stdout             print the fixed file
  --add-dependency     also add a needed package (p-map, piscina) to package.json (with --write)
  --concurrency N      bounded concurrency for p-map (default 8)

Exit codes: 0 fixed (or nothing to fix with --all), 1 no such finding or no fix offered, 2 usage error.`;

/** FixOptions that read the project through the file system (tsconfig.json, package.json). */
export function nodeFixOptions(extra: Partial<FixOptions> = {}): FixOptions {
  return {
    readFile: (p) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    fileExists: (p) => fs.existsSync(p),
    ...extra,
  };
}

interface Applied {
  finding: Finding;
  fix: Fix;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rule: { type: 'string' },
      line: { type: 'string' },
      all: { type: 'boolean', default: false },
      fix: { type: 'string' },
      write: { type: 'boolean', default: false },
      stdout: { type: 'boolean', default: false },
      'add-dependency': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return { values, positionals };
}

function findingsOf(file: string, text: string, options: FixOptions): Finding[] {
  const result = analyzeText(file, text, options.analyzeOptions ?? {});
  if (result.kind === 'skipped') throw new Error(`${file} is skipped: ${result.reason}`);
  return result.report.findings;
}

/** The fix to apply for `finding`: the one asked for, else the first choice. */
function choose(finding: Finding, text: string, file: string, options: FixOptions, wanted: string | undefined, allowRefactor: boolean): { fix?: Fix; refusals: Refusal[] } {
  const plan = explainFixes(finding, text, file, options);
  const fixes = plan.fixes.filter((f) => (wanted ? f.id === wanted : allowRefactor || f.kind === 'quickfix'));
  const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
  const refusals = [...plan.refusals];
  if (!fix && wanted && plan.fixes.length > 0) refusals.push({ id: wanted as Refusal['id'], reason: `not among the fixes offered (${plan.fixes.map((f) => f.id).join(', ')})` });
  return { fix, refusals };
}

/** A unified diff of two texts (line based), for the dry run. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
  const a = lines(oldText);
  const b = lines(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  // Longest common subsequence of the changed middle (small: fixes are local).
  const ops: Array<[' ' | '-' | '+', string]> = [];
  if (midA.length * midB.length <= 4_000_000) {
    const lcs: Uint32Array[] = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) { ops.push([' ', midA[i]]); i++; j++; }
      else if (i < midA.length && (j === midB.length || lcs[i + 1][j] >= lcs[i][j + 1])) { ops.push(['-', midA[i]]); i++; }
      else { ops.push(['+', midB[j]]); j++; }
    }
  } else {
    for (const l of midA) ops.push(['-', l]);
    for (const l of midB) ops.push(['+', l]);
  }
  const all: Array<[' ' | '-' | '+', string]> = [
    ...a.slice(0, prefix).map((l) => [' ', l] as [' ', string]), ...ops, ...a.slice(a.length - suffix).map((l) => [' ', l] as [' ', string]),
  ];
  const CONTEXT = 3;
  const out: string[] = [`--- ${oldName}`, `+++ ${newName}`];
  let k = 0;
  let oldLine = 1;
  let newLine = 1;
  while (k < all.length) {
    if (all[k][0] === ' ') { oldLine++; newLine++; k++; continue; }
    let start = k;
    let back = 0;
    while (start > 0 && back < CONTEXT && all[start - 1][0] === ' ') { start--; back++; }
    let end = k;
    let quiet = 0;
    while (end < all.length && quiet <= CONTEXT * 2) {
      quiet = all[end][0] === ' ' ? quiet + 1 : 0;
      end++;
    }
    end -= Math.max(0, quiet - CONTEXT);
    const hunk = all.slice(start, end);
    const oldCount = hunk.filter((h) => h[0] !== '+').length;
    const newCount = hunk.filter((h) => h[0] !== '-').length;
    out.push(`@@ -${oldLine - back},${oldCount} +${newLine - back},${newCount} @@`);
    for (const [op, line] of hunk) out.push(`${op}${line}`);
    for (let x = k; x < end; x++) {
      if (all[x][0] !== '+') oldLine++;
      if (all[x][0] !== '-') newLine++;
    }
    k = end;
  }
  return out.length > 2 ? `${out.join('\n')}\n` : '';
}

function findPackageJson(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 12; i++) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

export async function runFixCommand(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'> & Partial<CliIo>): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout(`${FIX_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'fix needs a file' : 'fix takes one file');
  if (values.write && values.stdout) throw new UsageError('--write and --stdout exclude each other');
  if (!values.all && (values.rule === undefined || values.line === undefined)) throw new UsageError('give --rule ID and --line N, or --all');
  if (values.all && values.line !== undefined) throw new UsageError('--line goes with --rule, not --all');
  const rule = values.rule as RuleId | undefined;
  if (rule !== undefined && !RULE_IDS.includes(rule)) throw new UsageError(`unknown rule '${rule}' (${RULE_IDS.join(', ')})`);
  const line = values.line === undefined ? undefined : Number(values.line);
  if (line !== undefined && (!Number.isInteger(line) || line < 1)) throw new UsageError(`--line must be a positive whole number, not '${values.line}'`);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw new UsageError('--concurrency must be a positive whole number');

  const cwd = io.cwd ?? process.cwd();
  const file = path.resolve(cwd, positionals[0]);
  const shown = path.relative(cwd, file) || file;
  let original: string;
  try {
    original = fs.readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`workload-hints: cannot read ${shown}: ${(error as Error).message}\n`);
    return 2;
  }
  const options = nodeFixOptions(concurrency === undefined ? {} : { concurrency });
  const lineOf = (f: Finding) => `${shown}:${f.span.line}`;

  let text = original;
  const applied: Applied[] = [];
  const newFiles = new Map<string, string>();
  const unfixed: Array<{ finding: Finding; refusals: Refusal[] }> = [];
  try {
    if (!values.all) {
      const finding = findingsOf(file, text, options).find((f) => f.rule === rule && f.span.line <= line! && line! <= f.span.endLine);
      if (!finding) {
        io.stderr(`workload-hints: no ${rule} finding at ${shown}:${line}\n`);
        return 1;
      }
      const { fix, refusals } = choose(finding, text, file, options, values.fix, true);
      if (!fix) {
        io.stderr(`workload-hints: ${lineOf(finding)} ${rule}: no fix offered\n${refusals.map((r) => `  ${r.id}: ${r.reason}\n`).join('')}`);
        return 1;
      }
      text = applyEdits(text, fix.edits);
      applied.push({ finding, fix });
      for (const f of fix.newFiles ?? []) newFiles.set(f.path, f.text);
    } else {
      // One fix at a time, re-analysing in between, so every fix is computed on the text it edits.
      const allowRefactor = rule === 'hot-loop';
      for (let pass = 0; pass < 200; pass++) {
        const findings = findingsOf(file, text, options).filter((f) => rule === undefined || f.rule === rule);
        const next = findings.map((finding) => ({ finding, fix: choose(finding, text, file, options, values.fix, allowRefactor).fix })).find((x) => x.fix);
        if (!next) break;
        text = applyEdits(text, next.fix!.edits);
        applied.push({ finding: next.finding, fix: next.fix! });
        for (const f of next.fix!.newFiles ?? []) newFiles.set(f.path, f.text);
      }
      for (const finding of findingsOf(file, text, options).filter((f) => rule === undefined || f.rule === rule)) {
        const plan = explainFixes(finding, text, file, options);
        const refusals = [...plan.refusals];
        if (plan.fixes.some((f) => f.kind === 'refactor') && !allowRefactor) {
          refusals.push({ id: 'worker-pool', reason: 'moving code to a worker file is a refactoring: run with --all --rule hot-loop, or --rule hot-loop --line N' });
        }
        unfixed.push({ finding, refusals });
      }
    }
  } catch (error) {
    io.stderr(`workload-hints: ${(error as Error).message}\n`);
    return 2;
  }

  const dependencies = new Map<string, string>();
  for (const { fix } of applied) if (fix.packageJsonDependency) dependencies.set(fix.packageJsonDependency.name, fix.packageJsonDependency.version);
  const summary = applied.map(({ finding, fix }) => `${lineOf(finding)}  ${finding.rule}  ${fix.title}\n`).join('');
  const notes = unfixed.map(({ finding, refusals }) => `${lineOf(finding)}  ${finding.rule}  not fixed: ${refusals.map((r) => r.reason).join('; ') || 'no fix for this finding'}\n`).join('');

  if (values.stdout) {
    io.stdout(text);
    io.stderr(summary + notes);
    if (newFiles.size > 0) io.stderr(`note: not written without --write: ${[...newFiles.keys()].map((p) => path.relative(cwd, p)).join(', ')}\n`);
    if (dependencies.size > 0) io.stderr(`note: the fixed code needs ${[...dependencies.keys()].join(', ')} (npm install ${[...dependencies.keys()].join(' ')})\n`);
    return 0;
  }
  if (values.write) {
    for (const p of newFiles.keys()) {
      if (fs.existsSync(p)) {
        io.stderr(`workload-hints: ${path.relative(cwd, p)} already exists; nothing written\n`);
        return 1;
      }
    }
    if (text !== original) fs.writeFileSync(file, text);
    for (const [p, t] of newFiles) fs.writeFileSync(p, t, { flag: 'wx' });
    io.stdout(summary);
    if (newFiles.size > 0) io.stdout(`created ${[...newFiles.keys()].map((p) => path.relative(cwd, p)).join(', ')}\n`);
    if (dependencies.size > 0) {
      const pkg = findPackageJson(path.dirname(file));
      if (values['add-dependency'] && pkg) {
        let pkgText = fs.readFileSync(pkg, 'utf8');
        for (const [name, version] of dependencies) pkgText = withDependency(pkgText, name, version);
        fs.writeFileSync(pkg, pkgText);
        io.stdout(`added ${[...dependencies].map(([n, v]) => `${n}@${v}`).join(', ')} to ${path.relative(cwd, pkg)}; run npm install\n`);
      } else {
        io.stdout(`note: the fixed code needs ${[...dependencies.keys()].join(', ')}: npm install ${[...dependencies.keys()].join(' ')} (or rerun with --add-dependency)\n`);
      }
    }
    io.stderr(notes);
    if (applied.length === 0 && values.all) io.stdout(`nothing to fix in ${shown}\n`);
    return 0;
  }
  // Dry run: the diff of the file and of every new file.
  let diff = unifiedDiff(original, text, `a/${shown}`, `b/${shown}`);
  for (const [p, t] of newFiles) diff += unifiedDiff('', t, '/dev/null', `b/${path.relative(cwd, p)}`);
  io.stdout(diff);
  io.stderr(summary + notes);
  if (dependencies.size > 0) io.stderr(`note: the fixed code needs ${[...dependencies.keys()].join(', ')}\n`);
  if (applied.length === 0 && values.all) io.stderr(`nothing to fix in ${shown}\n`);
  return 0;
}
