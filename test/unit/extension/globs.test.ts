// The scan's exclude pattern: several globs flattened into one `{…}` group without nesting.
import * as assert from 'node:assert/strict';
import { expandBraces, joinGlobs } from '../../../src/extension/globs';

describe('extension/globs', () => {
  it('expands brace groups, nested ones too', () => {
    assert.deepEqual(expandBraces('a/{b,c}/*.{js,ts}'), ['a/b/*.js', 'a/b/*.ts', 'a/c/*.js', 'a/c/*.ts']);
    assert.deepEqual(expandBraces('{x,y{1,2}}'), ['x', 'y1', 'y2']);
    assert.deepEqual(expandBraces('**/node_modules/**'), ['**/node_modules/**']);
    assert.deepEqual(expandBraces('broken{a,b'), ['broken{a,b']);
  });

  it('joins patterns into one group, or none', () => {
    assert.equal(joinGlobs([]), undefined);
    assert.equal(joinGlobs(['**/dist/**']), '**/dist/**');
    assert.equal(joinGlobs(['**/dist/**', '**/*.{min.js,map}', '**/dist/**']), '{**/dist/**,**/*.min.js,**/*.map}');
  });
});
