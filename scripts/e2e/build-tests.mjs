// Bundles the integration suite for the extension host: test/integration/*.ts →
// out/test/integration/*.js (vscode and mocha stay external: the host and node_modules
// provide them).
import { readdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const entryPoints = readdirSync('test/integration')
  .filter((file) => file === 'index.ts' || file.endsWith('.test.ts'))
  .map((file) => `test/integration/${file}`);

await esbuild.build({
  entryPoints,
  outdir: 'out/test/integration',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
