// await-in-loop → Promise.all over the items (or p-map past 50 / an unknown count): exact
// outputs for each loop shape, module format and style, and the traps that must stay loops.
import { code, defaultProject, ROOT, virtualProject } from './support';
import { runRewriteTable, type RewriteCase, type TrapCase } from './table';

const esmProject = () => defaultProject({}, { name: 'app', type: 'module' });

const cases: RewriteCase[] = [
  {
    name: '`out.push(await f(x))` becomes `const out = await Promise.all(…)`, keeping the type',
    code: code`
      export async function fetchAll(urls: string[]): Promise<Item[]> {
        const items: Item[] = [];
        for (const url of urls) {
          items.push(await fetchJson<Item>(url));
        }
        return items;
      }
    `,
    output: code`
      export async function fetchAll(urls: string[]): Promise<Item[]> {
        const items: Item[] = await Promise.all(urls.map(async (url) => fetchJson<Item>(url)));
        return items;
      }
    `,
    title: ['in order', 'every iteration starts even if one fails'],
  },
  {
    name: 'a body with several statements returns the pushed value',
    code: code`
      export async function processItems(baseUrl: string, ids: number[]): Promise<string[]> {
        const fingerprints: string[] = [];
        for (const id of ids) {
          const response = await fetch(baseUrl + '/items/' + id);
          const item = (await response.json()) as Item;
          fingerprints.push(fingerprint(item.sku));
        }
        return fingerprints;
      }
    `,
    output: code`
      export async function processItems(baseUrl: string, ids: number[]): Promise<string[]> {
        const fingerprints: string[] = await Promise.all(ids.map(async (id) => {
          const response = await fetch(baseUrl + '/items/' + id);
          const item = (await response.json()) as Item;
          return fingerprint(item.sku);
        }));
        return fingerprints;
      }
    `,
  },
  {
    name: 'a loop without results keeps its block, comments included',
    code: code`
      async function notifyAll(users: User[]) {
        for (const user of users) {
          // one message per user
          const text = render(user); /* cheap */
          await deliver(user.email, text);
        }
      }
    `,
    output: code`
      async function notifyAll(users: User[]) {
        await Promise.all(users.map(async (user) => {
          // one message per user
          const text = render(user); /* cheap */
          await deliver(user.email, text);
        }));
      }
    `,
  },
  {
    name: 'an iterable not known to be an array goes through Array.from',
    code: code`
      async function warm(keys: Set<string>) {
        for (const key of keys) {
          await cache.prefetch(key);
        }
      }
    `,
    output: code`
      async function warm(keys: Set<string>) {
        await Promise.all(Array.from(keys, async (key) => {
          await cache.prefetch(key);
        }));
      }
    `,
  },
  {
    name: 'a destructured loop variable becomes a destructured parameter',
    code: code`
      async function upload(files: Record<string, Buffer>) {
        for (const [name, data] of Object.entries(files)) {
          await bucket.put(name, data);
        }
      }
    `,
    output: code`
      async function upload(files: Record<string, Buffer>) {
        await Promise.all(Object.entries(files).map(async ([name, data]) => {
          await bucket.put(name, data);
        }));
      }
    `,
  },
  {
    name: 'an indexed loop over an array: `xs[i]` becomes the item',
    code: code`
      async function download(urls: string[]) {
        for (let i = 0; i < urls.length; i++) {
          await fetchToDisk(urls[i]);
        }
      }
    `,
    output: code`
      async function download(urls: string[]) {
        await Promise.all(urls.map(async (url) => {
          await fetchToDisk(url);
        }));
      }
    `,
  },
  {
    name: 'an indexed loop that also uses the index keeps it',
    code: code`
      async function download(urls: string[]) {
        for (let i = 0; i < urls.length; i++) {
          await fetchToDisk(urls[i], 'part-' + i);
        }
      }
    `,
    output: code`
      async function download(urls: string[]) {
        await Promise.all(urls.map(async (url, i) => {
          await fetchToDisk(url, 'part-' + i);
        }));
      }
    `,
  },
  {
    name: 'a counting loop becomes Array.from({ length })',
    code: code`
      async function main() {
        const results: number[] = [];
        for (let task = 0; task < 4; task++) results.push(await pool.run([task]));
        return results;
      }
    `,
    output: code`
      async function main() {
        const results: number[] = await Promise.all(Array.from({ length: 4 }, async (_, task) => pool.run([task])));
        return results;
      }
    `,
  },
  {
    name: '`i <= n` counts one more',
    code: code`
      async function pages(last: number) {
        for (let page = 0; page <= last; page++) {
          await render(page);
        }
      }
    `,
    output: code`
      async function pages(last: number) {
        await Promise.all(Array.from({ length: last + 1 }, async (_, page) => {
          await render(page);
        }));
      }
    `,
  },
  {
    name: '`continue` becomes `return` in the callback',
    code: code`
      async function sync(items: Item[]) {
        for (const item of items) {
          if (item.skip) continue;
          await upload(item);
        }
      }
    `,
    output: code`
      async function sync(items: Item[]) {
        await Promise.all(items.map(async (item) => {
          if (item.skip) return;
          await upload(item);
        }));
      }
    `,
  },
  {
    name: 'a single-statement body gets braces',
    code: code`
      async function saveAll(rows: Row[]) {
        for (const row of rows) await store.save(row);
      }
    `,
    output: code`
      async function saveAll(rows: Row[]) {
        await Promise.all(rows.map(async (row) => {
          await store.save(row);
        }));
      }
    `,
  },
  {
    name: 'forEach(async …) becomes await Promise.all(….map(async …)); the title says forEach did not wait',
    code: code`
      async function notify(users: User[]) {
        users.forEach(async (user) => {
          await send(user.email);
        });
      }
    `,
    output: code`
      async function notify(users: User[]) {
        await Promise.all(users.map(async (user) => {
          await send(user.email);
        }));
      }
    `,
    title: ['forEach did not wait'],
  },
  {
    name: 'CommonJS JavaScript, `let` array kept',
    filename: `${ROOT}/src/fetch-all.js`,
    code: code`
      const { get } = require('./http');

      async function fetchAll(ids) {
        let pages = [];
        for (const id of ids) {
          pages.push(await get('/pages/' + id));
        }
        return pages;
      }
      module.exports = { fetchAll };
    `,
    output: code`
      const { get } = require('./http');

      async function fetchAll(ids) {
        let pages = await Promise.all(Array.from(ids, async (id) => get('/pages/' + id)));
        return pages;
      }
      module.exports = { fetchAll };
    `,
  },
  {
    name: 'semicolon-free style',
    code: code`
      async function saveAll(rows: Row[]) {
        const saved: Id[] = []
        for (const row of rows) {
          saved.push(await store.save(row))
        }
        return saved
      }
    `,
    output: code`
      async function saveAll(rows: Row[]) {
        const saved: Id[] = await Promise.all(rows.map(async (row) => store.save(row)))
        return saved
      }
    `,
  },
  {
    name: 'p-map in an ES module: default import added, concurrency 8, dependency on request',
    fix: 'p-map',
    options: esmProject(),
    code: code`
      import { get } from './http.js';

      export async function fetchAll(urls: string[]) {
        const items = [];
        for (const url of urls) {
          items.push(await get(url));
        }
        return items;
      }
    `,
    output: code`
      import { get } from './http.js';
      import pMap from 'p-map';

      export async function fetchAll(urls: string[]) {
        const items = await pMap(urls, async (url) => get(url), { concurrency: 8 });
        return items;
      }
    `,
    title: ['at most 8 at a time', 'needs p-map, not in package.json'],
    dependency: 'p-map',
  },
  {
    name: 'p-map in CommonJS JavaScript is loaded with await import()',
    fix: 'p-map',
    filename: `${ROOT}/src/sync.cjs`,
    code: code`
      const store = require('./store');

      async function syncAll(records) {
        for (const record of records) {
          await store.upsert(record);
        }
      }
    `,
    output: code`
      const store = require('./store');

      async function syncAll(records) {
        const { default: pMap } = await import('p-map');
        await pMap(records, async (record) => {
          await store.upsert(record);
        }, { concurrency: 8 });
      }
    `,
  },
  {
    name: 'p-map in TypeScript compiled to CommonJS by module: node16 (import() survives); concurrency from options',
    fix: 'p-map',
    options: { ...defaultProject(), concurrency: 10 },
    code: code`
      export async function fetchAll(urls: string[]) {
        const results: Result[] = [];
        for (const url of urls) {
          results.push(await check(url));
        }
        return results;
      }
    `,
    output: code`
      export async function fetchAll(urls: string[]) {
        const { default: pMap } = await import('p-map');
        const results: Result[] = await pMap(urls, async (url) => check(url), { concurrency: 10 });
        return results;
      }
    `,
    title: ['at most 10 at a time'],
  },
  {
    name: 'p-map already imported and listed in package.json: reused, no dependency',
    fix: 'p-map',
    options: defaultProject({}, { name: 'app', type: 'module', dependencies: { 'p-map': '^7.0.0' } }),
    code: code`
      import limit from 'p-map';

      export async function all(ids: number[]) {
        for (const id of ids) {
          await refresh(id);
        }
        return limit;
      }
    `,
    output: code`
      import limit from 'p-map';

      export async function all(ids: number[]) {
        await limit(ids, async (id) => {
          await refresh(id);
        }, { concurrency: 8 });
        return limit;
      }
    `,
    dependency: undefined,
  },
  {
    name: 'p-map for forEach(async …) over an array',
    fix: 'p-map',
    options: esmProject(),
    code: code`
      export async function notify(users: User[]) {
        users.forEach(async (user) => {
          await send(user.email);
        });
      }
    `,
    output: code`
      import pMap from 'p-map';

      export async function notify(users: User[]) {
        await pMap(users, async (user) => {
          await send(user.email);
        }, { concurrency: 8 });
      }
    `,
  },
  {
    name: 'a labelled loop: the label goes, `continue label` becomes `return`',
    code: code`
      async function scan(dirs: string[]) {
        outer: for (const dir of dirs) {
          for (const name of IGNORED) if (dir.endsWith(name)) continue outer;
          await index(dir);
        }
      }
    `,
    output: code`
      async function scan(dirs: string[]) {
        await Promise.all(dirs.map(async (dir) => {
          for (const name of IGNORED) if (dir.endsWith(name)) return;
          await index(dir);
        }));
      }
    `,
  },
];

