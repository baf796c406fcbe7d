// Bundles the user's module (TypeScript, ESM or CommonJS, dependencies from the user's
// node_modules) into one ESM file with a source map, plus the harness when no prebuilt one
// ships next to this code (tests run from sources).
import type * as esbuild from 'esbuild';
import * as fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BundleOptions {
  /** Absolute path of the module to bundle. */
  file: string;
  /** Contents to use instead of the file on disk (an unsaved editor buffer). */
  sourceText?: string;
  /** Appended to the module (see `LocatedFunction.exportSuffix`). */
  suffix: string;
  outDir: string;
  /** Where esbuild looks for tsconfig.json and resolves relative paths (the workspace). */
  cwd: string;
}

export type BundleResult =
  | { ok: true; bundlePath: string; mapPath: string }
  | { ok: false; message: string };

const LOADERS: Record<string, esbuild.Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

const SOURCE_FILTER = /\.[cm]?[jt]sx?$/;

/**
 * esbuild, loaded on first use: commands that never profile do not need it installed.
 * Required rather than imported: a dynamic import would start Node's ESM loader and lex
 * esbuild's CommonJS file for its exports, tens of ms before the first profile.
 */
function loadEsbuild(): typeof esbuild {
  try {
    return require('esbuild') as typeof esbuild;
  } catch (err) {
    throw new Error(`esbuild, which bundles the module for profiling, could not be loaded: ${(err as Error).message}`);
  }
}

/**
 * Starts esbuild's service process now (any API call does), so that it boots while the
 * caller does other work; it then stays up for later bundles in this process. Problems are
 * left for the build to report.
 */
export function warmBundler(): void {
  try {
    loadEsbuild()
      .formatMessages([], { kind: 'error' })
      .catch(() => undefined);
  } catch {
    // bundleTarget says why esbuild cannot be loaded.
  }
}

/**
 * Gives each of the user's own files (not node_modules) its real `import.meta.url`,
 * `__dirname` and `__filename` although the code runs from the bundle in a temp folder.
 * Injected text never adds a line, so the source map stays line-exact.
 */
export function localizeModuleGlobals(text: string, file: string): string {
  const url = pathToFileURL(file).href;
  let out = text
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(url))
    .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(file))
    .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(file)));
  const declares = (name: string) => new RegExp(`\\b(?:const|let|var|function)\\s+${name}\\b`).test(out);
  const prefix: string[] = [];
  if (/\b__dirname\b/.test(out) && !declares('__dirname')) prefix.push(`var __dirname = ${JSON.stringify(path.dirname(file))};`);
  if (/\b__filename\b/.test(out) && !declares('__filename')) prefix.push(`var __filename = ${JSON.stringify(file)};`);
  const hashbangEnd = out.startsWith('#!') ? out.indexOf('\n') + 1 : 0;
  if (prefix.length > 0 && (hashbangEnd > 0 || !out.startsWith('#!'))) {
    out = `${out.slice(0, hashbangEnd)}${prefix.join(' ')} ${out.slice(hashbangEnd)}`;
  }
  return out;
}

/** Bundles the user's module to `outDir/target.mjs` (+ `.map`). */
export async function bundleTarget(options: BundleOptions): Promise<BundleResult> {
  const entry = path.resolve(options.file);
  const bundlePath = path.join(options.outDir, 'target.mjs');
  const plugin: esbuild.Plugin = {
    name: 'workload-hints-target',
    setup(build) {
      // Native addons cannot be bundled: load them from where they are.
      build.onResolve({ filter: /\.node$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path), external: true }));
      build.onLoad({ filter: SOURCE_FILTER }, async (args) => {
        if (args.path.split(path.sep).includes('node_modules')) return undefined;
        const isEntry = args.path === entry;
        const text = isEntry && options.sourceText !== undefined ? options.sourceText : await fs.readFile(args.path, 'utf8');
        const contents = localizeModuleGlobals(text, args.path) + (isEntry ? options.suffix : '');
        return { contents, loader: LOADERS[path.extname(args.path).toLowerCase()] ?? 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
  try {
    const { build } = loadEsbuild();
    await build({
      entryPoints: [entry],
      outfile: bundlePath,
      absWorkingDir: options.cwd,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [plugin],
    });
  } catch (err) {
    return { ok: false, message: formatBuildFailure(err) };
  }
  return { ok: true, bundlePath, mapPath: `${bundlePath}.map` };
}

function formatBuildFailure(err: unknown): string {
  const errors = (err as esbuild.BuildFailure).errors;
  if (!Array.isArray(errors) || errors.length === 0) return String((err as Error)?.message ?? err);
  return errors
    .slice(0, 5)
    .map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text))
    .join('\n');
}

/**
 * The harness script for the child. The packaged extension and CLI ship it prebuilt next to
 * their bundle (dist/profile-harness.js); from sources it is bundled into `outDir`.
 */
export async function resolveHarness(outDir: string): Promise<string> {
  const prebuilt = path.join(__dirname, 'profile-harness.js');
  if (existsSync(prebuilt)) return prebuilt;
  const harnessPath = path.join(outDir, 'harness.cjs');
  const { build } = loadEsbuild();
  await build({
    entryPoints: [path.join(__dirname, 'harness', 'main.ts')],
    outfile: harnessPath,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  return harnessPath;
}
