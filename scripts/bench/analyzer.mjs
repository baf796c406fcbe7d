// Analyzer benchmark (run by `npm run bench`, after the build). On one corpus of installed
// package sources and in one process it times: the analyzer (`analyzeText`), the parse floor
// (`ts.createSourceFile` + a full `ts.forEachChild` walk), and the ESLint 9 peer
// (`@typescript-eslint/parser`, `no-await-in-loop`, `n/no-sync`); the same on one ~5,000-line
// file; then `workload-hints analyze` on the corpus with `--jobs 1` and with the default pool.
// Each figure is the median of a few repetitions after a warm-up; ratios are against the
// baselines measured here, in this run.
//
// Options: --only=analyzer (just the analyzer, e.g. under `node --cpu-prof`), --quick (fewer
// repetitions). Environment: BENCH_REPS, BENCH_ESLINT_REPS, BENCH_CLI_REPS override the counts.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { loadCorpus, MAX_FILE_BYTES, pickLargeFile } from './corpus.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
const quick = args.has('--quick');
const REPS = Number(process.env.BENCH_REPS ?? (quick ? 3 : 5));
const ESLINT_REPS = Number(process.env.BENCH_ESLINT_REPS ?? (quick ? 1 : 3));
const CLI_REPS = Number(process.env.BENCH_CLI_REPS ?? (quick ? 1 : 3));
const SINGLE_REPS = quick ? 5 : 15;

const TARGET = { floorRatio: 1.3, eslintRatio: 5, poolRatio: 1.0 };

// ---------------------------------------------------------------- setup

/** Bundles the analyzer + its TypeScript like the CLI bundle (esbuild, cjs, not minified). */
async function buildAnalysisBundle() {
  const outfile = path.join(ROOT, 'dist', 'bench', 'analysis.cjs');
  mkdirSync(path.dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'scripts', 'bench', 'analysis-entry.ts')],
    outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  });
  return require(outfile);
}

function createEslintPeer() {
  const { Linter } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const n = require('eslint-plugin-n');
  // eslint-plugin-n 18's no-sync throws under @typescript-eslint/parser without type information
  // (it sees the parser's node maps and then asks for a program), so the peer parses with
  // @typescript-eslint/parser and hands no parser services on: the untyped setup users run.
  const parser = {
    meta: { name: 'typescript-eslint-parser-untyped' },
    parseForESLint: (code, options) => ({ ...tsParser.parseForESLint(code, options), services: {} }),
  };
  const linter = new Linter({ configType: 'flat' });
  const rules = { 'no-await-in-loop': 'error', 'n/no-sync': 'error' };
  const config = (jsx) => [{
    files: ['**/*'],
    languageOptions: { parser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx } } },
    plugins: { n },
    rules,
  }];
  const configs = { jsx: config(true), plain: config(false) };
  let counter = 0;
  return {
    /** Lints one file; a neutral file name keeps the default `node_modules` ignore out of the way. */
    lint(file) {
      const ext = path.extname(file.path);
      const filename = `bench/f${counter++}${ext}`;
      return linter.verify(file.text, /x$/.test(ext) ? configs.jsx : configs.plain, { filename });
    },
  };
}

// ---------------------------------------------------------------- measuring

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function collectGarbage() {
  globalThis.gc?.();
}

// Garbage-collection pauses, to tell the analyzer's own work from the collector's.
const gcPauses = [];
new PerformanceObserver((list) => { gcPauses.push(...list.getEntries()); }).observe({ entryTypes: ['gc'] });

/** Milliseconds of GC pauses that started within [from, to). */
async function gcWithin(from, to) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return gcPauses.filter((e) => e.startTime >= from && e.startTime < to).reduce((n, e) => n + e.duration, 0);
}

/** Runs `fn` over `files` `reps` times; median wall, CPU and GC-pause milliseconds of one pass. */
async function time(files, fn, reps) {
  const walls = [];
  const cpus = [];
  const gcs = [];
  for (let r = 0; r < reps; r++) {
    collectGarbage();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const file of files) fn(file);
    const t1 = performance.now();
    walls.push(t1 - t0);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
    gcs.push(await gcWithin(t0, t1));
  }
  return { wall: median(walls), cpu: median(cpus), gc: median(gcs), walls };
}

