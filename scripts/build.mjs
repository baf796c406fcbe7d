// Builds every bundle of Workload Hints with esbuild: the extension host code, the CLI, the
// analysis worker and the profile panel's browser script. `--production` minifies,
// `--watch` rebuilds on change. Type checking is `tsc --noEmit` (npm run typecheck).
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors in the `file:line:col: error: text` shape VS Code's problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/** Copies the codicon stylesheet and font to dist/codicons/ (the panel may load only media/ and dist/). */
const copyCodicons = {
  name: 'copy-codicons',
  setup(build) {
    build.onEnd(async () => {
      const from = 'node_modules/@vscode/codicons/dist';
      await mkdir('dist/codicons', { recursive: true });
      await Promise.all(['codicon.css', 'codicon.ttf'].map((file) => copyFile(`${from}/${file}`, `dist/codicons/${file}`)));
    });
  },
};

/** Fails the build when `moduleName` is imported, saying where it must not appear. */
function forbidImport(moduleName, where) {
  return {
    name: `forbid-${moduleName}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${moduleName}(/|$)`) }, (args) => ({
        errors: [{ text: `${moduleName} must not be bundled into ${where}; imported by ${args.importer}` }],
      }));
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'silent',
  plugins: [problemMatcher],
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: ['scripts/import-meta-url.js'],
};

const configs = [
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts', 'analysis-worker': 'src/cli/analysis-worker.ts' },
    outdir: 'dist',
    // piscina resolves its own worker file next to itself: keep it a runtime dependency.
    // esbuild's JS API cannot be bundled (it finds its native binary next to itself); the
    // profiler uses it at run time to bundle the user's module.
    external: ['piscina', 'esbuild'],
    banner: { js: '#!/usr/bin/env node' },
  },
  // VS Code extension host: must not load typescript (activation stays cheap); the banner
  // stamps the load start so activate() can report its full cost.
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    external: ['vscode'],
    banner: { js: 'var __workloadHintsLoadStart = performance.now();' },
    plugins: [problemMatcher, forbidImport('typescript', 'the extension host bundle (analysis runs in dist/extension-worker.js)')],
  },
  // The extension's analysis worker thread: analyzer + typescript in one file.
  {
    ...common,
    entryPoints: { 'extension-worker': 'src/extension/analysis-worker.ts' },
    outdir: 'dist',
  },
  // The profiler: its worker thread for the extension host (locating a function needs
  // typescript), and the harness the child `node` runs (found next to the CLI and the worker).
  {
    ...common,
    entryPoints: { 'profile-worker': 'src/profile/host-worker.ts', 'profile-harness': 'src/profile/harness/main.ts' },
    outdir: 'dist',
    external: ['esbuild'],
  },
  // The profile panel's page: browser code, one IIFE; the codicon font travels with it.
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define: {},
    inject: [],
    plugins: [problemMatcher, copyCodicons],
  },
];

const contexts = await Promise.all(configs.map((config) => esbuild.context(config)));
if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } catch {
    process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}
