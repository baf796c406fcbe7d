// Benchmark of the rewrites on the article's three workloads, before and after, in one process
// tree: CPU (4 Monte-Carlo π tasks: sequential, worker-pool rewrite, hand-written piscina pool),
// I/O (100 requests to a local server answering after 50 ms: await-in-loop, Promise.all, p-map
// with concurrency 10) and mixed (10 × fetch then hash: sequential, Promise.all only, worker pool
// only, both). The "after" programs are made by the rewrite layer itself from programs/*.ts.
// The CPU and mixed programs make their call twice in one process; rows are the second call
// (what a long-lived program pays per call), the first call is shown next to it.
//
// Usage: node scripts/bench/workloads/run.mjs [--reps N] [--json] [--check]
// --check exits 1 when a target is missed or the variants disagree (default: report only).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1]) > 0 && args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 3;
const asJson = args.includes('--json');
const check = args.includes('--check');
const LATENCY_MS = 50;

const log = (text) => process.stderr.write(`${text}\n`);

/** The rewrite layer and the analyzer, bundled for this script. */
async function loadRewrite(dir) {
  const outfile = path.join(dir, 'rewrite.cjs');
  await esbuild.build({
    stdin: {
      contents: "export * from './src/rewrite/index.ts'; export { analyzeText } from './src/analysis/index.ts';",
      resolveDir: repo, loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, external: ['typescript'], logLevel: 'silent',
  });
  return createRequire(path.join(dir, 'x.js'))(outfile);
}

/** A project the rewrites read: TypeScript compiled to CommonJS with `module: node16`. */
const PROJECT = {
  '/bench/package.json': JSON.stringify({ name: 'bench', dependencies: { piscina: '^5', 'p-map': '^7' } }),
  '/bench/tsconfig.json': JSON.stringify({ compilerOptions: { module: 'node16', outDir: 'dist', rootDir: 'src' } }),
};

function makeApplier(rewrite) {
  const options = (extra = {}) => ({ readFile: (p) => PROJECT[p], fileExists: () => false, ...extra });
  /** Applies fix `id` to the first finding of `rule` that offers it; fails loudly when none does. */
  return function apply(program, rule, id, extra) {
    const file = `/bench/src/${program.name}`;
    const result = rewrite.analyzeText(file, program.text);
    for (const finding of result.report.findings.filter((f) => f.rule === rule)) {
      const plan = rewrite.explainFixes(finding, program.text, file, options(extra));
      const fix = plan.fixes.find((f) => f.id === id);
      if (fix) {
        const files = { ...program.files };
        for (const f of fix.newFiles ?? []) files[path.basename(f.path)] = f.text;
        return { name: program.name, text: rewrite.applyEdits(program.text, fix.edits), files };
      }
      throw new Error(`${program.name}: ${rule} offers no ${id}: ${plan.refusals.map((r) => r.reason).join('; ')}`);
    }
    throw new Error(`${program.name}: no ${rule} finding`);
  };
}

/** Bundles a program (and its worker files as entry points) into `dir/<label>/`. */
async function bundle(dir, label, program) {
  const src = path.join(dir, label, 'src');
  const out = path.join(dir, label, 'out');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, program.name), program.text);
  for (const [name, text] of Object.entries(program.files ?? {})) fs.writeFileSync(path.join(src, name), text);
  const workers = Object.keys(program.files ?? {}).filter((f) => /\.worker\.ts$/.test(f));
  await esbuild.build({
    entryPoints: [program.name, ...workers].map((f) => path.join(src, f)),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outdir: out, external: ['piscina', 'p-map'], logLevel: 'silent',
  });
  return path.join(out, program.name.replace(/\.ts$/, '.js'));
}

function runOnce(main, argv) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [main, ...argv], { timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(main)}: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}

