// Which files `analyze` picks up from a folder: every JS/TS extension, .gitignore respected
// (nested files, negations, anchored patterns, the repository root's rules when analysing a
// subfolder), dependencies, build output and declaration files skipped, `--ignore` honoured.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { createTempProject, ensureBuilt, runCliJson, type TempProject } from './support';

interface JsonRun { files: Array<{ path: string }>; summary: { skipped: Array<{ path: string }> } }

const KEPT = [
  'keep.gen.ts',
  'src/app.ts', 'src/c.cts', 'src/component.tsx', 'src/legacy/old.ts', 'src/local.ts', 'src/m.mts',
  'src/nested/other.ts', 'src/secret.ts', 'src/view.jsx', 'src/x.cjs', 'src/x.js', 'src/x.mjs',
];

const LEFT_OUT = [
  // .gitignore at the root
  'src/a.gen.ts', 'generated/out.ts', 'secret.ts',
  // src/nested/.gitignore
  'src/nested/local.ts',
  // dependencies and build output, wherever they are
  'node_modules/pkg/index.js', 'src/node_modules/dep/lib.js', 'dist/bundle.js', 'build/out.js', 'out/x.js', 'coverage/lcov.js',
  'packages/a/dist/index.js',
  // declaration files
  'src/types.d.ts', 'src/types.d.mts', 'src/types.d.cts',
];

const NOT_SOURCE = ['src/readme.md', 'src/data.json', 'src/style.css'];

async function analysedPaths(args: string[], cwd: string): Promise<string[]> {
  const { json, stderr, code } = await runCliJson<JsonRun>(['analyze', '--format', 'json', ...args], cwd);
  assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
  return json.files.map((f) => f.path).sort();
}

describe('cli: which files analyze picks up', function () {
  this.timeout(120_000);
  let project: TempProject;

  before(() => {
    ensureBuilt();
    project = createTempProject();
    mkdirSync(path.join(project.dir, '.git'));
    project.write('.gitignore', 'generated/\n*.gen.ts\n!keep.gen.ts\n/secret.ts\n');
    project.write('src/nested/.gitignore', 'local.ts\n');
    for (const file of [...KEPT, ...LEFT_OUT, ...NOT_SOURCE]) project.write(file, 'export const value = 1;\n');
  });
  after(() => project.dispose());

  it('walks the folder: every JS/TS extension, minus ignored, dependency, build and declaration files', async () => {
    assert.deepEqual(await analysedPaths([], project.dir), KEPT);
  });

  it('applies the repository root .gitignore when only a subfolder is analysed', async () => {
    const paths = await analysedPaths(['src'], project.dir);
    assert.deepEqual(paths, KEPT.filter((p) => p.startsWith('src/')));
    assert.ok(!paths.includes('src/a.gen.ts'));
  });

  it('reports paths relative to the working directory when run from a subfolder', async () => {
    const paths = await analysedPaths(['.'], path.join(project.dir, 'src', 'nested'));
    assert.deepEqual(paths, ['other.ts']);
  });

  it('skips what `--ignore GLOB` matches', async () => {
    const paths = await analysedPaths(['--ignore', '**/legacy/**', '--ignore', 'src/x.*'], project.dir);
    assert.deepEqual(paths, KEPT.filter((p) => !p.startsWith('src/legacy/') && !p.startsWith('src/x.')));
  });

  it('matches `--ignore` globs against paths relative to the working directory, also when a subfolder is walked', async () => {
    assert.deepEqual(await analysedPaths(['src', '--ignore', 'src/legacy/**', '--ignore', './src/x.*'], project.dir),
      KEPT.filter((p) => p.startsWith('src/') && !p.startsWith('src/legacy/') && !p.startsWith('src/x.')));
    assert.deepEqual(await analysedPaths(['nested', '--ignore', '**/other.ts'], path.join(project.dir, 'src')), []);
  });

  it('always analyses a file named on the command line, even inside node_modules or dist', async () => {
    const paths = await analysedPaths(['node_modules/pkg/index.js', 'dist/bundle.js', 'src/app.ts'], project.dir);
    assert.deepEqual(paths, ['dist/bundle.js', 'node_modules/pkg/index.js', 'src/app.ts']);
  });

  it('analyses a file once when it is reached through two paths', async () => {
    const paths = await analysedPaths(['src/nested', 'src/nested/other.ts', './src/nested/'], project.dir);
    assert.deepEqual(paths, ['src/nested/other.ts']);
  });
});
