// The workspace scan's file analysis (run in its workers): every path gets an answer, in the
// order given, and a file it should not read is skipped with a reason instead of failing the batch.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeFiles } from '../../../src/extension/analyze-files';

describe('analyzeFiles (workspace scan)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wh-analyze-files-'));
    writeFileSync(path.join(dir, 'io.ts'), "import { readFile } from 'node:fs/promises';\nexport async function load(ps: string[]) { for (const p of ps) await readFile(p); }\n");
    writeFileSync(path.join(dir, 'big.ts'), `export const x = 1;\n${'// padding\n'.repeat(500)}`);
    writeFileSync(path.join(dir, 'types.d.ts'), 'export declare const y: number;\n');
    writeFileSync(path.join(dir, 'binary.js'), 'const a = 1;\u0000\u0001');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every path in order: analysed, too large (not read), not a source, binary, unreadable', () => {
    const paths = ['io.ts', 'big.ts', 'types.d.ts', 'binary.js', 'missing.ts'].map((name) => path.join(dir, name));
    const results = analyzeFiles(paths, { maxFileSize: 2048 });
    assert.deepEqual(results.map((r) => r.path), paths);
    const [io, big, types, binary, missing] = results;
    assert.equal(io.kind, 'analyzed');
    if (io.kind === 'analyzed') assert.deepEqual(io.report.findings.map((f) => f.rule), ['await-in-loop']);
    assert.ok(big.kind === 'skipped' && /larger than/.test(big.reason), JSON.stringify(big));
    assert.ok(types.kind === 'skipped' && /not a TypeScript\/JavaScript source/.test(types.reason), JSON.stringify(types));
    assert.ok(binary.kind === 'skipped' && /binary/.test(binary.reason), JSON.stringify(binary));
    assert.ok(missing.kind === 'skipped' && /^unreadable: .*ENOENT/.test(missing.reason), JSON.stringify(missing));
  });
});
