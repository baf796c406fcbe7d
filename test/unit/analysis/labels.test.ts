// Labels (cpu / io / mixed / neutral) with their reasons and lines, propagation along calls
// inside a file, and the `@workload` pragma that overrides a label.
import * as assert from 'node:assert/strict';
import type { FunctionReport, Label } from '../../../src/analysis';
import { analyze, code } from './rule-tester';

interface LabelCase {
  name: string;
  code: string;
  filename?: string;
  /** Function name → expected label. */
  labels: Record<string, Label>;
  /** Function name → reasons that must be present: [message substring, line, kind?]. */
  reasons?: Record<string, Array<[string, number, string?]>>;
}

function byName(functions: FunctionReport[], name: string): FunctionReport {
  const fn = functions.find((f) => f.name === name);
  assert.ok(fn, `no function ${name} in ${functions.map((f) => f.name).join(', ')}`);
  return fn;
}

const CASES: LabelCase[] = [
  {
    name: 'cpu: Monte-Carlo pi loop',
    code: code`
      export function estimatePi(samples: number) {
        let inside = 0;
        for (let i = 0; i < samples; i++) {
          const x = Math.random();
          const y = Math.random();
          if (x * x + y * y <= 1) inside++;
        }
        return (4 * inside) / samples;
      }
    `,
    labels: { estimatePi: 'cpu' },
    reasons: { estimatePi: [['loop over `samples`', 3, 'cpu']] },
  },
  {
    name: 'cpu: nested loops over two inputs',
    code: code`
      export function join(left: Row[], right: Row[]) {
        const out = [];
        for (const a of left) {
          for (const b of right) if (a.key === b.key) out.push([a, b]);
        }
        return out;
      }
    `,
    labels: { join: 'cpu' },
    reasons: { join: [['nested loops over `left` × `right`', 3]] },
  },
  {
    name: 'cpu: exponential recursion',
    code: code`
      export function fib(n: number): number {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
      }
    `,
    labels: { fib: 'cpu' },
    reasons: { fib: [['recursive', 1, 'cpu']] },
  },
  {
    name: 'cpu: pbkdf2Sync',
    code: code`
      import { pbkdf2Sync } from 'node:crypto';

      export function hash(password: string) {
        return pbkdf2Sync(password, 'salt', 100_000, 64, 'sha512');
      }
    `,
    labels: { hash: 'cpu' },
    reasons: { hash: [['pbkdf2Sync', 4, 'cpu']] },
  },
  {
    name: 'io: awaits fetch',
    code: code`
      export async function load(url: string) {
        const res = await fetch(url);
        return res.json();
      }
    `,
    labels: { load: 'io' },
    reasons: { load: [['awaits `fetch`', 2, 'io']] },
  },
  {
    name: 'io: fs/promises',
    code: code`
      import { readFile } from 'node:fs/promises';

      export async function readConfig(path: string) {
        const text = await readFile(path, 'utf8');
        return text.trim();
      }
    `,
    labels: { readConfig: 'io' },
    reasons: { readConfig: [['awaits `readFile`', 4, 'io']] },
  },
  {
    name: 'io: a blocking read is still I/O',
    code: code`
      import fs from 'node:fs';
      export function loadConfig() {
        return fs.readFileSync('config.json', 'utf8');
      }
    `,
    labels: { loadConfig: 'io' },
    reasons: { loadConfig: [['readFileSync', 3, 'io']] },
  },
  {
    name: 'mixed: awaits I/O and runs a hot loop',
    code: code`
      export async function pipeline(url: string) {
        const res = await fetch(url);
        const values: number[] = await res.json();
        let acc = 0;
        for (let i = 0; i < values.length; i++) {
          acc = (acc * 31 + values[i]) % 1_000_003 + (i & 7) - (acc >> 2);
        }
        return acc;
      }
    `,
    labels: { pipeline: 'mixed' },
    reasons: { pipeline: [['awaits `fetch`', 2, 'io'], ['loop over `values`', 5, 'cpu']] },
  },
  {
    name: 'neutral: plain arithmetic and small loops',
    code: code`
      export function add(a: number, b: number) {
        return a + b;
      }
      export function firstThree(xs: number[]) {
        const out = [];
        for (let i = 0; i < 3; i++) out.push(xs[i]);
        return out;
      }
      export const ids = (users: Array<{ id: string }>) => users.map((u) => u.id);
    `,
    labels: { add: 'neutral', firstThree: 'neutral', ids: 'neutral' },
  },
  {
    name: 'propagation: calling a cpu function in a loop is cpu',
    code: code`
      function fib(n: number): number {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
      }
      export function runAll(inputs: number[]) {
        const out = [];
        for (const n of inputs) {
          out.push(fib(n));
        }
        return out;
      }
    `,
    labels: { fib: 'cpu', runAll: 'cpu' },
    reasons: { runAll: [['calls `fib` (CPU-bound) in a loop', 7, 'call']] },
  },
  {
    name: 'propagation: awaiting a local io function makes the caller io',
    code: code`
      import { readFile } from 'node:fs/promises';

      export async function main() {
        const config = await loadConfig();
        return config.name;
      }

      async function loadConfig() {
        return JSON.parse(await readFile('config.json', 'utf8'));
      }
    `,
    labels: { main: 'io', loadConfig: 'io' },
    reasons: { main: [['awaits `loadConfig` (I/O-bound)', 4, 'call']] },
  },
  {
    name: 'propagation: through a chain of calls and a class method',
    code: code`
      export class Renderer {
        render(pixels: number[]) {
          return this.blur(pixels);
        }
        blur(pixels: number[]) {
          const out = new Array(pixels.length);
          for (let i = 1; i < pixels.length - 1; i++) {
            out[i] = (pixels[i - 1] + 2 * pixels[i] + pixels[i + 1]) / 4 | 0;
          }
          return out;
        }
      }
    `,
    labels: { 'Renderer.blur': 'cpu', 'Renderer.render': 'cpu' },
    reasons: { 'Renderer.render': [['calls `Renderer.blur` (CPU-bound)', 3, 'call']] },
  },
  {
    name: 'an inline callback does its work in its parent',
    code: code`
      import { createHash } from 'node:crypto';
      export function digests(files: Buffer[]) {
        return files.map((f) => createHash('sha256').update(f).digest('hex'));
      }
    `,
    labels: { digests: 'cpu' },
    reasons: { digests: [['`crypto.createHash` per iteration over `files`', 3, 'cpu']] },
  },
  {
    name: '@workload overrides the label, with the pragma as first reason',
    code: code`
      // @workload cpu
      export async function render(url: string) {
        return (await fetch(url)).text();
      }

      /** Looks like CPU work, but the sizes are tiny. */
      // @workload neutral
      export function small(grid: number[][]) {
        let s = 0;
        for (const row of grid) for (const cell of grid) s += row.length * cell.length;
        return s;
      }
    `,
    labels: { render: 'cpu', small: 'neutral' },
    reasons: { render: [['set by `@workload cpu`', 1, 'pragma']], small: [['set by `@workload neutral`', 7, 'pragma']] },
  },
  {
    name: '@workload above a class method and an arrow in a const',
    code: code`
      export class Worker {
        // @workload io
        compute(xs: number[]) { return xs.length; }
      }
      // @workload mixed
      export const step = async () => 1;
    `,
    labels: { 'Worker.compute': 'io', step: 'mixed' },
  },
  {
    name: '@workload on every function shape',
    code: code`
      const api = {
        // @workload cpu
        a: () => 1,
        // @workload io
        b() { return 2; },
      };
      class K {
        // @workload mixed
        p = () => 3;
        /** Documented. */
        // @workload cpu
        static s() { return 4; }
      }
      // @workload io
      module.exports.load = function () { return 5; };
      // @workload cpu
      export default function () { return 6; }
      /* @workload io */ function f() { return 7; }
    `,
    labels: { a: 'cpu', b: 'io', 'K.p': 'mixed', 'K.s': 'cpu', load: 'io', default: 'cpu', f: 'io' },
    reasons: { 'K.s': [['set by `@workload cpu`', 11, 'pragma']], f: [['set by `@workload io`', 18, 'pragma']] },
  },
];