/** Runs the built CLI; wall milliseconds from spawn to exit. */
function runCli(cliArgs) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...cliArgs], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`workload-hints exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve(performance.now() - t0);
    });
  });
}

/** Times CLI variants alternately (one warm-up run first fills the file cache); median wall ms each. */
async function timeCliVariants(variants, reps) {
  await runCli(variants[0]);
  const walls = variants.map(() => []);
  for (let r = 0; r < reps; r++) {
    for (const [i, cliArgs] of variants.entries()) walls[i].push(await runCli(cliArgs));
  }
  return walls.map((w) => ({ wall: median(w), walls: w }));
}

// ---------------------------------------------------------------- engines

function floorEngine(ts, scriptKindFor) {
  let nodes = 0;
  const visit = (node) => {
    nodes++;
    ts.forEachChild(node, visit);
  };
  return {
    run(file) {
      const sourceFile = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, scriptKindFor(file.path));
      visit(sourceFile);
    },
    get nodes() { return nodes; },
  };
}

/** What `workload-hints analyze` does per file: analyzeText, then the fixes of each finding. */
function cliEngine(analyzeText, attachFixes) {
  return {
    run(file) {
      const result = analyzeText(file.path, file.text);
      if (result.kind === 'analyzed' && result.report.findings.length > 0) attachFixes(result.report, file.text, undefined, result);
    },
  };
}

function analyzerEngine(analyzeText) {
  let findings = 0;
  let skipped = 0;
  return {
    run(file) {
      const result = analyzeText(file.path, file.text);
      if (result.kind === 'analyzed') findings += result.report.findings.length;
      else skipped++;
    },
    get findings() { return findings; },
    get skipped() { return skipped; },
  };
}

// ---------------------------------------------------------------- report

const fmt = {
  int: (n) => Math.round(n).toLocaleString('en-US'),
  ms: (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2)),
  ratio: (n) => `${n.toFixed(2)}×`,
};

function table(rows, header) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function engineRow(name, measured, files, lines) {
  return [name, fmt.int(files), fmt.int(lines), fmt.ms(measured.wall), fmt.ms(measured.cpu), fmt.ms(measured.gc), (measured.wall / files).toFixed(3), fmt.int(lines / (measured.wall / 1000))];
}

function verdict(ok) {
  return ok ? 'ok' : 'MISSED';
}

// ---------------------------------------------------------------- main

async function main() {
  const analysis = await buildAnalysisBundle();
  const { ts, analyzeText, attachFixes, scriptKindFor, skipReason } = analysis;
  const corpus = loadCorpus(ROOT, skipReason);
  const files = corpus.files;
  const lines = files.reduce((n, f) => n + f.lines, 0);
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const ts_ = files.filter((f) => /\.[cm]?tsx?$/.test(f.path)).length;
  const big = pickLargeFile(corpus.candidates, skipReason);
  corpus.candidates.length = 0;

  console.log(`Workload Hints bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.availableParallelism()}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`TypeScript ${ts.version}; repetitions: ${REPS} (parse/analyze), ${ESLINT_REPS} (ESLint), ${CLI_REPS} (CLI); medians after a warm-up.${globalThis.gc ? '' : ' (no --expose-gc)'}`);
  console.log(`Corpus: ${fmt.int(files.length)} files (${ts_} TypeScript), ${fmt.int(lines)} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB; left out: ${corpus.left.huge} over ${MAX_FILE_BYTES / 1024} KB, ${corpus.left.minified} minified, ${corpus.left.other} other (no .d.ts, no nested node_modules)`);
  console.log(`Packages: ${corpus.packages.map((p) => `${p.name}@${p.version} (${p.files})`).join(', ')}`);
  if (big) console.log(`Single file: ${path.relative(ROOT, big.path)} (${fmt.int(big.lines)} lines)`);
  console.log('');

  const floor = floorEngine(ts, scriptKindFor);
  const analyzer = analyzerEngine(analyzeText);

  // Warm-up: every engine over the whole corpus once, so the JIT has seen all the code paths.
  for (const file of files) floor.run(file);
  for (const file of files) analyzer.run(file);
  if (only === 'analyzer') {
    const measured = await time(files, (f) => analyzer.run(f), REPS);
    console.log(table([engineRow('analyzer (analyzeText)', measured, files.length, lines)], HEADER));
    return;
  }

  // Blocks of consecutive passes, as the CLI and the editor run the analyzer: V8 sizes the young
  // generation by how much survives, so a pass right after the other engine's pass measures
  // that engine's heap shape as much as its own (measured here: the analyzer about 2× slower
  // after a floor pass). Each block starts with an untimed pass; two rounds of blocks, so that
  // both engines see the same drift of a shared machine's load.
  const floorRuns = [];
  const analyzerRuns = [];
  const block = async (runs, engine) => {
    for (const file of files) engine.run(file);
    for (let r = 0; r < Math.ceil(REPS / 2); r++) runs.push(await time(files, (f) => engine.run(f), 1));
  };
  for (let round = 0; round < 2; round++) {
    await block(floorRuns, floor);
    await block(analyzerRuns, analyzer);
  }
  const pick = (runs) => ({ wall: median(runs.map((x) => x.wall)), cpu: median(runs.map((x) => x.cpu)), gc: median(runs.map((x) => x.gc)) });
  const floorTime = pick(floorRuns);
  const analyzerTime = pick(analyzerRuns);

  // The CLI's per-file work, for reference: the analysis plus the rewrites offered per finding.
  const withFixes = cliEngine(analyzeText, attachFixes);
  for (const file of files) withFixes.run(file);
  const withFixesTime = await time(files, (f) => withFixes.run(f), ESLINT_REPS);

  const eslint = createEslintPeer();
  let eslintFatal = 0;
  const lintFile = (f) => {
    for (const m of eslint.lint(f)) if (m.fatal) eslintFatal++;
  };
  for (const file of files.slice(0, 300)) lintFile(file);
  eslintFatal = 0;
  const eslintTime = await time(files, lintFile, ESLINT_REPS);

  let single;
  if (big) {
    const one = [{ path: big.path, text: big.text, lines: big.lines }];
    for (let i = 0; i < 3; i++) {
      floor.run(one[0]);
      analyzer.run(one[0]);
      eslint.lint(one[0]);
    }
    single = {
      floor: await time(one, (f) => floor.run(f), SINGLE_REPS),
      analyzer: await time(one, (f) => analyzer.run(f), SINGLE_REPS),
      eslint: await time(one, (f) => eslint.lint(f), Math.max(3, Math.round(SINGLE_REPS / 3))),
    };
  }

  const cliFiles = files.map((f) => f.relative);
  const [cliOne, cliPool] = await timeCliVariants([
    ['analyze', '--format', 'json', '--jobs', '1', ...cliFiles],
    ['analyze', '--format', 'json', ...cliFiles],
  ], CLI_REPS);

  console.log(`Corpus (${fmt.int(files.length)} files, ${fmt.int(lines)} lines)`);
  console.log(table([
    engineRow('floor: createSourceFile + forEachChild', floorTime, files.length, lines),
    engineRow('analyzer: analyzeText', analyzerTime, files.length, lines),
    engineRow('ESLint 9 + @typescript-eslint/parser', eslintTime, files.length, lines),
    engineRow('(ref.) analyzeText + attachFixes (CLI)', withFixesTime, files.length, lines),
  ], HEADER));
  const passes = 1 + 2 * (1 + Math.ceil(REPS / 2));
  console.log(`  (${fmt.int(floor.nodes / passes)} nodes walked per pass; analyzer: ${fmt.int(analyzer.findings / passes)} findings per pass; ESLint: ${eslintFatal / ESLINT_REPS} parse errors per pass)`);
  console.log('');
  if (single) {
    console.log(`Single file (${path.relative(ROOT, big.path)}, ${fmt.int(big.lines)} lines)`);
    console.log(table([
      engineRow('floor: createSourceFile + forEachChild', single.floor, 1, big.lines),
      engineRow('analyzer: analyzeText', single.analyzer, 1, big.lines),
      engineRow('ESLint 9 + @typescript-eslint/parser', single.eslint, 1, big.lines),
    ], HEADER));
    console.log('');
  }
  console.log(`workload-hints analyze on the corpus (${fmt.int(files.length)} files given as arguments, --format json to a pipe; wall time from spawn to exit, runs alternated)`);
  console.log(table([
    ['--jobs 1 (main thread)', fmt.ms(cliOne.wall), (cliOne.wall / files.length).toFixed(3), cliOne.walls.map(fmt.ms).join(' / ')],
    [`default (main + a worker per idle core; load ${os.loadavg()[0].toFixed(1)})`, fmt.ms(cliPool.wall), (cliPool.wall / files.length).toFixed(3), cliPool.walls.map(fmt.ms).join(' / ')],
  ], ['run', 'wall ms', 'ms/file', 'repetitions']));
  console.log('');

  const ratios = [
    ['analyzer / floor (corpus)', analyzerTime.wall / floorTime.wall, analyzerTime.cpu / floorTime.cpu, `≤ ${TARGET.floorRatio}×`, (r) => r <= TARGET.floorRatio],
    ['ESLint / analyzer (corpus)', eslintTime.wall / analyzerTime.wall, eslintTime.cpu / analyzerTime.cpu, `≥ ${TARGET.eslintRatio}×`, (r) => r >= TARGET.eslintRatio],
  ];
  if (single) {
    ratios.push(
      ['analyzer / floor (single file)', single.analyzer.wall / single.floor.wall, single.analyzer.cpu / single.floor.cpu, `≤ ${TARGET.floorRatio}×`, (r) => r <= TARGET.floorRatio],
      ['ESLint / analyzer (single file)', single.eslint.wall / single.analyzer.wall, single.eslint.cpu / single.analyzer.cpu, `≥ ${TARGET.eslintRatio}×`, (r) => r >= TARGET.eslintRatio],
    );
  }
  ratios.push(['pool / one worker (CLI wall)', cliPool.wall / cliOne.wall, NaN, `≤ ${TARGET.poolRatio.toFixed(1)}×`, (r) => r <= TARGET.poolRatio]);
  console.log('Ratios (this run)');
  console.log(table(ratios.map(([name, wall, cpu, target, ok]) => [name, fmt.ratio(wall), Number.isNaN(cpu) ? '–' : fmt.ratio(cpu), target, verdict(ok(wall))]),
    ['ratio', 'wall', 'cpu', 'target', '']));
}

const HEADER = ['engine', 'files', 'lines', 'wall ms', 'cpu ms', 'gc ms', 'ms/file', 'lines/s'];

await main();