const traps: TrapCase[] = [
  {
    name: 'a running total carried from one iteration to the next',
    code: code`
      async function total(ids: number[]) {
        let sum = 0;
        for (const id of ids) sum += await price(id);
        return sum;
      }
    `,
  },
  {
    name: '`break` stops the loop early',
    code: code`
      async function firstFree(hosts: string[]) {
        for (const host of hosts) {
          if (await isFree(host)) break;
        }
      }
    `,
  },
  {
    name: '`return` inside the loop',
    code: code`
      async function find(ids: number[]) {
        for (const id of ids) {
          const row = await load(id);
          if (row) return row;
        }
      }
    `,
  },
  {
    name: '`for await` reads a stream in order',
    code: code`
      async function copy(lines: AsyncIterable<string>) {
        for await (const line of lines) await out.write(line);
      }
    `,
  },
  {
    name: 'a while loop has no independent iteration set',
    code: code`
      async function drain(queue: Queue) {
        while (queue.size > 0) await handle(queue.take());
      }
    `,
  },
  {
    name: 'logging inside the loop would print in completion order',
    reason: /console\.log/,
    code: code`
      async function report(ids: number[]) {
        for (const id of ids) {
          const row = await fetchRow(id);
          console.log(id, row.total);
        }
      }
    `,
  },
  {
    name: 'filling a Map: insertion order would follow completion order',
    reason: /changes `byId`/,
    code: code`
      async function index(ids: number[]) {
        const byId = new Map<number, Row>();
        for (const id of ids) {
          byId.set(id, await fetchRow(id));
        }
        return byId;
      }
    `,
  },
  {
    name: 'pushing into a nested array of an outer object',
    reason: /changes `state`/,
    code: code`
      async function collect(ids: number[], state: State) {
        for (const id of ids) {
          state.rows.push(await fetchRow(id));
        }
      }
    `,
  },
  {
    name: '`continue` would skip the push, so the results would not line up',
    reason: /continue/,
    code: code`
      async function collect(ids: number[]) {
        const rows: Row[] = [];
        for (const id of ids) {
          if (id < 0) continue;
          rows.push(await fetchRow(id));
        }
        return rows;
      }
    `,
  },
  {
    name: 'the array is used between its declaration and the loop',
    reason: /used between/,
    code: code`
      async function collect(ids: number[]) {
        const rows: Row[] = [];
        rows.push(header());
        for (const id of ids) {
          rows.push(await fetchRow(id));
        }
        return rows;
      }
    `,
  },
  {
    name: '`var` loop variable is one variable for all iterations',
    reason: /var/,
    code: code`
      async function all(ids) {
        for (var id of ids) {
          await touch(id);
        }
        return id;
      }
    `,
  },
  {
    name: 'forEach(async …) in a function that is not async cannot wait',
    reason: /not async/,
    code: code`
      function notify(users: User[]) {
        users.forEach(async (user) => {
          await send(user.email);
        });
      }
    `,
  },
  {
    name: 'p-map is ESM-only: not offered where TypeScript turns import() into require()',
    fix: 'p-map',
    reason: /module: commonjs/,
    options: virtualProject({ [`${ROOT}/tsconfig.json`]: '{ "compilerOptions": { "module": "commonjs" } }', [`${ROOT}/package.json`]: '{}' }),
    code: code`
      export async function all(ids: number[]) {
        for (const id of ids) {
          await refresh(id);
        }
      }
    `,
  },
  {
    name: 'a deliberate pause in each iteration (throttling)',
    code: code`
      async function crawl(urls: string[]) {
        for (const url of urls) {
          await visit(url);
          await sleep(500);
        }
      }
    `,
  },
  {
    name: 'writes through one transaction would run in completion order',
    reason: /tx\.insert/,
    code: code`
      async function importRows(tx: Tx, rows: Row[]) {
        for (const row of rows) {
          await tx.insert(row);
        }
      }
    `,
  },
];

runRewriteTable('await-in-loop', 'promise-all', cases, traps);
