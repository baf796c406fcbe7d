// `workload-hints fix`, run in-process on a temporary project: dry-run diff, --stdout, --write
// (new worker file, package.json on request), --all until nothing is left, exit codes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFixCommand, unifiedDiff } from '../../../src/cli/fix-command';
import { UsageError } from '../../../src/cli/io';
import { code } from './support';

const APP = code`
  import { readFileSync } from 'node:fs';

  function spin(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
    return s;
  }

  export async function main(base: string) {
    const user = await fetchJson(base + '/user');
    const stats = await fetchJson(base + '/stats');
    const config = readFileSync('config.json', 'utf8');
    return { user, stats, config, n: spin(1e6) };
  }
  declare function fetchJson(url: string): Promise<unknown>;
`;

describe('workload-hints fix', () => {
  let dir: string;
  let out: string;
  let err: string;
  const io = () => ({ stdout: (s: string) => { out += s; }, stderr: (s: string) => { err += s; }, cwd: dir });
  const run = (...argv: string[]) => runFixCommand(argv, io());

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wh-fix-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "app"\n}\n');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "module": "node16", "outDir": "dist", "rootDir": "src" } }');
    fs.writeFileSync(path.join(dir, 'src/app.ts'), APP);
    out = '';
    err = '';
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('usage errors are UsageErrors (exit 2 from main)', async () => {
    await assert.rejects(run(), UsageError);
    await assert.rejects(run('src/app.ts'), UsageError);
    await assert.rejects(run('src/app.ts', '--rule', 'nope', '--line', '3'), UsageError);
    await assert.rejects(run('src/app.ts', '--all', '--write', '--stdout'), UsageError);
  });

  it('without --write or --stdout prints a diff and changes nothing', async () => {
    assert.equal(await run('src/app.ts', '--rule', 'sequential-awaits', '--line', '10'), 0);
    assert.match(out, /^--- a\/src\/app\.ts\n\+\+\+ b\/src\/app\.ts\n@@ /);
    assert.match(out, /\n- {2}const user = await fetchJson\(base \+ '\/user'\);\n/);
    assert.match(out, /\n\+ {2}const \[user, stats\] = await Promise\.all\(\[fetchJson\(base \+ '\/user'\), fetchJson\(base \+ '\/stats'\)\]\);\n/);
    assert.equal(fs.readFileSync(path.join(dir, 'src/app.ts'), 'utf8'), APP);
  });

  it('--stdout prints the fixed file', async () => {
    assert.equal(await run('src/app.ts', '--rule', 'blocking-sync-call', '--line', '12', '--stdout'), 0);
    assert.match(out, /const config = await readFile\('config\.json', 'utf8'\);/);
    assert.match(err, /blocking-sync-call/);
  });

  it('no finding at that line, or no fix offered: exit 1 with the reason', async () => {
    assert.equal(await run('src/app.ts', '--rule', 'await-in-loop', '--line', '3'), 1);
    assert.match(err, /no await-in-loop finding at src\/app\.ts:3/);
  });

  it('--write moves a function to a worker file; --add-dependency adds piscina', async () => {
    assert.equal(await run('src/app.ts', '--rule', 'hot-loop', '--line', '5', '--write', '--add-dependency'), 0);
    assert.ok(fs.existsSync(path.join(dir, 'src/spin.worker.ts')));
    assert.match(fs.readFileSync(path.join(dir, 'src/app.ts'), 'utf8'), /n: await spinPool\.run\(\[1e6\]\)/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies, { piscina: '^5.3.2' });
    assert.match(out, /created src\/spin\.worker\.ts/);
  });

  it('--all --write fixes every quick fix, leaves the refactoring for --rule hot-loop, and a second run finds nothing', async () => {
    assert.equal(await run('src/app.ts', '--all', '--write'), 0);
    const fixed = fs.readFileSync(path.join(dir, 'src/app.ts'), 'utf8');
    assert.match(fixed, /Promise\.all/);
    assert.match(fixed, /await readFile\(/);
    assert.match(err, /hot-loop {2}not fixed: .*refactoring/);
    out = '';
    err = '';
    assert.equal(await run('src/app.ts', '--all', '--write'), 0);
    assert.equal(fs.readFileSync(path.join(dir, 'src/app.ts'), 'utf8'), fixed);
    assert.match(out, /nothing to fix/);
  });

  it('--all fixes one call at a time: the sync import goes with the last call that used it', async () => {
    fs.writeFileSync(path.join(dir, 'src/pair.ts'), code`
      import { existsSync, readFileSync } from 'node:fs';

      export async function pair(a: string, b: string) {
        return existsSync(a) ? [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')] : [];
      }
    `);
    assert.equal(await run('src/pair.ts', '--all', '--write'), 0);
    assert.equal(fs.readFileSync(path.join(dir, 'src/pair.ts'), 'utf8'), code`
      import { access, readFile } from 'node:fs/promises';

      export async function pair(a: string, b: string) {
        return await access(a).then(() => true, () => false) ? [await readFile(a, 'utf8'), await readFile(b, 'utf8')] : [];
      }
    `);
  });

  it('unifiedDiff shows only the changed lines with context', () => {
    const diff = unifiedDiff('a\nb\nc\nd\n', 'a\nB\nc\nd\n', 'x', 'y');
    assert.equal(diff, '--- x\n+++ y\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n');
  });
});
