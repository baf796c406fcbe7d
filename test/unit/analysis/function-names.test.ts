// Function units and their names as DESIGN.md says a user reads them: the declaration name,
// `Class.method`, the variable of `const f = () => …`, the property key, `<module>`.
import * as assert from 'node:assert/strict';
import type { FunctionReport } from '../../../src/analysis';
import { analyze, code } from './rule-tester';

type Shape = Pick<FunctionReport, 'name' | 'kind' | 'line' | 'endLine'> & { nameColumn: number };

function shapes(source: string, filename?: string): Shape[] {
  return analyze(source, filename).functions.map((f) => ({
    name: f.name, kind: f.kind, line: f.line, endLine: f.endLine, nameColumn: f.nameSpan.column,
  }));
}

describe('function units and names', () => {
  it('names every function shape of a TypeScript file', () => {
    const source = code`
      export function declared() { return 1; }
      const expressed = function () { return 2; };
      const arrow = (x: number) => x * 2;
      class Shape {
        constructor(readonly size: number) {}
        area() { return this.size ** 2; }
        static unit() { return new Shape(1); }
        get double() { return this.size * 2; }
        set double(v: number) { this.size = v / 2; }
        onClick = () => this.area();
        #secret() { return 0; }
      }
      const api = {
        list() { return []; },
        create: (name: string) => ({ name }),
        'quoted-key': function () { return 3; },
      };
      export default function () { return 4; }
    `;
    assert.deepEqual(shapes(source), [
      { name: 'declared', kind: 'function', line: 1, endLine: 1, nameColumn: 17 },
      { name: 'expressed', kind: 'function', line: 2, endLine: 2, nameColumn: 7 },
      { name: 'arrow', kind: 'arrow', line: 3, endLine: 3, nameColumn: 7 },
      { name: 'Shape.constructor', kind: 'constructor', line: 5, endLine: 5, nameColumn: 3 },
      { name: 'Shape.area', kind: 'method', line: 6, endLine: 6, nameColumn: 3 },
      { name: 'Shape.unit', kind: 'method', line: 7, endLine: 7, nameColumn: 10 },
      { name: 'Shape.double', kind: 'getter', line: 8, endLine: 8, nameColumn: 7 },
      { name: 'Shape.double', kind: 'setter', line: 9, endLine: 9, nameColumn: 7 },
      { name: 'Shape.onClick', kind: 'arrow', line: 10, endLine: 10, nameColumn: 3 },
      { name: 'Shape.#secret', kind: 'method', line: 11, endLine: 11, nameColumn: 3 },
      { name: 'list', kind: 'method', line: 14, endLine: 14, nameColumn: 3 },
      { name: 'create', kind: 'arrow', line: 15, endLine: 15, nameColumn: 3 },
      { name: 'quoted-key', kind: 'function', line: 16, endLine: 16, nameColumn: 3 },
      { name: 'default', kind: 'function', line: 18, endLine: 18, nameColumn: 1 },
    ]);
  });

  describe('each shape is labelled from its own body', () => {
    const CPU = 'let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * Math.sin(i) / (i + 1); return s;';
    const IO = 'const res = await fetch(url); return res.json();';
    const SHAPES: Array<[string, string, string, string]> = [
      // [shape, source, expected name, expected label]
      ['declaration', `function work(n) { ${CPU} }`, 'work', 'cpu'],
      ['function expression', `const work = function (n) { ${CPU} };`, 'work', 'cpu'],
      ['arrow in a const', `const work = async (url) => { ${IO} };`, 'work', 'io'],
      ['class method', `class Job { work(n) { ${CPU} } }`, 'Job.work', 'cpu'],
      ['static method', `class Job { static async work(url) { ${IO} } }`, 'Job.work', 'io'],
      ['getter', `class Job { get work() { const n = this.n; ${CPU} } }`, 'Job.work', 'cpu'],
      ['setter', `class Job { set work(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * Math.sin(i) / (i + 1); this.s = s; } }`, 'Job.work', 'cpu'],
      ['constructor', `class Job { constructor(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * Math.sin(i) / (i + 1); this.s = s; } }`, 'Job.constructor', 'cpu'],
      ['object-literal method', `const jobs = { async work(url) { ${IO} } };`, 'work', 'io'],
      ['object-literal arrow property', `const jobs = { work: (n) => { ${CPU} } };`, 'work', 'cpu'],
      ['class property arrow', `class Job { work = async (url) => { ${IO} }; }`, 'Job.work', 'io'],
      ['export default function', `export default function (n) { ${CPU} }`, 'default', 'cpu'],
      ['module.exports.x = function', `module.exports.work = async function (url) { ${IO} };`, 'work', 'io'],
      ['<module> top-level code', `const n = 10_000_000; let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * Math.sin(i) / (i + 1);`, '<module>', 'cpu'],
    ];
    for (const [shape, source, name, label] of SHAPES) {
      it(`${shape}: ${name} is ${label}`, () => {
        const functions = analyze(`${source}\n`, 'shape.js').functions;
        assert.deepEqual(functions.map((f) => [f.name, f.label]), [[name, label]]);
      });
    }
  });

  it('names CommonJS exports, class expressions and named default exports', () => {
    const source = code`
      module.exports.load = function () { return 1; };
      exports.save = async () => 2;
      const Anonymous = class {
        run() { return 3; }
      };
      setTimeout(function tick() { return 4; }, 10);
      export default async function main() { return 5; }
    `;
    const named = shapes(source, 'test.js').filter((s) => s.kind !== 'module');
    assert.deepEqual(named.map((s) => [s.name, s.kind, s.line]), [
      ['load', 'function', 1],
      ['save', 'arrow', 2],
      ['Anonymous.run', 'method', 4],
      ['tick', 'function', 6],
      ['main', 'function', 7],
    ]);
  });

  it('names an async arrow in a const and keeps async on the report', () => {
    const [fn] = analyze(code`
      export const fetchAll = async (urls: string[]) => Promise.all(urls.map((u) => fetch(u)));
    `).functions;
    assert.equal(fn.name, 'fetchAll');
    assert.equal(fn.isAsync, true);
  });

  it('reports top-level code as <module> spanning the whole file when it does work', () => {
    const report = analyze(code`
      import { readFileSync } from 'node:fs';
      const config = JSON.parse(readFileSync('config.json', 'utf8'));
      let sum = 0;
      for (let i = 0; i < 10_000_000; i++) sum += i * i;
      console.log(config, sum);
    `);
    const module = report.functions.find((f) => f.name === '<module>');
    assert.ok(module, 'a <module> unit');
    assert.equal(module.kind, 'module');
    assert.equal(module.line, 1);
    assert.equal(module.endLine, 6);
    assert.equal(module.label, 'mixed', 'blocks on a read and computes');
    assert.deepEqual(report.findings.map((f) => [f.rule, f.function]), [
      ['blocking-sync-call', '<module>'],
      ['hot-loop', '<module>'],
    ]);
  });

  it('leaves out a <module> with nothing to report', () => {
    const report = analyze(code`
      export const answer = 42;
      export function add(a: number, b: number) { return a + b; }
    `);
    assert.deepEqual(report.functions.map((f) => f.name), ['add']);
  });
});
