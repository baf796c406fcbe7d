// Tests for src/profile/locate.ts: finding a function by its DESIGN.md name, how the harness
// reaches it, and the `@workloadArgs` prefill.
import * as assert from 'node:assert/strict';
import { listProfilableFunctions, locateFunction, TARGET_EXPORT } from '../../../src/profile/locate';

const ESM = `import { x } from './x';
/**
 * Adds.
 * @workloadArgs [1,
 *   2]
 * @returns the sum
 */
export function add(a: number, b: number) { return a + b; }
function hidden() { return 1; }
const arrow = async (...rest: number[]) => rest.length;
export class Pool {
  run(n: number) { return n; }
  static make() { return new Pool(); }
  handle = () => 1;
}
const api = { load() { return 1; }, parse: (s: string) => s };
export default function main() { function inner() {} return inner; }
`;

const CJS = `function sum(n) { return n; }
module.exports = { sum, twice(n) { return 2 * n; } };
module.exports.cube = (n) => n ** 3;
exports.square = function (n) { return n * n; };
`;

function found(file: string, text: string, name: string, line?: number) {
  const result = locateFunction(file, text, name, line);
  assert.equal(result.kind, 'found', result.kind === 'not-found' ? result.reason : '');
  return result.fn;
}

describe('profile/locate', () => {
  const table: Array<[name: string, path: string[], call: string, suffix: RegExp | '']> = [
    ['add', [TARGET_EXPORT], 'plain', /^\nexport \{ add as __workloadHintsTarget \};\n$/],
    ['hidden', [TARGET_EXPORT], 'plain', /export \{ hidden as/],
    ['arrow', [TARGET_EXPORT], 'plain', /export \{ arrow as/],
    ['Pool.run', [TARGET_EXPORT, 'run'], 'instance', /export \{ Pool as/],
    ['Pool.make', [TARGET_EXPORT, 'make'], 'method', /export \{ Pool as/],
    ['Pool.handle', [TARGET_EXPORT, 'handle'], 'instance', /export \{ Pool as/],
    ['load', [TARGET_EXPORT, 'load'], 'method', /export \{ api as/],
    ['parse', [TARGET_EXPORT, 'parse'], 'method', /export \{ api as/],
    ['main', ['default'], 'plain', ''],
    ['default', ['default'], 'plain', ''],
  ];
  for (const [name, path, call, suffix] of table) {
    it(`reaches ESM ${name}`, () => {
      const fn = found('/w/a.ts', ESM, name);
      assert.deepEqual(fn.access, { path, call });
      if (suffix === '') assert.equal(fn.exportSuffix, '');
      else assert.match(fn.exportSuffix, suffix);
    });
  }

  it('reaches CommonJS exports and appends a module.exports assignment for bindings', () => {
    const sum = found('/w/a.js', CJS, 'sum');
    assert.equal(sum.exportSuffix, `\n;module.exports.${TARGET_EXPORT} = sum;\n`);
    assert.deepEqual(found('/w/a.js', CJS, 'twice').access, { path: ['default', 'twice'], call: 'method' });
    assert.deepEqual(found('/w/a.js', CJS, 'cube').access, { path: ['default', 'cube'], call: 'method' });
    assert.deepEqual(found('/w/a.js', CJS, 'square').access, { path: ['default', 'square'], call: 'method' });
  });

  it('treats .mjs as ESM and .cjs as CommonJS by extension', () => {
    assert.match(found('/w/a.mjs', 'function f() {}', 'f').exportSuffix, /^\nexport/);
    assert.match(found('/w/a.cjs', 'export function f() {}', 'f').exportSuffix, /module\.exports/);
  });

  it('gives span, parameters and the @workloadArgs value', () => {
    const fn = found('/w/a.ts', ESM, 'add');
    assert.equal(fn.line, 8);
    assert.equal(fn.endLine, 8);
    assert.deepEqual(fn.params, ['a', 'b']);
    assert.equal(fn.workloadArgs, '[1,\n  2]');
    assert.deepEqual(found('/w/a.ts', ESM, 'arrow').params, ['…rest']);
    assert.equal(found('/w/a.ts', ESM, 'hidden').workloadArgs, undefined);
  });

  it('uses the line to choose between functions of the same name', () => {
    const text = 'const a = { run() { return 1; } };\nconst b = { run() { return 2; } };\n';
    assert.match(found('/w/a.ts', text, 'run', 2).exportSuffix, /= b;/);
    assert.match(found('/w/a.ts', text, 'run').exportSuffix, /= a;/);
  });

  it('explains a nested function and lists the reachable ones', () => {
    const result = locateFunction('/w/a.ts', ESM, 'inner');
    assert.equal(result.kind, 'not-found');
    assert.match(result.kind === 'not-found' ? result.reason : '', /line 17 is declared inside another function/);
    assert.ok(result.kind === 'not-found' && result.candidates.includes('Pool.run'));
    const missing = locateFunction('/w/a.ts', ESM, 'nope');
    assert.match(missing.kind === 'not-found' ? missing.reason : '', /no function named `nope`/);
  });

  it('lists profilable functions with their spans', () => {
    const names = listProfilableFunctions('/w/a.ts', ESM).map((f) => `${f.name}:${f.line}`);
    assert.deepEqual(names, ['add:8', 'hidden:9', 'arrow:10', 'Pool.run:12', 'Pool.make:13', 'Pool.handle:14', 'load:16', 'parse:16', 'main:17']);
  });
});
