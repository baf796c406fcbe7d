// Table of blocking-sync-call cases: every import style that reaches a sync Node API, the
// severity by context (top level < sync < async < request handler), and what must not be
// flagged: shadowed names, promise APIs, look-alike modules and methods.
import { code, runRuleTests } from '../rule-tester';

runRuleTests('blocking-sync-call', {
  valid: [
    {
      name: 'parameter named readFileSync shadows the import',
      hard: true,
      code: code`
        import { readFileSync } from 'fs';
        export async function load(readFileSync: (p: string) => string) {
          return readFileSync('a.txt');
        }
      `,
    },
    {
      name: 'local const named readFileSync shadows the import',
      hard: true,
      code: code`
        import { readFileSync } from 'node:fs';
        export async function load(cache: Map<string, string>) {
          const readFileSync = (p: string) => cache.get(p);
          return readFileSync('a.txt');
        }
      `,
    },
    {
      name: 'hoisted local function declared after its use shadows the import',
      hard: true,
      code: code`
        const { readFileSync } = require('fs');
        async function load() {
          return readFileSync('a.txt');
          function readFileSync(p) { return p; }
        }
      `,
      filename: 'test.js',
    },
    {
      name: 'hoisted module-level function shadows the global name',
      hard: true,
      code: code`
        main();
        async function main() {
          execSync('ls');
        }
        function execSync(cmd) { return cmd; }
      `,
      filename: 'test.js',
    },
    {
      name: 'destructured parameter shadows the import',
      hard: true,
      code: code`
        import { execSync } from 'child_process';
        export async function run({ execSync }: { execSync: (c: string) => void }) {
          execSync('ls');
        }
      `,
    },
    {
      name: 'local variable named fs shadows the module',
      hard: true,
      code: code`
        import fs from 'fs';
        export async function load() {
          const fs = createMemoryFs();
          return fs.readFileSync('/a');
        }
      `,
    },
    {
      name: 'shadowed require is not the module loader',
      hard: true,
      code: code`
        async function load(require) {
          return require('fs').readFileSync('a.txt');
        }
      `,
      filename: 'test.js',
    },
    {
      name: 'fs/promises namespace import',
      hard: true,
      code: code`
        import * as fs from 'node:fs/promises';
        export async function load() {
          return fs.readFile('a.txt', 'utf8');
        }
      `,
    },
    {
      name: 'fs.promises through the default import',
      hard: true,
      code: code`
        import fs from 'fs';
        export async function load() {
          await fs.promises.writeFile('a.txt', 'x');
          return fs.promises.readFile('a.txt', 'utf8');
        }
      `,
    },
    {
      name: "require('fs').promises",
      hard: true,
      code: code`
        const fsp = require('fs').promises;
        async function load() {
          return fsp.readFile('a.txt', 'utf8');
        }
      `,
      filename: 'test.js',
    },
    {
      name: 'promises destructured from require',
      hard: true,
      code: code`
        const { promises: fsp } = require('node:fs');
        async function load() {
          return fsp.stat('a.txt');
        }
      `,
      filename: 'test.cjs',
    },
    {
      name: 'a *Sync method of a non-fs object',
      hard: true,
      code: code`
        export async function load(store: { readFileSync(p: string): string }) {
          return store.readFileSync('a.txt');
        }
      `,
    },
    {
      name: 'same export name from a non-Node module',
      hard: true,
      code: code`
        import { readFileSync } from 'memfs';
        export async function load() {
          return readFileSync('/a.txt');
        }
      `,
    },
    {
      name: 'this.readFileSync inside a class',
      hard: true,
      code: code`
        class Cache {
          readFileSync(p: string) { return p; }
          async load() { return this.readFileSync('a'); }
        }
      `,
    },
    {
      name: 'for…of variable named like the import',
      hard: true,
      code: code`
        import { execSync } from 'child_process';
        export async function runAll(steps: Array<(cmd: string) => void>) {
          for (const execSync of steps) execSync('build');
        }
      `,
    },
    {
      name: 'catch parameter named like the import',
      hard: true,
      code: code`
        import { readFileSync } from 'fs';
        export async function load(fallback: () => string) {
          try {
            return fallback();
          } catch (readFileSync: any) {
            return readFileSync('a.txt');
          }
        }
      `,
    },
    {
      name: 'var declared later in the function is hoisted over the module',
      hard: true,
      code: code`
        const fs = require('fs');
        async function load() {
          const data = fs.readFileSync('a');
          var fs = makeFakeFs();
          return data;
        }
      `,
      filename: 'test.js',
    },
    {
      name: 'parameter named fs',
      hard: true,
      code: code`
        import fs from 'node:fs';
        export async function load(fs: { readFileSync(p: string): string }) {
          return fs.readFileSync('a');
        }
      `,
    },
    {
      name: 'fs-like module that is not Node fs',
      hard: true,
      code: code`
        const fs = require('memfs');
        async function load() {
          return fs.readFileSync('/a');
        }
      `,
      filename: 'test.js',
    },
    {
      name: 'async child_process APIs',
      hard: true,
      code: code`
        import { exec, execFile, spawn } from 'node:child_process';
        export async function build() {
          exec('make', () => {});
          execFile('make', ['all'], () => {});
          spawn('make');
        }
      `,
    },
    {
      name: 'suppressed by disable-next-line',
      code: code`
        import fs from 'fs';
        export async function load() {
          // workload-hints-disable-next-line blocking-sync-call
          return fs.readFileSync('a.txt');
        }
      `,
    },
    {
      name: 'suppressed by a disable/enable block',
      code: code`
        import fs from 'fs';
        /* workload-hints-disable blocking-sync-call */
        export async function load() {
          fs.mkdirSync('out');
          return fs.readFileSync('a.txt');
        }
        /* workload-hints-enable */
      `,
    },
    {
      name: 'callback API',
      code: code`
        import * as fs from 'fs';
        export function load(cb: (e: unknown, d?: Buffer) => void) {
          fs.readFile('a.txt', cb);
        }
      `,
    },
    {
      name: 'async crypto',
      code: code`
        import { pbkdf2 } from 'node:crypto';
        import { promisify } from 'node:util';
        export const hash = (pw: string) => promisify(pbkdf2)(pw, 'salt', 1e5, 64, 'sha512');
      `,
    },
    {
      name: 'mentioned in a string and a comment only',
      code: code`
        // fs.readFileSync('a') would block
        export const hint = 'use readFile, not fs.readFileSync(p)';
      `,
    },
  ],
  invalid: [
    {
      name: 'ESM default import',
      code: code`
        import fs from 'fs';
        export async function load() {
          return fs.readFileSync('a.txt', 'utf8');
        }
      `,
      errors: [{
        line: 3, column: 10, endLine: 3, endColumn: 42, function: 'load', severity: 'warning',
        message: ['fs.readFileSync', 'in async function `load`', '`readFile` from `fs/promises`'],
        data: { module: 'fs', name: 'readFileSync', asyncModule: 'fs/promises', asyncName: 'readFile', sameShape: true, context: 'async' },
      }],
    },
    {
      name: 'ESM namespace import with node: prefix',
      code: code`
        import * as fs from 'node:fs';
        export async function save(data: string) {
          fs.writeFileSync('out.txt', data);
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 36, function: 'save', severity: 'warning', data: { name: 'writeFileSync', asyncName: 'writeFile' } }],
    },
    {
      name: 'ESM named import',
      code: code`
        import { statSync } from 'fs';
        export async function size(p: string) {
          return statSync(p).size;
        }
      `,
      errors: [{ line: 3, column: 10, endLine: 3, endColumn: 21, function: 'size', data: { name: 'statSync' } }],
    },
    {
      name: 'ESM aliased named import',
      code: code`
        import { readFileSync as slurp } from 'node:fs';
        export async function load() {
          return slurp('a.txt');
        }
      `,
      errors: [{ line: 3, column: 10, endLine: 3, endColumn: 24, function: 'load', data: { name: 'readFileSync' } }],
    },
    {
      name: 'ESM default import with node: prefix',
      code: code`
        import cp from 'node:child_process';
        export async function build() {
          cp.execFileSync('make', ['all']);
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 35, function: 'build', data: { module: 'child_process', name: 'execFileSync', via: 'exec-file' } }],
    },
    {
      name: 'require with destructuring',
      filename: 'test.js',
      code: code`
        const { execSync } = require('child_process');
        async function build() {
          execSync('make');
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 19, function: 'build', message: ['execSync'] }],
    },
    {
      name: 'require with destructuring and aliasing',
      filename: 'test.cjs',
      code: code`
        const { spawnSync: run } = require('node:child_process');
        async function build() {
          run('make', ['all']);
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 23, function: 'build', data: { name: 'spawnSync' } }],
    },
    {
      name: 'destructuring re-assignment from the module object',
      filename: 'test.js',
      code: code`
        const fs = require('fs');
        const { readFileSync: read } = fs;
        async function load() {
          return read('a.txt');
        }
      `,
      errors: [{ line: 4, column: 10, endLine: 4, endColumn: 23, function: 'load', data: { name: 'readFileSync' } }],
    },
    {
      name: 'property alias of the module function',
      code: code`
        import fs from 'fs';
        const read = fs.readFileSync;
        export async function load() {
          return read('a.txt');
        }
      `,
      errors: [{ line: 4, column: 10, endLine: 4, endColumn: 23, function: 'load', data: { name: 'readFileSync' } }],
    },
    {
      name: "require('fs').readFileSync(...) inline",
      filename: 'test.js',
      code: code`
        async function load() {
          return require('fs').readFileSync('a.txt');
        }
      `,
      errors: [{ line: 2, column: 10, endLine: 2, endColumn: 45, function: 'load' }],
    },
    {
      name: "import fs = require('fs')",
      code: code`
        import fs = require('fs');
        export async function exists(p: string) {
          return fs.existsSync(p);
        }
      `,
      errors: [{ line: 3, column: 10, endLine: 3, endColumn: 26, function: 'exists', data: { name: 'existsSync', sameShape: false } }],
    },
    {
      name: 'crypto pbkdf2Sync computes on the event loop',
      code: code`
        import crypto from 'node:crypto';
        export async function hash(pw: string) {
          return crypto.pbkdf2Sync(pw, 'salt', 100000, 64, 'sha512');
        }
      `,
      errors: [{
        line: 3, column: 10, endLine: 3, endColumn: 61, function: 'hash', severity: 'warning',
        message: ['computes on the event-loop thread', '`pbkdf2`'], data: { work: 'cpu', module: 'crypto', asyncName: 'pbkdf2', via: 'promisify' },
      }],
    },
    {
      name: 'zlib gzipSync',
      code: code`
        import { gzipSync } from 'zlib';
        export const pack = async (buf: Buffer) => gzipSync(buf);
      `,
      errors: [{ line: 2, column: 44, endLine: 2, endColumn: 57, function: 'pack', data: { module: 'zlib', asyncName: 'gzip' } }],
    },
    {
      name: 'top-level CLI code is the lowest severity',
      code: code`
        import fs from 'fs';
        const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
        console.log(config);
      `,
      errors: [{ line: 2, column: 27, endLine: 2, endColumn: 65, function: '<module>', severity: 'hint', data: { context: 'module' } }],
    },
    {
      name: 'a plain sync function is below an async one',
      code: code`
        import fs from 'fs';
        export function loadConfig() {
          return fs.readFileSync('config.json', 'utf8');
        }
      `,
      errors: [{ line: 3, column: 10, endLine: 3, endColumn: 48, function: 'loadConfig', severity: 'info', data: { context: 'sync' } }],
    },
    {
      name: 'express route handler is the highest severity',
      filename: 'test.js',
      code: code`
        const fs = require('fs');
        app.get('/x', (req, res) => {
          res.send(fs.readFileSync('x.html'));
        });
      `,
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 37, function: '<anonymous>', severity: 'error', data: { context: 'handler' }, message: ['request handler'] }],
    },
    {
      name: 'http.createServer handler is the highest severity',
      code: code`
        import http from 'node:http';
        import { readFileSync } from 'node:fs';
        http.createServer(function (request, response) {
          response.end(readFileSync('index.html'));
        }).listen(8080);
      `,
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 42, function: '<anonymous>', severity: 'error' }],
    },
    {
      name: 'named handler passed to app.post keeps its name and handler severity',
      code: code`
        import { execSync } from 'child_process';
        app.post('/build', async function build(req, res) {
          res.json({ out: execSync('make').toString() });
        });
      `,
      errors: [{ line: 3, column: 19, endLine: 3, endColumn: 35, function: 'build', severity: 'error' }],
    },
    {
      name: 'a callback nested in a request handler keeps the handler severity',
      filename: 'test.js',
      code: code`
        const fs = require('fs');
        app.get('/x', (req, res) => {
          fs.stat('x', () => res.send(fs.readFileSync('x')));
        });
      `,
      errors: [{ line: 3, column: 31, endLine: 3, endColumn: 51, function: '<anonymous>', severity: 'error', message: ['in a callback inside request handler'] }],
    },
    {
      name: 'a Promise executor in an async function has the async severity',
      code: code`
        import fs from 'fs';
        export async function load() {
          return new Promise((resolve) => {
            resolve(fs.readFileSync('a'));
          });
        }
      `,
      errors: [{ line: 4, column: 13, endLine: 4, endColumn: 33, function: '<anonymous>', severity: 'warning', message: ['inside async function `load`'] }],
    },
    {
      name: 'class method',
      code: code`
        import { readdirSync } from 'fs';
        class Scanner {
          async scan(dir: string) {
            return readdirSync(dir);
          }
        }
      `,
      errors: [{ line: 4, column: 12, endLine: 4, endColumn: 28, function: 'Scanner.scan' }],
    },
    {
      name: 'shadowing in a sibling function does not hide the import',
      code: code`
        import { readFileSync } from 'fs';
        function a(readFileSync: () => void) { readFileSync(); }
        async function b() { return readFileSync('b'); }
      `,
      errors: [{ line: 3, column: 29, endLine: 3, endColumn: 46, function: 'b' }],
    },
    {
      name: 'a block-scoped shadow ends with its block',
      code: code`
        import { readFileSync } from 'fs';
        export async function load(fake: boolean) {
          if (fake) {
            const readFileSync = (p: string) => p;
            readFileSync('x');
          }
          return readFileSync('a.txt');
        }
      `,
      errors: [{ line: 7, column: 10, endLine: 7, endColumn: 31, function: 'load' }],
    },
    {
      name: 'disable-next-line suppresses only the next line and only the named rule',
      code: code`
        import fs from 'fs';
        export async function load() {
          // workload-hints-disable-next-line blocking-sync-call
          const a = fs.readFileSync('a');
          // workload-hints-disable-next-line hot-loop
          const b = fs.readFileSync('b');
          return a + b;
        }
      `,
      errors: [{ line: 6, column: 13, endLine: 6, endColumn: 33, function: 'load' }],
    },
    {
      name: 'findings after a disable/enable block are reported again',
      code: code`
        import fs from 'fs';
        /* workload-hints-disable blocking-sync-call */
        fs.mkdirSync('out');
        /* workload-hints-enable */
        fs.writeFileSync('out/a', '');
      `,
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 30, function: '<module>', severity: 'hint' }],
    },
  ],
});
