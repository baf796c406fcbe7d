// Tests for src/profile/source-map.ts and hot-lines.ts: VLQ decoding, and an esbuild bundle's
// lines mapped back to the original file.
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { mapHotLines } from '../../../src/profile/hot-lines';
import { createLineMapper, decodeVlq } from '../../../src/profile/source-map';

describe('profile/source-map', () => {
  it('decodes base64 VLQ segments', () => {
    assert.deepEqual(decodeVlq('AAAA'), [0, 0, 0, 0]);
    assert.deepEqual(decodeVlq('AACA'), [0, 0, 1, 0]);
    assert.deepEqual(decodeVlq('D'), [-1]);
    assert.deepEqual(decodeVlq('gB'), [16]);
  });

  it('maps the lines of an esbuild bundle back to the TypeScript source', async () => {
    const source = ['// header', 'type N = number;', 'export function f(n: N): number {', '  let s = 0;', '  for (let i = 0; i < n; i++) s += i;', '  return s;', '}', ''].join('\n');
    const out = await esbuild.build({
      stdin: { contents: source, loader: 'ts', sourcefile: '/w/src/f.ts' },
      bundle: true, format: 'esm', sourcemap: 'external', write: false, outfile: '/w/out/bundle.mjs', logLevel: 'silent',
    });
    const map = out.outputFiles.find((f) => f.path.endsWith('.map'))!;
    const code = out.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text.split('\n');
    const mapper = createLineMapper(map.text, '/w/out/bundle.mjs.map');
    const loopLine = code.findIndex((l) => l.includes('for (let i')) + 1;
    assert.deepEqual(mapper.originalLine(loopLine), { file: '/w/src/f.ts', line: 5 });
    assert.equal(mapper.originalLine(10_000), undefined);

    const hot = mapHotLines(
      { intervalUs: 1000, totalSamples: 100, idleSamples: 20, gcSamples: 0, lines: { [`u\n${loopLine}`]: 60, [`u\n${loopLine + 1}`]: 4 } },
      mapper,
      { functionFile: '/w/src/f.ts', functionLine: 3, functionEndLine: 7, lineText: (_f, line) => source.split('\n')[line - 1] },
    );
    assert.deepEqual(hot, [
      { file: '/w/src/f.ts', line: 5, share: 0.75, selfMs: 60, text: 'for (let i = 0; i < n; i++) s += i;', inFunction: true, external: false },
      { file: '/w/src/f.ts', line: 6, share: 0.05, selfMs: 4, text: 'return s;', inFunction: true, external: false },
    ]);
  });
});
