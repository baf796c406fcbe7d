// blocking-sync-call → the awaited async counterpart, in the file's import style; or "make the
// function async" when every caller can await it; and the traps where neither is safe.
import { code, ROOT } from './support';
import { runRewriteTable, type RewriteCase, type TrapCase } from './table';

const cases: RewriteCase[] = [
  {
    name: 'named import: readFile from fs/promises is imported next to it, `node:` kept; the unused readFileSync import goes',
    code: code`
      import { readFileSync } from 'node:fs';
      import { join } from 'node:path';

      export async function handler(req: Req) {
        const text = readFileSync(join(req.dir, 'index.html'), 'utf8');
        return text;
      }
    `,
    output: code`
      import { join } from 'node:path';
      import { readFile } from 'node:fs/promises';

      export async function handler(req: Req) {
        const text = await readFile(join(req.dir, 'index.html'), 'utf8');
        return text;
      }
    `,
    title: ['readFile', 'fs/promises'],
  },
  {
    name: 'namespace import: fs.promises, no new import',
    code: code`
      import * as fs from 'fs';

      export async function load(path: string) {
        return JSON.parse(fs.readFileSync(path, 'utf8'));
      }
    `,
    output: code`
      import * as fs from 'fs';

      export async function load(path: string) {
        return JSON.parse(await fs.promises.readFile(path, 'utf8'));
      }
    `,
  },
  {
    name: 'default import, result unused',
    code: code`
      import fs from 'node:fs';

      export async function save(path: string, data: string) {
        fs.writeFileSync(path, data);
      }
    `,
    output: code`
      import fs from 'node:fs';

      export async function save(path: string, data: string) {
        await fs.promises.writeFile(path, data);
      }
    `,
  },
  {
    name: 'CommonJS require of the module object',
    filename: `${ROOT}/src/server.js`,
    code: code`
      const fs = require('fs');

      async function handle(req, res) {
        res.end(fs.readFileSync('page.html'));
      }
      module.exports = { handle };
    `,
    output: code`
      const fs = require('fs');

      async function handle(req, res) {
        res.end(await fs.promises.readFile('page.html'));
      }
      module.exports = { handle };
    `,
  },
  {
    name: 'CommonJS destructured require: a require of fs/promises takes the place of the unused one',
    filename: `${ROOT}/src/server.js`,
    code: code`
      const { statSync } = require('node:fs');

      async function size(path) {
        return statSync(path).size;
      }
      module.exports = { size };
    `,
    output: code`
      const { stat } = require('node:fs/promises');

      async function size(path) {
        return (await stat(path)).size;
      }
      module.exports = { size };
    `,
  },
  {
    name: 'an existing fs/promises import is reused',
    code: code`
      import { readdirSync } from 'fs';
      import { readFile, readdir } from 'fs/promises';

      export async function list(dir: string) {
        const names = readdirSync(dir);
        return Promise.all(names.map((n) => readFile(n)));
      }
      void readdir;
    `,
    output: code`
      import { readFile, readdir } from 'fs/promises';

      export async function list(dir: string) {
        const names = await readdir(dir);
        return Promise.all(names.map((n) => readFile(n)));
      }
      void readdir;
    `,
  },
  {
    name: 'a name already taken gets an alias',
    code: code`
      import { readFile, readFileSync } from 'fs';

      export async function both(a: string, cb: Callback) {
        readFile(a, cb);
        return readFileSync(a, 'utf8');
      }
    `,
    output: code`
      import { readFile } from 'fs';
      import { readFile as readFileAsync } from 'fs/promises';

      export async function both(a: string, cb: Callback) {
        readFile(a, cb);
        return await readFileAsync(a, 'utf8');
      }
    `,
  },
  {
    name: 'existsSync becomes access(…).then(() => true, () => false)',
    code: code`
      import { existsSync, mkdirSync } from 'node:fs';

      export async function ensure(dir: string) {
        if (!existsSync(dir)) return false;
        return true;
      }
      void mkdirSync;
    `,
    output: code`
      import { mkdirSync } from 'node:fs';
      import { access } from 'node:fs/promises';

      export async function ensure(dir: string) {
        if (!await access(dir).then(() => true, () => false)) return false;
        return true;
      }
      void mkdirSync;
    `,
  },
  {
    name: 'crypto, named import: the callback API takes the place of the sync one in the import and is promisified once',
    code: code`
      import { pbkdf2Sync, randomBytes } from 'node:crypto';

      export async function hash(password: string) {
        const salt = randomBytes(16);
        return pbkdf2Sync(password, salt, 100_000, 64, 'sha512');
      }
    `,
    output: code`
      import { pbkdf2, randomBytes } from 'node:crypto';
      import { promisify } from 'node:util';
      const pbkdf2Async = promisify(pbkdf2);

      export async function hash(password: string) {
        const salt = randomBytes(16);
        return await pbkdf2Async(password, salt, 100_000, 64, 'sha512');
      }
    `,
    title: ['promisified `pbkdf2`'],
  },
  {
    name: 'zlib namespace, util namespace already imported',
    code: code`
      import * as util from 'util';
      import * as zlib from 'zlib';

      export async function pack(data: Buffer) {
        const packed = zlib.gzipSync(data);
        return packed;
      }
      void util;
    `,
    output: code`
      import * as util from 'util';
      import * as zlib from 'zlib';
      const gzipAsync = util.promisify(zlib.gzip);

      export async function pack(data: Buffer) {
        const packed = await gzipAsync(data);
        return packed;
      }
      void util;
    `,
  },
  {
    name: 'execSync with its result unused: promisified exec, stderr note in the title',
    code: code`
      import { execSync } from 'child_process';

      export async function clean() {
        execSync('rm -rf build');
      }
    `,
    output: code`
      import { exec } from 'child_process';
      import { promisify } from 'util';
      const execAsync = promisify(exec);

      export async function clean() {
        await execAsync('rm -rf build');
      }
    `,
    title: ['stderr is captured'],
  },
  {
    name: 'execSync with a text encoding: the result is `.stdout`',
    code: code`
      import * as cp from 'node:child_process';

      export async function branch() {
        return cp.execSync('git branch --show-current', { encoding: 'utf8' }).trim();
      }
    `,
    output: code`
      import * as cp from 'node:child_process';
      import { promisify } from 'node:util';
      const execAsync = promisify(cp.exec);

      export async function branch() {
        return (await execAsync('git branch --show-current', { encoding: 'utf8' })).stdout.trim();
      }
    `,
  },
  {
    name: 'execFileSync whose Buffer result is used: encoding buffer keeps it a Buffer',
    code: code`
      import { execFileSync } from 'node:child_process';

      export async function snapshot(file: string) {
        const bytes = execFileSync('cat', [file]);
        return bytes.length;
      }
    `,
    output: code`
      import { execFile } from 'node:child_process';
      import { promisify } from 'node:util';
      const execFileAsync = promisify(execFile);

      export async function snapshot(file: string) {
        const bytes = (await execFileAsync('cat', [file], { encoding: 'buffer' })).stdout;
        return bytes.length;
      }
    `,
  },
  {
    name: 'ES module top level: top-level await',
    filename: `${ROOT}/src/config.mjs`,
    code: code`
      import { readFileSync } from 'node:fs';

      export const config = JSON.parse(readFileSync('config.json', 'utf8'));
    `,
    output: code`
      import { readFile } from 'node:fs/promises';

      export const config = JSON.parse(await readFile('config.json', 'utf8'));
    `,
  },
  {
    name: 'inline require(…).readFileSync',
    filename: `${ROOT}/src/page.js`,
    code: code`
      async function page() {
        return require('fs').readFileSync('page.html', 'utf8');
      }
      module.exports = page;
    `,
    output: code`
      async function page() {
        return await require('fs').promises.readFile('page.html', 'utf8');
      }
      module.exports = page;
    `,
  },
  {
    name: 'semicolon-free style',
    code: code`
      import { readFileSync } from 'fs'

      export async function read(p: string) {
        return readFileSync(p)
      }
    `,
    output: code`
      import { readFile } from 'fs/promises'

      export async function read(p: string) {
        return await readFile(p)
      }
    `,
  },
  {
    name: 'not async, but every caller can await: the function becomes async, return type Promise<…>',
    fix: 'make-async',
    code: code`
      import { readFileSync } from 'node:fs';

      function loadConfig(path: string): Config {
        return JSON.parse(readFileSync(path, 'utf8'));
      }

      export async function start() {
        const config = loadConfig('app.json');
        console.log(loadConfig('local.json').port, config);
      }
    `,
    output: code`
      import { readFile } from 'node:fs/promises';

      async function loadConfig(path: string): Promise<Config> {
        return JSON.parse(await readFile(path, 'utf8'));
      }

      export async function start() {
        const config = await loadConfig('app.json');
        console.log((await loadConfig('local.json')).port, config);
      }
    `,
    title: ['Make `loadConfig` async', '2 call sites'],
  },
  {
    name: 'make async: an arrow function bound to a const',
    fix: 'make-async',
    code: code`
      import * as fs from 'fs';

      const sizeOf = (path: string): number => fs.statSync(path).size;

      export async function total(paths: string[]) {
        let sum = 0;
        for (const p of paths) sum += sizeOf(p);
        return sum;
      }
    `,
    output: code`
      import * as fs from 'fs';

      const sizeOf = async (path: string): Promise<number> => (await fs.promises.stat(path)).size;

      export async function total(paths: string[]) {
        let sum = 0;
        for (const p of paths) sum += await sizeOf(p);
        return sum;
      }
    `,
  },

  // The sync import goes only when this call was its last use; its neighbours and the file's style stay.
  {
    name: 'unused sync import: other names of a destructured require stay',
    filename: `${ROOT}/src/store.js`,
    code: code`
      const { readFileSync, writeFileSync } = require('fs');

      async function load(path) {
        return JSON.parse(readFileSync(path, 'utf8'));
      }
      function save(path, data) {
        writeFileSync(path, JSON.stringify(data));
      }
      module.exports = { load, save };
    `,
    output: code`
      const { writeFileSync } = require('fs');
      const { readFile } = require('fs/promises');

      async function load(path) {
        return JSON.parse(await readFile(path, 'utf8'));
      }
      function save(path, data) {
        writeFileSync(path, JSON.stringify(data));
      }
      module.exports = { load, save };
    `,
  },
  {
    name: 'unused sync import: a default import next to it stays',
    code: code`
      import fs, { readFileSync } from 'fs';

      export async function read(p: string) {
        return fs.existsSync(p) ? readFileSync(p, 'utf8') : '';
      }
    `,
    index: 1,
    output: code`
      import fs from 'fs';
      import { readFile } from 'fs/promises';

      export async function read(p: string) {
        return fs.existsSync(p) ? await readFile(p, 'utf8') : '';
      }
    `,
  },
  {
    name: 'unused sync import: a multi-line list keeps its layout and trailing comma',
    code: code`
      import {
        readFileSync,
        statSync,
      } from 'node:fs';

      export async function text(p: string) {
        return statSync(p).isFile() ? readFileSync(p, 'utf8') : '';
      }
    `,
    index: 1,
    output: code`
      import {
        statSync,
      } from 'node:fs';
      import { readFile } from 'node:fs/promises';

      export async function text(p: string) {
        return statSync(p).isFile() ? await readFile(p, 'utf8') : '';
      }
    `,
  },
  {
    name: 'unused sync import: an aliased import goes, the header comment and `use strict` stay',
    filename: `${ROOT}/src/cli.js`,
    code: code`
      // Reads the settings file.
      'use strict';
      const { readFileSync: read } = require('node:fs');

      async function settings() {
        return read('settings.json', 'utf8');
      }
      module.exports = settings;
    `,
    output: code`
      // Reads the settings file.
      'use strict';
      const { readFile } = require('node:fs/promises');

      async function settings() {
        return await readFile('settings.json', 'utf8');
      }
      module.exports = settings;
    `,
  },
  {
    name: 'unused sync import: a CommonJS crypto require names the callback API instead',
    filename: `${ROOT}/src/keys.js`,
    code: code`
      const { scryptSync } = require('crypto');

      async function derive(password, salt) {
        return scryptSync(password, salt, 64);
      }
      module.exports = derive;
    `,
    output: code`
      const { scrypt } = require('crypto');
      const { promisify } = require('util');
      const scryptAsync = promisify(scrypt);

      async function derive(password, salt) {
        return await scryptAsync(password, salt, 64);
      }
      module.exports = derive;
    `,
  },
  // The sync import stays: something else still refers to the name.
  {
    name: 'the sync import stays: another call still uses it (the first of two is fixed)',
    code: code`
      import { readFileSync } from 'fs';

      export async function pair(a: string, b: string) {
        return [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];
      }
    `,
    output: code`
      import { readFileSync } from 'fs';
      import { readFile } from 'fs/promises';

      export async function pair(a: string, b: string) {
        return [await readFile(a, 'utf8'), readFileSync(b, 'utf8')];
      }
    `,
  },
  {
    name: 'the sync import stays: it is re-exported',
    code: code`
      import { readFileSync } from 'fs';

      export async function read(p: string) {
        return readFileSync(p, 'utf8');
      }
      export { readFileSync };
    `,
    output: code`
      import { readFileSync } from 'fs';
      import { readFile } from 'fs/promises';

      export async function read(p: string) {
        return await readFile(p, 'utf8');
      }
      export { readFileSync };
    `,
  },
  {
    name: 'the sync import stays: a type refers to it',
    code: code`
      import { readFileSync } from 'fs';

      export type Reader = typeof readFileSync;
      export async function read(p: string) {
        return readFileSync(p, 'utf8');
      }
    `,
    output: code`
      import { readFileSync } from 'fs';
      import { readFile } from 'fs/promises';

      export type Reader = typeof readFileSync;
      export async function read(p: string) {
        return await readFile(p, 'utf8');
      }
    `,
  },
  {
    name: 'the sync import stays: a `...rest` of the require would gain the property',
    filename: `${ROOT}/src/fsx.js`,
    code: code`
      const { readFileSync, ...rest } = require('fs');

      async function read(p) {
        return readFileSync(p, 'utf8');
      }
      module.exports = { read, ...rest };
    `,
    output: code`
      const { readFileSync, ...rest } = require('fs');
      const { readFile } = require('fs/promises');

      async function read(p) {
        return await readFile(p, 'utf8');
      }
      module.exports = { read, ...rest };
    `,
  },
  {
    name: 'the sync import stays: the name is declared again elsewhere (by name, not by scope)',
    code: code`
      import { readFileSync } from 'fs';

      export async function read(p: string) {
        return readFileSync(p, 'utf8');
      }
      export function fake(readFileSync: (p: string) => string) {
        return readFileSync('x');
      }
    `,
    output: code`
      import { readFileSync } from 'fs';
      import { readFile } from 'fs/promises';

      export async function read(p: string) {
        return await readFile(p, 'utf8');
      }
      export function fake(readFileSync: (p: string) => string) {
        return readFileSync('x');
      }
    `,
  },
  {
    name: 'the sync import stays: the require declares another variable too',
    filename: `${ROOT}/src/two.js`,
    code: code`
      const { readFileSync } = require('fs'), path = require('path');

      async function read(p) {
        return readFileSync(path.resolve(p), 'utf8');
      }
      module.exports = read;
    `,
    output: code`
      const { readFileSync } = require('fs'), path = require('path');
      const { readFile } = require('fs/promises');

      async function read(p) {
        return await readFile(path.resolve(p), 'utf8');
      }
      module.exports = read;
    `,
  },
];

