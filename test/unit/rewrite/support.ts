// Helpers for the rewrite tests: dedented sources, applying a finding's fix to a virtual
// project, and running programs bundled with esbuild in a child Node process.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { analyzeText, type Finding, type RuleId } from '../../../src/analysis';
import { applyEdits, explainFixes, type Fix, type FixId, type FixOptions } from '../../../src/rewrite';

const REPO = path.resolve(__dirname, '../../..');

/** Strips the common indentation and the first and last empty lines; ends with one newline. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** A project on no disk: files by absolute path, read through FixOptions. */
export function virtualProject(files: Record<string, string>): FixOptions {
  return {
    readFile: (p) => files[p],
    fileExists: (p) => p in files,
  };
}

export const ROOT = '/project';

/** The default project: a package.json (CommonJS) with no dependencies and a Node16 tsconfig. */
export function defaultProject(extra: Record<string, string> = {}, pkg: object = { name: 'app' }): FixOptions {
  return virtualProject({
    [`${ROOT}/package.json`]: JSON.stringify(pkg),
    [`${ROOT}/tsconfig.json`]: JSON.stringify({ compilerOptions: { module: 'node16', outDir: 'dist', rootDir: 'src' } }),
    ...extra,
  });
}

export function findingsOf(source: string, filename: string, rule: RuleId): Finding[] {
  const result = analyzeText(filename, source);
  assert.equal(result.kind, 'analyzed');
  return (result as Extract<typeof result, { kind: 'analyzed' }>).report.findings.filter((f) => f.rule === rule);
}

export interface Applied {
  output: string;
  fix: Fix;
  newFiles: Record<string, string>;
}

/**
 * Applies fix `id` of the `index`-th finding of `rule`; fails with the refusal reasons when it
 * is not offered.
 */
export function applyFix(source: string, filename: string, rule: RuleId, id: FixId, options: FixOptions = defaultProject(), index = 0): Applied {
  const finding = findingsOf(source, filename, rule)[index];
  assert.ok(finding, `no ${rule} finding #${index} in ${filename}`);
  const plan = explainFixes(finding, source, filename, options);
  const fix = plan.fixes.find((f) => f.id === id);
  assert.ok(fix, `fix ${id} not offered: ${JSON.stringify(plan.refusals)}; offered: ${plan.fixes.map((f) => f.id).join(', ')}`);
  const newFiles: Record<string, string> = {};
  for (const f of fix.newFiles ?? []) newFiles[f.path] = f.text;
  return { output: applyEdits(source, fix.edits), fix, newFiles };
}

/** Ids of the fixes offered for every finding of `rule`, and the refusals. */
export function offered(source: string, filename: string, rule: RuleId, options: FixOptions = defaultProject()): { ids: string[]; reasons: string[] } {
  const ids: string[] = [];
  const reasons: string[] = [];
  for (const finding of findingsOf(source, filename, rule)) {
    const plan = explainFixes(finding, source, filename, options);
    ids.push(...plan.fixes.map((f) => f.id));
    reasons.push(...plan.refusals.map((r) => `${r.id}: ${r.reason}`));
  }
  return { ids, reasons };
}

/** Checks that the same fix applied again changes nothing: the finding is gone, or offers no such fix. */
export function assertIdempotent(output: string, filename: string, rule: RuleId, id: FixId, options: FixOptions = defaultProject()): void {
  for (const finding of findingsOf(output, filename, rule)) {
    const fixes = explainFixes(finding, output, filename, options).fixes.filter((f) => f.id === id);
    for (const fix of fixes) {
      assert.notEqual(applyEdits(output, fix.edits), output, 'a fix that changes nothing must not be offered');
    }
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Bundles `entry` (and any `*.worker.*` file among `files`, as its own entry point) with esbuild
 * into a temporary folder that sees this repository's node_modules, runs it with Node and
 * returns its output. piscina and p-map stay external, as in a real install.
 */
export async function runBundled(files: Record<string, string>, entry: string, format: 'cjs' | 'esm', timeoutMs = 20_000): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wh-rewrite-'));
  try {
    const src = path.join(dir, 'src');
    const out = path.join(dir, 'out');
    fs.mkdirSync(src);
    fs.mkdirSync(out);
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(src, path.basename(name)), text);
    if (format === 'esm') fs.writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }');
    const entryPoints = Object.keys(files).map((f) => path.basename(f)).filter((f) => f === path.basename(entry) || /\.worker\.[cm]?[jt]s$/.test(f));
    const outExtension = { '.js': /\.m[jt]s$/.test(entry) ? '.mjs' : /\.c[jt]s$/.test(entry) ? '.cjs' : '.js' };
    await esbuild.build({
      entryPoints: entryPoints.map((f) => path.join(src, f)), bundle: true, platform: 'node', target: 'node20', format,
      outdir: out, outExtension, external: ['piscina', 'p-map'], logLevel: 'silent',
    });
    const main = path.join(out, path.basename(entry).replace(/\.[cm]?[jt]s$/, outExtension['.js']));
    return await new Promise((resolve) => {
      execFile(process.execPath, [main], { cwd: dir, timeout: timeoutMs }, (error, stdout, stderr) => {
        resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
