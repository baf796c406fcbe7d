// The per-file name index the worker-pool move reads: references of each name and the first
// change of each, as one walk per name would find them (source order, nested changes included).
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { contextFor } from '../../../src/rewrite/context';
import { firstChange, moduleDecls, referencesOutside } from '../../../src/rewrite/module-decls';
import { nameIndex } from '../../../src/rewrite/name-index';
import { code, ROOT } from './support';

const FILE = `${ROOT}/src/index-case.ts`;

function treeOf(text: string): ts.SourceFile {
  const context = contextFor(FILE, text);
  assert.ok(context);
  return context.sourceFile;
}

/** `line:text` of a node, for readable expectations. */
function at(sf: ts.SourceFile, node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  return `${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}:${node.getText(sf)}`;
}

describe('rewrite: name index', () => {
  const text = code`
    import { join } from 'node:path';
    const cache = new Map<string, number>();
    let count = 0;
    const limits = { max: 3 };
    const frozen = [1, 2];
    export function hit(key: string): number {
      count++;
      if (cache.has(key)) return cache.get(key)!;
      cache.set(key, (limits.max = limits.max + 1));
      return frozen[0] + join('a', key).length;
    }
    function other(cache: string[]): void {
      cache.push('shadowed, but counted by name as before');
    }
    delete (limits as { max?: number }).max;
    void other;
  `;

  it('finds the first change of each name in source order: ++, a mutating call, an assignment nested in a call, delete', () => {
    const sf = treeOf(text);
    assert.equal(at(sf, firstChange(sf, 'count')), '7:count++');
    assert.equal(at(sf, firstChange(sf, 'cache')), "9:cache.set(key, (limits.max = limits.max + 1))");
    assert.equal(at(sf, firstChange(sf, 'limits')), '9:limits.max = limits.max + 1');
    assert.equal(firstChange(sf, 'frozen'), undefined);
    assert.equal(firstChange(sf, 'join'), undefined);
  });

  it('lists references by name in source order, property names and import specifiers excluded', () => {
    const sf = treeOf(text);
    const refs = nameIndex(sf).references;
    assert.deepEqual(refs.get('limits')?.map((id) => at(sf, id)), ['4:limits', '9:limits', '9:limits', '15:limits']);
    assert.deepEqual(refs.get('max')?.map((id) => at(sf, id)), undefined);
    assert.equal(nameIndex(sf), nameIndex(sf), 'built once per tree');
  });

  it('referencesOutside skips the declaration itself and the code that moves', () => {
    const sf = treeOf(text);
    const decls = moduleDecls(sf);
    const hit = decls.get('hit')!;
    const other = decls.get('other')!;
    assert.equal(referencesOutside(sf, decls.get('frozen')!, [hit.statement]), false);
    assert.equal(referencesOutside(sf, decls.get('limits')!, [hit.statement]), true, 'the delete statement reads it');
    assert.equal(referencesOutside(sf, decls.get('join')!, [hit.statement]), false, 'the import specifier is its own name');
    assert.equal(referencesOutside(sf, other, []), true, '`void other`');
    assert.equal(referencesOutside(sf, decls.get('cache')!, [hit.statement]), true, 'the parameter of `other` has the same name');
  });
});