const traps: TrapCase[] = [
  {
    name: 'a local function that shadows the import',
    code: code`
      import { readFileSync } from 'fs';
      export async function f() {
        const readFileSync = (p: string) => p;
        return readFileSync('x');
      }
    `,
  },
  {
    name: 'fs/promises is already async',
    code: code`
      import { readFile } from 'fs/promises';
      export async function f() { return readFile('x'); }
    `,
  },
  {
    name: 'file-descriptor APIs have no same-shape promise twin',
    reason: /file descriptor/,
    code: code`
      import { openSync, closeSync } from 'fs';
      export async function touch(p: string) {
        closeSync(openSync(p, 'w'));
      }
    `,
  },
  {
    name: 'spawnSync returns status and output together',
    reason: /spawnSync/,
    code: code`
      import { spawnSync } from 'child_process';
      export async function run() {
        return spawnSync('ls').status;
      }
    `,
  },
  {
    name: 'execSync with stdio: inherit prints to the terminal; exec cannot',
    reason: /stdio/,
    code: code`
      import { execSync } from 'child_process';
      export async function build() {
        execSync('npm run build', { stdio: 'inherit' });
      }
    `,
  },
  {
    name: 'execSync with options in a variable: text or Buffer is unknown',
    reason: /whether the result is text or a Buffer/,
    code: code`
      import { execSync } from 'child_process';
      export async function run(cmd: string, opts: object) {
        return execSync(cmd, opts);
      }
    `,
  },
  {
    name: 'not async and a caller that is not async either',
    reason: /caller on line 6 cannot wait for it: `main` is not async/,
    code: code`
      import { readFileSync } from 'fs';
      function load(p: string) {
        return readFileSync(p, 'utf8');
      }
      function main() {
        return load('a');
      }
      void main;
    `,
  },
  {
    name: 'not async and exported: callers in other files would get a Promise',
    reason: /exported/,
    code: code`
      import { readFileSync } from 'fs';
      export function load(p: string) {
        return readFileSync(p, 'utf8');
      }
    `,
  },
  {
    name: 'not async and passed as a value',
    reason: /used as a value on line 6/,
    code: code`
      import { readFileSync } from 'fs';
      function load(p: string) {
        return readFileSync(p, 'utf8');
      }
      export async function all(ps: string[]) {
        return ps.map(load);
      }
    `,
  },
  {
    name: 'top level of a CommonJS module cannot await',
    reason: /CommonJS/,
    filename: `${ROOT}/src/boot.js`,
    code: code`
      const fs = require('fs');
      const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
      module.exports = config;
    `,
  },
  {
    name: 'a parameter default cannot await',
    reason: /parameter default/,
    code: code`
      import { readFileSync } from 'fs';
      export async function greet(name = readFileSync('name.txt', 'utf8')) {
        return 'hi ' + name;
      }
    `,
  },
  {
    name: 'inside a map callback, which would not wait',
    reason: /callback of `map`/,
    code: code`
      import { readFileSync } from 'fs';
      export async function readAll(paths: string[]) {
        return paths.map((p) => readFileSync(p, 'utf8'));
      }
    `,
  },
];

runRewriteTable('blocking-sync-call', 'async-api', cases, traps);
