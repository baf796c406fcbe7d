// The change range the worker hands to ts.updateSourceFile must describe exactly how the
// text changed, however many edits (and multi-cursor changes) were folded into it.
import * as assert from 'node:assert/strict';
import { applyChange, composeChanges, enclosingChange, type TextChange } from '../../../src/extension/change-range';
import type { ChangeRange } from '../../../src/extension/worker-protocol';

/** Applies one VS Code-style change event (all offsets relative to `text`). */
function apply(text: string, changes: TextChange[]): string {
  return [...changes]
    .sort((a, b) => b.rangeOffset - a.rangeOffset)
    .reduce((out, c) => out.slice(0, c.rangeOffset) + c.text + out.slice(c.rangeOffset + c.rangeLength), text);
}

/** True when the worker, given `base`, the range and the text that replaced it, rebuilds `latest`. */
function describes(base: string, latest: string, range: ChangeRange): boolean {
  const newText = latest.slice(range.start, range.start + range.newLength);
  return applyChange(base, { change: range, newText, length: latest.length }) === latest && range.oldLength >= 0 && range.newLength >= 0;
}

describe('extension/change-range', () => {
  it('encloses the changes of one event in any order', () => {
    const text = 'abcdefghij';
    const changes = [
      { rangeOffset: 7, rangeLength: 1, text: 'XY' },
      { rangeOffset: 1, rangeLength: 2, text: '' },
    ];
    const range = enclosingChange(changes)!;
    assert.deepEqual(range, { start: 1, oldLength: 7, newLength: 6 });
    assert.ok(describes(text, apply(text, changes), range));
  });

  it('rebuilds no text from a change that does not fit the text the worker holds', () => {
    const change = { start: 2, oldLength: 3, newLength: 1 };
    assert.equal(applyChange('abcdefg', { change, newText: 'X', length: 5 }), 'abXfg');
    assert.equal(applyChange('abcdefg', { change, newText: 'X', length: 6 }), undefined, 'the document has another length');
    assert.equal(applyChange('abcdefg', { change, newText: 'XY', length: 5 }), undefined, 'the new text has another length');
    assert.equal(applyChange('abc', { change, newText: 'X', length: 1 }), undefined, 'the range runs past the text');
    assert.equal(applyChange('abcdefg', { change }), undefined, 'no new text');
  });

  it('has nothing to enclose for an event without changes', () => {
    assert.equal(enclosingChange([]), undefined);
  });

  it('composes successive edits before, inside, after and around each other', () => {
    const cases: TextChange[][][] = [
      [[{ rangeOffset: 5, rangeLength: 0, text: 'abc' }], [{ rangeOffset: 1, rangeLength: 1, text: '' }]],
      [[{ rangeOffset: 2, rangeLength: 3, text: 'Q' }], [{ rangeOffset: 8, rangeLength: 2, text: 'zz' }]],
      [[{ rangeOffset: 2, rangeLength: 0, text: 'hello' }], [{ rangeOffset: 4, rangeLength: 2, text: '' }]],
      [[{ rangeOffset: 3, rangeLength: 2, text: '' }], [{ rangeOffset: 0, rangeLength: 12, text: 'all new' }]],
    ];
    for (const events of cases) {
      let text = '0123456789abcdef';
      const base = text;
      let range: ChangeRange | undefined;
      for (const changes of events) {
        range = composeChanges(range, enclosingChange(changes));
        text = apply(text, changes);
      }
      assert.ok(describes(base, text, range!), JSON.stringify({ events, range }));
    }
  });

  it('keeps describing the text over many random edits', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const base = 'x'.repeat(20 + random(40));
      let text = base;
      let range: ChangeRange | undefined;
      for (let edit = 0; edit < 1 + random(6); edit++) {
        const offset = random(text.length + 1);
        const length = random(Math.min(5, text.length - offset) + 1);
        const change = { rangeOffset: offset, rangeLength: length, text: 'y'.repeat(random(4)) };
        range = composeChanges(range, enclosingChange([change]));
        text = apply(text, [change]);
      }
      assert.ok(describes(base, text, range!), `round ${round}`);
    }
  });
});
