// Per-keystroke benchmark (run by `npm run bench`): what the editor's worker does for one typed
// character in a 5,000-line file (the file the editor test types into), timed in Node without
// the editor. For each keystroke it re-parses, finds the findings (what diagnostics need), then
// labels every function, and reports the median and p95 over the keystrokes. Baselines measured here, in this run:
// `ts.updateSourceFile` for the re-parse, and a whole parse and analysis of the new text for
// the findings. Keystrokes go down the file, one inside each of 200 function bodies.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 200);

async function bundle() {
  const outfile = path.join(ROOT, 'dist', 'bench', 'keystroke.cjs');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'scripts', 'bench', 'keystroke-entry.ts')],
    outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  });
  return require(outfile);
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Where keystroke `k` goes: just inside the next function body down the file. */
function keystrokeAt(text, k) {
  return text.indexOf('{', Math.floor(200 + (k * (text.length - 400)) / KEYSTROKES)) + 1;
}

/** Types KEYSTROKES spaces; `step(state, at)` handles one and returns the next state. */
function typeInto(text, start, step) {
  let state = start;
  let current = text;
  const times = [];
  for (let k = 0; k < KEYSTROKES; k++) {
    const at = keystrokeAt(current, k);
    current = `${current.slice(0, at)} ${current.slice(at)}`;
    const t0 = performance.now();
    state = step(state, current, at);
    times.push(performance.now() - t0);
  }
  return times;
}

const m = await bundle();
const text = m.generateSource(5000);
const lines = text.split('\n').length;
const change = (at) => ({ start: at, oldLength: 0, newLength: 1 });

// Warm-up: every path once over the file.
for (let r = 0; r < 2; r++) {
  typeInto(text, m.parseSource('/bench.ts', text, false), (sf, next, at) => m.ts.updateSourceFile(sf, next, { span: { start: at, length: 0 }, newLength: 1 }));
  typeInto(text, m.parseSource('/bench.ts', text, false), (sf, next, at) => m.updateSourceFile(sf, next, change(at)));
}

const tsReparse = typeInto(text, m.parseSource('/bench.ts', text, false),
  (sf, next, at) => m.ts.updateSourceFile(sf, next, { span: { start: at, length: 0 }, newLength: 1 }));
let fast = 0;
const statementsReparse = typeInto(text, m.parseSource('/bench.ts', text, false), (sf, next, at) => {
  const updated = m.updateSourceFile(sf, next, change(at));
  if (m.lastReparseKind() !== 'typescript') fast++;
  return updated;
});

const initial = () => {
  const sourceFile = m.parseSource('/bench.ts', text);
  return { sourceFile, facts: m.analyzeIncrementally(sourceFile, undefined).facts };
};
// As the worker: the findings first (the later statements' nodes move only where read), then
// the labels (and the remaining moves), timed apart.
const labelTimes = [];
const keystroke = ({ sourceFile, facts }, next, at) => {
  const updated = m.updateSourceFile(sourceFile, next, change(at), { deferMoves: true });
  const staged = m.analyzeIncrementallyInStages(updated, facts);
  const t0 = performance.now();
  staged.complete();
  labelTimes.push(performance.now() - t0);
  return { sourceFile: updated, facts: staged.facts };
};
typeInto(text, initial(), keystroke);
labelTimes.length = 0;
const toFindingsAndLabels = typeInto(text, initial(), keystroke);
const toFindings = toFindingsAndLabels.map((t, i) => t - labelTimes[i]);
const whole = typeInto(text, null, (_, next) => m.analyzeText('/bench.ts', next));

const row = (name, times, base) => [
  name, (quantile(times, 0.5)).toFixed(2), (quantile(times, 0.95)).toFixed(2),
  base ? `${(quantile(base, 0.5) / quantile(times, 0.5)).toFixed(1)}×` : '',
];
const table = (rows, header) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

console.log(`Per keystroke on a generated ${lines.toLocaleString('en-US')}-line file (${KEYSTROKES} keystrokes down the file, ms)`);
console.log(table([
  row('re-parse: ts.updateSourceFile (baseline)', tsReparse),
  row(`re-parse: the statements touched (${fast} of ${KEYSTROKES} could)`, statementsReparse, tsReparse),
  row('whole parse + analysis (baseline)', whole),
  row('keystroke → findings (re-parse + incremental findings)', toFindings, whole),
  row('  then the labels of every function', labelTimes),
  row('keystroke → whole report', toFindingsAndLabels, whole),
], ['step', 'median', 'p95', 'faster']));
