// The workspace scan honours .gitignore files at the root and in nested folders, as git does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filterIgnored } from '../../../src/extension/gitignore-filter';

describe('extension/gitignore-filter', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-hints-gitignore-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('.gitignore', 'build/\n*.gen.ts\n');
    write('src/.gitignore', 'local-*.ts\n!keep.gen.ts\n');
    write('build/.gitignore', '!out.ts\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps what no .gitignore ignores, in order', async () => {
    const files = ['a.ts', 'build/out.ts', 'x.gen.ts', 'src/b.ts', 'src/local-1.ts', 'src/keep.gen.ts', 'src/deep/c.ts', 'src/deep/local-2.ts'];
    const kept = await filterIgnored(root, files.map((file) => path.join(root, file)));
    assert.deepEqual(
      kept.map((file) => path.relative(root, file).split(path.sep).join('/')),
      ['a.ts', 'src/b.ts', 'src/keep.gen.ts', 'src/deep/c.ts'],
    );
  });

  it('keeps paths outside the root', async () => {
    const outside = path.join(os.tmpdir(), 'elsewhere.ts');
    assert.deepEqual(await filterIgnored(root, [outside]), [outside]);
  });
});
