// Tests for src/profile/capture.ts and bundle.ts's module-global rewriting.
import * as assert from 'node:assert/strict';
import { localizeModuleGlobals } from '../../../src/profile/bundle';
import { firstUserFrame, OutputBuffer } from '../../../src/profile/capture';

describe('profile/capture', () => {
  it('keeps head and tail of long output and says how much it dropped', () => {
    const buffer = new OutputBuffer(10);
    buffer.append('abcdefgh');
    buffer.append('ijklmnop');
    assert.equal(buffer.truncated, true);
    assert.equal(buffer.toString(), 'abcde\n… 6 characters dropped …\nlmnop');
    const small = new OutputBuffer(10);
    small.append('hi');
    assert.equal(small.toString(), 'hi');
    assert.equal(small.truncated, false);
  });

  it('finds the first user frame of a mapped stack', () => {
    const stack = [
      'TypeError: boom',
      '    at helper (/w/node_modules/lib/index.js:3:9)',
      '    at parse (file:///w/src/a.ts:7:40)',
      '    at /w/src/b.ts:2:1',
    ].join('\n');
    const isUser = (f: string) => !f.includes('node_modules');
    assert.deepEqual(firstUserFrame(stack, isUser), { file: '/w/src/a.ts', line: 7, column: 40 });
    assert.equal(firstUserFrame('Error: x', isUser), undefined);
  });

  it('gives user files their own import.meta.url, __dirname and __filename without adding lines', () => {
    const out = localizeModuleGlobals('const u = import.meta.url;\nconsole.log(__dirname, __filename);\n', '/w/src/a.ts');
    assert.equal(out.split('\n').length, 3);
    assert.match(out, /^var __dirname = "\/w\/src"; var __filename = "\/w\/src\/a\.ts"; const u = "file:\/\/\/w\/src\/a\.ts";/);
    const declared = 'const __dirname = dirname(fileURLToPath(import.meta.url));\n';
    assert.doesNotMatch(localizeModuleGlobals(declared, '/w/a.ts'), /var __dirname/);
    assert.match(localizeModuleGlobals('#!/usr/bin/env node\nuse(__dirname);', '/w/a.js'), /^#!\/usr\/bin\/env node\nvar __dirname = "\/w";/);
  });
});
