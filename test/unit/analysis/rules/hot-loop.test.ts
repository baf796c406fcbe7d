// Table of hot-loop cases. Flagged: large or input-sized loops with real work per iteration,
// nested loops over two inputs, CPU-heavy APIs per item; worse in async code and handlers.
// Not flagged: loops that wait (I/O), small or trivial loops, inner loops over the outer item,
// and work in closures a loop only creates.
import { code, runRuleTests } from '../rule-tester';

runRuleTests('hot-loop', {
  valid: [
    {
      name: 'a loop that awaits per iteration is I/O, whatever it computes',
      hard: true,
      code: code`
        export async function sizes(urls: string[]) {
          let total = 0;
          for (const url of urls) {
            const res = await fetch(url);
            total += Number(res.headers.get('content-length')) * 8 / 1024 + url.length % 7;
          }
          return total;
        }
      `,
    },
    {
      name: 'for await over a stream parses each chunk as it arrives',
      hard: true,
      code: code`
        export async function count(lines: AsyncIterable<string>) {
          let n = 0;
          for await (const line of lines) {
            const row = JSON.parse(line);
            if (row.kind === 'x' && row.value * 2 > 10) n += row.weight / 3;
          }
          return n;
        }
      `,
    },
    {
      name: 'polling with a sleep',
      hard: true,
      code: code`
        export async function waitUntil(check: () => boolean) {
          let tries = 0;
          while (!check()) {
            await sleep(50);
            tries = tries * 2 + 1 - (tries % 3);
          }
        }
      `,
    },
    {
      name: 'small literal bound with a heavy body',
      hard: true,
      code: code`
        export function parseThree(raw: string[]) {
          const out = [];
          for (let i = 0; i < 3; i++) out.push(JSON.parse(raw[i]));
          return out;
        }
      `,
    },
    {
      name: 'a literal list of three with a CPU-heavy call each',
      hard: true,
      code: code`
        import { createHash } from 'node:crypto';
        export function digests() {
          return ['a', 'b', 'c'].map((s) => createHash('sha256').update(s).digest('hex'));
        }
      `,
    },
    {
      name: 'inner loop over a field of the outer item is one pass, not a product',
      hard: true,
      code: code`
        export function total(rows: Array<{ cells: number[] }>) {
          let t = 0;
          for (const row of rows) {
            for (const cell of row.cells) t += cell * 2;
          }
          return t;
        }
      `,
    },
    {
      name: 'nested loops over small literal bounds',
      hard: true,
      code: code`
        export function identity() {
          const m: number[][] = [];
          for (let i = 0; i < 3; i++) {
            m.push([]);
            for (let j = 0; j < 3; j++) m[i][j] = i === j ? 1 : 0;
          }
          return m;
        }
      `,
    },
    {
      name: 'large literal bound with a trivial body',
      hard: true,
      code: code`
        export function zeros() {
          const buf = new Array(1_000_000);
          for (let i = 0; i < 1_000_000; i++) buf[i] = 0;
          return buf;
        }
      `,
    },
    {
      name: 'the loop header (i < n, i++) is not body work',
      hard: true,
      code: code`
        export function sum(xs: number[]) {
          let total = 0;
          for (let i = 0; i < xs.length; i++) total += xs[i];
          return total;
        }
      `,
    },
    {
      name: 'closures created in a loop do not run in it',
      hard: true,
      code: code`
        export function register(names: string[], handlers: Array<() => string>) {
          for (const name of names) {
            handlers.push(() => JSON.stringify(JSON.parse(name)) + name.length * 2 + name.length / 3);
          }
        }
      `,
    },
    {
      name: 'a callback scheduled in a loop runs later',
      hard: true,
      code: code`
        export function later(items: string[]) {
          for (const item of items) {
            setTimeout(() => {
              const parsed = JSON.parse(item);
              console.log(parsed.a * 2 + parsed.b / 3 - parsed.c % 5);
            }, 0);
          }
        }
      `,
    },
    {
      name: 'copying an input array',
      code: code`
        export function copy<T>(xs: T[]) {
          const out: T[] = [];
          for (const x of xs) out.push(x);
          return out;
        }
      `,
    },
    {
      name: 'a trivial map callback',
      code: code`
        export const ids = (users: Array<{ id: string }>) => users.map((u) => u.id);
      `,
    },
    {
      name: 'suppressed with a disable/enable block',
      code: code`
        /* workload-hints-disable hot-loop */
        export function pi(n: number) {
          let inside = 0;
          for (let i = 0; i < n; i++) {
            const x = Math.random();
            const y = Math.random();
            if (x * x + y * y <= 1) inside++;
          }
          return (4 * inside) / n;
        }
        /* workload-hints-enable hot-loop */
      `,
    },
  ],
  invalid: [
    {
      name: 'Monte-Carlo pi over an input count',
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
      errors: [{
        line: 3, column: 3, endLine: 7, endColumn: 4, function: 'estimatePi', severity: 'info',
        message: ['loop over `samples`', 'in `estimatePi`', 'worker pool'], data: { context: 'sync', bound: '`samples`' },
      }],
    },
    {
      name: 'the same loop in an async function is worse',
      code: code`
        export async function estimatePi(samples: number) {
          let inside = 0;
          for (let i = 0; i < samples; i++) {
            const x = Math.random();
            const y = Math.random();
            if (x * x + y * y <= 1) inside++;
          }
          return (4 * inside) / samples;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 7, endColumn: 4, function: 'estimatePi', severity: 'warning', data: { context: 'async' }, message: ['in async function `estimatePi`'] }],
    },
    {
      name: 'in an express handler',
      filename: 'test.js',
      code: code`
        app.get('/primes', (req, res) => {
          const n = Number(req.query.n);
          let count = 0;
          for (let i = 2; i < n; i++) {
            let prime = true;
            for (let d = 2; d * d <= i; d++) if (i % d === 0) { prime = false; break; }
            if (prime) count++;
          }
          res.json({ count });
        });
      `,
      errors: [{ line: 4, column: 3, endLine: 8, endColumn: 4, function: '<anonymous>', severity: 'warning', data: { context: 'handler' }, message: ['request handler'] }],
    },
    {
      name: 'in an http.createServer handler',
      code: code`
        import { createServer } from 'node:http';
        createServer((req, res) => {
          const body = [];
          for (const line of lines) body.push(JSON.parse(line));
          res.end(JSON.stringify(body));
        });
      `,
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 57, function: '<anonymous>', severity: 'warning', data: { context: 'handler' } }],
    },
    {
      name: 'nested loops over two inputs (for…of)',
      code: code`
        export function matches(users: User[], orders: Order[]) {
          let n = 0;
          for (const u of users) {
            for (const o of orders) if (o.userId === u.id) n++;
          }
          return n;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 5, endColumn: 4, function: 'matches', message: ['nested loops over `users` × `orders`'] }],
    },
    {
      name: 'nested indexed loops report the outer loop only',
      code: code`
        export function multiply(a: number[][], b: number[][]) {
          const n = a.length;
          const c: number[][] = [];
          for (let i = 0; i < n; i++) {
            c.push([]);
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let k = 0; k < n; k++) s += a[i][k] * b[k][j];
              c[i][j] = s;
            }
          }
          return c;
        }
      `,
      errors: [{ line: 4, column: 3, endLine: 11, endColumn: 4, function: 'multiply', message: ['nested loops over `n` × `n`'] }],
    },
    {
      name: 'nested forEach callbacks are reported once, on the outer call',
      code: code`
        export function pairs(xs: number[], ys: number[]) {
          let n = 0;
          xs.forEach((a) => {
            ys.forEach((b) => {
              n += (a * b) % 7 + (a ^ b) - (a >> 1) * 3;
            });
          });
          return n;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 7, endColumn: 5, function: 'pairs', message: ['nested loops over `xs` × `ys`'] }],
    },
    {
      name: 'JSON.parse per line of an input',
      code: code`
        export function parseAll(lines: string[]) {
          const rows = [];
          for (const line of lines) rows.push(JSON.parse(line));
          return rows;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 57, function: 'parseAll', message: ['`JSON.parse` per iteration over `lines`'] }],
    },
    {
      name: 'a hash per file through a named import',
      code: code`
        import { createHash } from 'node:crypto';
        export function fingerprints(files: Buffer[]) {
          const out = [];
          for (const f of files) out.push(createHash('sha256').update(f).digest('hex'));
          return out;
        }
      `,
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 81, function: 'fingerprints', message: ['`crypto.createHash`'] }],
    },
    {
      name: 'pbkdf2Sync in a map callback is reported on the map call',
      code: code`
        import { pbkdf2Sync } from 'node:crypto';
        export function hashAll(passwords: string[]) {
          return passwords.map((p) => pbkdf2Sync(p, 'salt', 100_000, 64, 'sha512'));
        }
      `,
      errors: [{ line: 3, column: 10, endLine: 3, endColumn: 76, function: 'hashAll', message: ['`crypto.pbkdf2Sync` per iteration over `passwords`'] }],
    },
    {
      name: 'module-level loop over a large constant',
      code: code`
        const N = 10_000_000;
        let sum = 0;
        for (let i = 0; i < N; i++) sum += i * i;
        console.log(sum);
      `,
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 42, function: '<module>', severity: 'info', message: ['10,000,000 iterations'] }],
    },
    {
      name: 'large literal bound with arithmetic',
      code: code`
        export function checksum() {
          let acc = 7;
          for (let i = 0; i < 100_000; i++) acc = (acc * 31 + i) % 1_000_003;
          return acc;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 70, function: 'checksum' }],
    },
    {
      name: 'while loop with an unknown bound (Collatz)',
      code: code`
        export function steps(x: number) {
          let steps = 0;
          while (x > 1) {
            x = x % 2 === 0 ? x / 2 : 3 * x + 1;
            steps++;
          }
          return steps;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 6, endColumn: 4, function: 'steps', message: ['an unknown count'] }],
    },
    {
      name: 'counting down from an input',
      code: code`
        export function factorialMod(n: number) {
          let r = 1;
          for (let i = n; i > 0; i--) r = (r * i) % 1_000_007 + (i & 1) - (i >> 2);
          return r;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 76, function: 'factorialMod', message: ['`n`'] }],
    },
    {
      name: 'regular expressions per line',
      code: code`
        export function extract(lines: string[], re: RegExp) {
          const out = [];
          for (const line of lines) {
            const m = line.match(re);
            if (m) out.push(m[1].replace(/\\s+/g, ' '));
          }
          return out;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 6, endColumn: 4, function: 'extract' }],
    },
    {
      name: 'sorting inside a loop',
      code: code`
        export function sortGroups(groups: number[][]) {
          for (const g of groups) g.sort((a, b) => a - b);
          return groups;
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 51, function: 'sortGroups' }],
    },
    {
      name: 'class method',
      code: code`
        export class Stats {
          variance(xs: number[]) {
            let m = 0, s = 0;
            for (let i = 0; i < xs.length; i++) {
              const d = xs[i] - m;
              m += d / (i + 1);
              s += d * (xs[i] - m);
            }
            return s / xs.length;
          }
        }
      `,
      errors: [{ line: 4, column: 5, endLine: 8, endColumn: 6, function: 'Stats.variance' }],
    },
    {
      name: 'reduce callback with a heavy body',
      code: code`
        export const score = (words: string[]) =>
          words.reduce((acc, w) => acc + (w.length * 31 + w.charCodeAt(0)) % 97 - (acc >> 3), 0);
      `,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 89, function: 'score' }],
    },
  ],
});
