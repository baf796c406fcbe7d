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

    const fnLine = code.findIndex((l) => l.includes('function f(')) + 1;
    const hot = mapHotLines(
      {
        intervalUs: 1000,
        totalSamples: 100,
        idleSamples: 20,
        gcSamples: 0,
        nodes: [
          { id: 1, kind: 'meta', functionName: '(root)', line: 0, self: 0 },
          { id: 2, parent: 1, kind: 'bundle', functionName: 'f', line: fnLine, self: 54, ticks: [[loopLine, 50], [loopLine + 1, 4]] },
          { id: 3, parent: 2, kind: 'other', functionName: 'digest', url: 'node:crypto', line: 1, self: 10 },
          { id: 4, parent: 3, kind: 'other', functionName: '', url: '', line: 0, self: 6 },
          { id: 5, parent: 1, kind: 'other', functionName: 'processTimers', url: 'node:internal/timers', line: 1, self: 10 },
        ],
      },
      mapper,
      { functionFile: '/w/src/f.ts', functionLine: 3, functionEndLine: 7, lineText: (_f, line) => source.split('\n')[line - 1] },
    );
    assert.deepEqual(hot, [
      { file: '/w/src/f.ts', line: 5, share: 0.625, selfMs: 50, text: 'for (let i = 0; i < n; i++) s += i;', inFunction: true },
      { file: '/w/src/f.ts', line: 3, share: 0.2, selfMs: 16, text: 'export function f(n: N): number {', inFunction: true, via: 'digest (node:crypto)' },
      { file: '/w/src/f.ts', line: 6, share: 0.05, selfMs: 4, text: 'return s;', inFunction: true },
    ]);
  });
});