/** The local API: every request answers after LATENCY_MS with a small JSON item. */
function startServer() {
  const server = http.createServer((req, res) => {
    const id = Number(/\/items\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, sku: `SKU-${String(id).padStart(4, '0')}`, priceCents: id * 137 }));
    }, LATENCY_MS);
  });
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function read(name) {
  return { name, text: fs.readFileSync(path.join(here, 'programs', name), 'utf8'), files: {} };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wh-bench-'));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const rewrite = await loadRewrite(dir);
    const apply = makeApplier(rewrite);

    // The "after" programs, made by the rewrites.
    const cpu = read('cpu.ts');
    const cpuPool = apply(apply(cpu, 'hot-loop', 'worker-pool'), 'await-in-loop', 'promise-all');
    const cpuHand = { ...read('cpu-hand.ts'), files: { 'pi-hand.worker.ts': read('pi-hand.worker.ts').text } };
    const io = read('io.ts');
    const ioAll = apply(io, 'await-in-loop', 'promise-all');
    const ioPMap = apply(io, 'await-in-loop', 'p-map', { concurrency: 10 });
    const mixed = read('mixed.ts');
    const mixedAll = apply(mixed, 'await-in-loop', 'promise-all');
    const mixedPool = apply(mixed, 'hot-loop', 'worker-pool');
    const mixedBoth = apply(mixedPool, 'await-in-loop', 'promise-all');

    const variants = [
      ['cpu', 'sequential (before)', cpu],
      ['cpu', 'worker pool (rewrite)', cpuPool],
      ['cpu', 'worker pool (hand-written piscina)', cpuHand],
      ['io', 'await in loop (before)', io],
      ['io', 'Promise.all (rewrite)', ioAll],
      ['io', 'p-map, concurrency 10 (rewrite)', ioPMap],
      ['mixed', 'sequential (before)', mixed],
      ['mixed', 'Promise.all only (rewrite)', mixedAll],
      ['mixed', 'worker pool only (rewrite)', mixedPool],
      ['mixed', 'Promise.all + worker pool (rewrite)', mixedBoth],
    ];
    // Runs are interleaved (every variant once, then again…) so that a change in machine load
    // during the benchmark weighs on every variant alike; each row is the median of its runs.
    const mains = [];
    for (const [index, [workload, , program]] of variants.entries()) mains.push(await bundle(dir, `${workload}-${index}`, program));
    const runs = variants.map(() => []);
    const firstRuns = variants.map(() => []);
    const cpuRuns = variants.map(() => []);
    const result = variants.map(() => undefined);
    for (let rep = 0; rep < reps; rep++) {
      for (const [index, [workload, label]] of variants.entries()) {
        log(`run ${rep + 1}/${reps} ${workload}: ${label}`);
        const run = await runOnce(mains[index], [base]);
        if (run.same === false) throw new Error(`${workload}: ${label}: the first and the second call disagree`);
        runs[index].push(run.ms);
        if (run.firstMs !== undefined) firstRuns[index].push(run.firstMs);
        if (run.cpuMs !== undefined) cpuRuns[index].push(run.cpuMs / run.ms);
        result[index] = run.result;
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rows = variants.map(([workload, variant], i) => ({
      workload, variant, ms: median(runs[i]), runs: runs[i],
      ...(firstRuns[i].length ? { firstMs: median(firstRuns[i]), firstRuns: firstRuns[i] } : {}),
      ...(cpuRuns[i].length ? { cpuPerWall: median(cpuRuns[i]) } : {}), result: result[i],
    }));
    const get = (workload, prefix) => rows.find((r) => r.workload === workload && r.variant.startsWith(prefix));
    const same = (workload) => rows.filter((r) => r.workload === workload).every((r) => JSON.stringify(r.result) === JSON.stringify(rows.find((x) => x.workload === workload).result));
    const seqCpu = get('cpu', 'sequential').ms;
    const speedRewrite = seqCpu / get('cpu', 'worker pool (rewrite)').ms;
    const speedHand = seqCpu / get('cpu', 'worker pool (hand').ms;
    const ioRatio = get('io', 'await').ms / get('io', 'Promise.all').ms;
    const ioPMapRatio = get('io', 'await').ms / get('io', 'p-map').ms;
    const both = get('mixed', 'Promise.all + worker').ms;
    const targets = [
      { name: 'cpu: rewrite speedup / hand-written speedup', value: speedRewrite / speedHand, target: 0.9, text: `${speedRewrite.toFixed(2)}× vs ${speedHand.toFixed(2)}× → ${(100 * speedRewrite / speedHand).toFixed(0)}% (target ≥ 90%)` },
      { name: 'io: await-in-loop / Promise.all', value: ioRatio, target: 20, text: `${ioRatio.toFixed(1)}× (target ≥ 20×); p-map 10: ${ioPMapRatio.toFixed(1)}×` },
      {
        name: 'mixed: both beat each pure form',
        value: both < get('mixed', 'Promise.all only').ms && both < get('mixed', 'worker pool only').ms ? 1 : 0, target: 1,
        text: `${both.toFixed(0)} ms vs Promise.all only ${get('mixed', 'Promise.all only').ms.toFixed(0)} ms, pool only ${get('mixed', 'worker pool only').ms.toFixed(0)} ms`,
      },
    ];
    const summary = {
      cores: os.availableParallelism(), loadAverage: os.loadavg()[0], reps,
      rows: rows.map(({ result: _result, ...r }) => ({ ...r, speedup: get(r.workload, r.workload === 'io' ? 'await' : 'sequential').ms / r.ms })),
      identicalResults: { cpu: same('cpu'), io: same('io'), mixed: same('mixed') },
      targets: targets.map((t) => ({ ...t, met: t.value >= t.target })),
    };
    if (asJson) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      const w = Math.max(...rows.map((r) => r.variant.length));
      const lines = [
        `Workload Hints rewrites — ${summary.cores} cores, load ${summary.loadAverage.toFixed(1)}, median of ${reps}`,
        '',
        `${'workload'.padEnd(8)} ${'variant'.padEnd(w)} ${'median'.padStart(10)} ${'speedup'.padStart(8)} ${'CPU/wall'.padStart(9)} ${'first call'.padStart(11)}`,
        ...summary.rows.map((r) => `${r.workload.padEnd(8)} ${r.variant.padEnd(w)} ${`${r.ms.toFixed(0)} ms`.padStart(10)} ${`${r.speedup.toFixed(2)}×`.padStart(8)} ${(r.cpuPerWall === undefined ? '' : r.cpuPerWall.toFixed(2)).padStart(9)} ${(r.firstMs === undefined ? '' : `${r.firstMs.toFixed(0)} ms`).padStart(11)}`),
        '(median: the second call in the process, what a long-lived program pays per call; CPU/wall: cores busy during it,',
        ' all threads of the process; first call: the call before it, which pays thread start-up and JIT warm-up)',
        '',
        `identical results: cpu ${summary.identicalResults.cpu ? 'yes' : 'NO'}, io ${summary.identicalResults.io ? 'yes' : 'NO'}, mixed ${summary.identicalResults.mixed ? 'yes' : 'NO'}`,
        ...summary.targets.map((t) => `${t.met ? '✓' : '✗'} ${t.name}: ${t.text}`),
        'article (Python): 3.7× for CPU on 4 cores; 33× for 100 async tasks; mixed 30 s → 5.8 s',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    const ok = summary.targets.every((t) => t.met) && Object.values(summary.identicalResults).every(Boolean);
    if (check && !ok) process.exitCode = 1;
  } finally {
    server.closeAllConnections();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