describe('labels', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { functions } = analyze(c.code, c.filename);
      for (const [name, label] of Object.entries(c.labels)) {
        const fn = byName(functions, name);
        assert.equal(fn.label, label, `${name}: ${JSON.stringify(fn.reasons)}`);
        assert.ok(fn.confidence > 0 && fn.confidence <= 1, `${name} confidence ${fn.confidence}`);
      }
      for (const [name, expected] of Object.entries(c.reasons ?? {})) {
        const fn = byName(functions, name);
        for (const [message, line, kind] of expected) {
          const reason = fn.reasons.find((r) => r.message.includes(message));
          assert.ok(reason, `${name}: no reason with "${message}" in ${JSON.stringify(fn.reasons)}`);
          assert.equal(reason.line, line, `${name}: line of "${message}"`);
          if (kind) assert.equal(reason.kind, kind, `${name}: kind of "${message}"`);
        }
      }
    });
  }

  it('a pragma sets confidence to 1 and comes first among the reasons', () => {
    const [fn] = analyze(code`
      // @workload io
      export function f(xs: number[][]) {
        let s = 0;
        for (const a of xs) for (const b of xs) s += a.length * b.length;
        return s;
      }
    `).functions;
    assert.equal(fn.confidence, 1);
    assert.deepEqual(fn.reasons[0], { message: 'set by `@workload io`', line: 1, kind: 'pragma' });
  });

  it('an unknown label in the pragma is ignored', () => {
    const [fn] = analyze(code`
      // @workload gpu
      export async function f() { return fetch('/x'); }
    `).functions;
    assert.equal(fn.label, 'io');
  });
});
