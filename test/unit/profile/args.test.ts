// Tests for src/profile/args.ts: JSON arrays, JavaScript expressions, and the prefill.
import * as assert from 'node:assert/strict';
import { parseArgs, suggestArgs } from '../../../src/profile/args';
import { createArgsFactory, cloneProblem } from '../../../src/profile/harness/target';

describe('profile/args', () => {
  it('takes empty text as no arguments', () => {
    assert.deepEqual(parseArgs(''), { ok: true, spec: { kind: 'json', text: '[]' } });
    assert.deepEqual(parseArgs(undefined), { ok: true, spec: { kind: 'json', text: '[]' } });
  });

  it('takes a JSON array as JSON and anything else that compiles as an expression', () => {
    assert.deepEqual(parseArgs(' [1, "a"] '), { ok: true, spec: { kind: 'json', text: '[1, "a"]' } });
    assert.deepEqual(parseArgs('[1e6, new Map()]'), { ok: true, spec: { kind: 'expression', text: '[1e6, new Map()]' } });
  });

  it('rejects JSON that is not an array and text that does not compile, without running it', () => {
    const notArray = parseArgs('42');
    assert.equal(notArray.ok, false);
    assert.match(notArray.ok ? '' : notArray.message, /must be an array, e\.g\. \[42\]/);
    const broken = parseArgs('[1, (');
    assert.equal(broken.ok, false);
    assert.doesNotThrow(() => parseArgs('[process.exit(1)]'));
  });

  it('builds fresh arguments per call', () => {
    const make = createArgsFactory({ kind: 'expression', text: '[[3, 1, 2]]' });
    const first = make();
    (first[0] as number[]).sort();
    assert.deepEqual(make(), [[3, 1, 2]]);
    assert.throws(() => createArgsFactory({ kind: 'expression', text: '5' })(), /must evaluate to an array/);
  });

  it('prefills from @workloadArgs, else [] without parameters, else nothing', () => {
    assert.deepEqual(suggestArgs({ params: ['n'], workloadArgs: '[5]' }), { text: '[5]', source: 'jsdoc' });
    assert.deepEqual(suggestArgs({ params: [] }), { text: '[]', source: 'no-params' });
    assert.deepEqual(suggestArgs({ params: ['n'] }), { text: '', source: 'none' });
  });

  it('says why arguments would not reach a worker intact', () => {
    assert.equal(cloneProblem([1, 'a', { b: [new Date(), new Map([[1, 2]]), new Uint8Array(2)] }]), undefined);
    assert.match(cloneProblem([1, () => 2]) ?? '', /arguments\[1\] is a function/);
    class Point {
      x = 1;
    }
    assert.match(cloneProblem([{ at: new Point() }]) ?? '', /arguments\[0\]\.at is a Point instance/);
  });
});
