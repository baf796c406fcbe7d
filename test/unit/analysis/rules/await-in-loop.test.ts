// Table of await-in-loop cases. The invalid ones are loops whose iterations could overlap; the
// hard negatives are loops ESLint's no-await-in-loop flags although they must stay sequential:
// pagination, accumulators, retries, throttling, streams, early exits and ordered writes.
import { code, runRuleTests } from '../rule-tester';

runRuleTests('await-in-loop', {
  valid: [
    {
      name: 'cursor pagination in a do…while',
      hard: true,
      code: code`
        export async function all(api: Api) {
          const items = [];
          let cursor: string | undefined;
          do {
            const page = await api.list({ cursor });
            items.push(...page.items);
            cursor = page.next;
          } while (cursor);
          return items;
        }
      `,
    },
    {
      name: 'page token carried through a for…of',
      hard: true,
      code: code`
        export async function crawl(api: Api, pages: number[]) {
          let token = '';
          for (const p of pages) {
            const res = await api.list(p, token);
            token = res.nextToken;
          }
        }
      `,
    },
    {
      name: 'page counter in a while loop',
      hard: true,
      code: code`
        export async function fetchAll(url: string) {
          let page = 1;
          let more = true;
          while (more) {
            const res = await fetch(url + '?page=' + page++);
            more = (await res.json()).hasMore;
          }
        }
      `,
    },
    {
      name: 'accumulator feeding the next call',
      hard: true,
      code: code`
        export async function fold(steps: Step[], seed: State) {
          let state = seed;
          for (const step of steps) {
            state = await step.apply(state);
          }
          return state;
        }
      `,
    },
    {
      name: 'previous result passed to the next call through a property',
      hard: true,
      code: code`
        export async function chain(jobs: Job[]) {
          const ctx = { last: null as unknown };
          for (const job of jobs) {
            ctx.last = await run(job, ctx.last);
          }
        }
      `,
    },
    {
      name: 'retry loop that returns on success',
      hard: true,
      code: code`
        export async function withRetry(url: string) {
          for (let attempt = 0; attempt < 3; attempt++) {
            try {
              return await fetch(url);
            } catch {
              continue;
            }
          }
        }
      `,
    },
    {
      name: 'a loop that throws on an awaited result stops at the first failure',
      hard: true,
      code: code`
        export async function uploadAll(files: string[]) {
          for (const file of files) {
            const response = await fetch('/upload', { method: 'POST', body: file });
            if (!response.ok) throw new Error(\`upload of \${file} failed\`);
          }
        }
      `,
    },
    {
      name: 'retry loop that breaks on success',
      hard: true,
      code: code`
        export async function connect(db: Db) {
          let ok = false;
          for (let attempt = 1; attempt <= 5; attempt++) {
            ok = await db.ping();
            if (ok) break;
          }
          return ok;
        }
      `,
    },
    {
      name: 'retry loop that stops through its condition',
      hard: true,
      code: code`
        export async function retry(url: string) {
          let ok = false;
          for (let i = 0; i < 3 && !ok; i++) {
            ok = (await fetch(url + '?try=' + i)).ok;
          }
          return ok;
        }
      `,
    },
    {
      name: 'polling the same call is a repeat, not a batch',
      hard: true,
      code: code`
        export async function warmUp() {
          for (let i = 0; i < 5; i++) {
            await fetch('/health');
          }
        }
      `,
    },
    {
      name: 'throttled with await sleep(…)',
      hard: true,
      code: code`
        export async function politely(urls: string[]) {
          for (const url of urls) {
            await fetch(url);
            await sleep(250);
          }
        }
      `,
    },
    {
      name: 'throttled with a setTimeout promise',
      hard: true,
      code: code`
        export async function politely(urls: string[]) {
          for (const url of urls) {
            await fetch(url);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      `,
    },
    {
      name: 'for await over a stream',
      hard: true,
      code: code`
        export async function copy(source: AsyncIterable<Buffer>, sink: Sink) {
          for await (const chunk of source) {
            await sink.write(chunk);
          }
        }
      `,
    },
    {
      name: 'breaks on the first good awaited result',
      hard: true,
      code: code`
        export async function firstReachable(mirrors: string[]) {
          let found;
          for (const m of mirrors) {
            const res = await fetch(m);
            if (res.ok) { found = m; break; }
          }
          return found;
        }
      `,
    },
    {
      name: 'returns the first match',
      hard: true,
      code: code`
        export async function findUser(ids: string[], name: string) {
          for (const id of ids) {
            const user = await getUser(id);
            if (user.name === name) return user;
          }
          return undefined;
        }
      `,
    },
    {
      name: 'labelled break from an inner loop leaves the outer one',
      hard: true,
      code: code`
        export async function scan(groups: string[][]) {
          outer: for (const group of groups) {
            for (const id of group) {
              if (await isBlocked(id)) break outer;
            }
          }
        }
      `,
    },
    {
      name: 'ordered writes to one stream',
      hard: true,
      code: code`
        export async function dump(rows: Row[], out: Writer) {
          for (const row of rows) {
            await out.write(JSON.stringify(row) + '\n');
          }
        }
      `,
    },
    {
      name: 'each iteration already awaits a batch',
      hard: true,
      code: code`
        export async function inBatches(batches: string[][]) {
          for (const batch of batches) {
            await Promise.all(batch.map((u) => fetch(u)));
          }
        }
      `,
    },
    {
      name: 'await in a function that is only defined in the loop',
      hard: true,
      code: code`
        export function handlers(urls: string[]) {
          const tasks = [];
          for (const url of urls) {
            tasks.push(async () => { await fetch(url); });
          }
          return tasks;
        }
      `,
    },
    {
      name: 'awaiting promises that were started before the loop',
      hard: true,
      code: code`
        export async function inOrder(urls: string[]) {
          const pending = urls.map((u) => fetch(u));
          const out = [];
          for (const p of pending) out.push(await p);
          for (let i = 0; i < pending.length; i++) console.log(await pending[i]);
          return out;
        }
      `,
    },
    {
      name: 'already concurrent: promises collected, then Promise.all',
      code: code`
        export async function all(urls: string[]) {
          const pending = [];
          for (const url of urls) pending.push(fetch(url));
          return Promise.all(pending);
        }
      `,
    },
    {
      name: 'already concurrent: map(async) under Promise.all',
      code: code`
        export const all = async (urls: string[]) => Promise.all(urls.map(async (u) => (await fetch(u)).json()));
      `,
    },
    {
      name: 'suppressed with disable-next-line',
      code: code`
        export async function seq(urls: string[]) {
          // workload-hints-disable-next-line await-in-loop -- the API allows one call at a time
          for (const url of urls) {
            await fetch(url);
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'for…of over a parameter: unknown count, bounded concurrency',
      code: code`
        export async function download(urls: string[]) {
          for (const url of urls) {
            await fetch(url);
          }
        }
      `,
      errors: [{
        line: 2, column: 3, endLine: 4, endColumn: 4, function: 'download', severity: 'warning',
        message: ['`for…of` loop', '`urls`', '`fetch`', 'bounded concurrency'],
        data: { loopKind: 'for-of', form: 'bounded-concurrency', count: -1, awaitLine: 3 },
      }],
    },
    {
      name: 'counting loop over 10 items: Promise.all',
      code: code`
        export async function firstTen() {
          const out = [];
          for (let i = 0; i < 10; i++) {
            out.push(await fetch('/item/' + i));
          }
          return out;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 5, endColumn: 4, function: 'firstTen', message: ['Promise.all'], data: { form: 'promise-all', count: 10 } }],
    },
    {
      name: 'literal array of three',
      code: code`
        export async function three() {
          for (const name of ['a', 'b', 'c']) {
            await load(name);
          }
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 4, endColumn: 4, function: 'three', data: { form: 'promise-all', count: 3 } }],
    },
    {
      name: 'indexed loop over .length',
      code: code`
        export async function byIndex(ids: string[], db: Db) {
          const rows = [];
          for (let i = 0; i < ids.length; i++) {
            rows[i] = await db.get(ids[i]);
          }
          return rows;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 5, endColumn: 4, function: 'byIndex', data: { loopKind: 'for', form: 'bounded-concurrency' } }],
    },
    {
      name: 'for…in over an object',
      code: code`
        export async function refreshAll(cache: Record<string, string>) {
          for (const key in cache) {
            cache[key] = await refresh(key);
          }
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 4, endColumn: 4, function: 'refreshAll', data: { loopKind: 'for-in' } }],
    },
    {
      name: 'two awaits per iteration on the same item',
      code: code`
        export async function bodies(urls: string[]) {
          const out: unknown[] = [];
          for (const url of urls) {
            const res = await fetch(url);
            out.push(await res.json());
          }
          return out;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 6, endColumn: 4, function: 'bodies', data: { awaitLine: 4 } }],
    },
    {
      name: 'results into a map keyed by the item',
      code: code`
        export async function loadAll(keys: string[]) {
          const map = new Map();
          for (const k of keys) map.set(k, await load(k));
          return map;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 51, function: 'loadAll' }],
    },
    {
      name: 'a sum of independent results is a reduction, not a carried value',
      code: code`
        export async function totalSize(urls: string[]) {
          let total = 0;
          for (const u of urls) {
            total += (await stat(u)).size;
          }
          return total;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 5, endColumn: 4, function: 'totalSize' }],
    },
    {
      name: 'unlabelled continue does not make iterations dependent',
      code: code`
        export async function some(urls: string[]) {
          for (const url of urls) {
            if (!url) continue;
            await fetch(url);
          }
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 5, endColumn: 4, function: 'some' }],
    },
    {
      name: 'a break in an inner loop does not stop the outer one',
      code: code`
        export async function tagAll(posts: Post[], banned: string[]) {
          for (const post of posts) {
            for (const word of banned) {
              if (post.text.includes(word)) break;
            }
            await save(post);
          }
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 7, endColumn: 4, function: 'tagAll' }],
    },
    {
      name: 'a break out of a switch is not an early exit of the loop',
      code: code`
        export async function runAll(jobs: Job[]) {
          for (const job of jobs) {
            switch (job.kind) {
              case 'a':
                await runA(job);
                break;
              default:
                await runB(job);
            }
          }
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 10, endColumn: 4, function: 'runAll' }],
    },
    {
      name: 'a return inside a callback is not a return from the loop',
      code: code`
        export async function texts(urls: string[]) {
          const out = [];
          for (const u of urls) {
            out.push(await fetch(u).then((r) => { return r.text(); }));
          }
          return out;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 5, endColumn: 4, function: 'texts' }],
    },
    {
      name: 'async forEach callback is never awaited',
      code: code`
        export async function notify(users: User[]) {
          users.forEach(async (u) => {
            await send(u.email);
          });
        }
      `,
      errors: [{
        line: 2, column: 3, endLine: 4, endColumn: 5, function: 'notify', message: ['`forEach` does not wait', 'users.map'],
        data: { loopKind: 'forEach', forEachAsync: true },
      }],
    },
    {
      name: 'class method',
      code: code`
        class Syncer {
          async pushAll(ids: string[]) {
            for (const id of ids) {
              await this.api.put(id);
            }
          }
        }
      `,
      errors: [{ line: 3, column: 5, endLine: 5, endColumn: 6, function: 'Syncer.pushAll' }],
    },
    {
      name: 'arrow function in a const',
      code: code`
        export const warm = async (keys: string[]) => {
          for (const key of keys) await cache.get(key);
        };
      `,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 48, function: 'warm' }],
    },
    {
      name: 'object-literal method',
      code: code`
        export const service = {
          async loadAll(ids: string[]) {
            for (const id of ids) {
              await db.load(id);
            }
          },
        };
      `,
      errors: [{ line: 3, column: 5, endLine: 5, endColumn: 6, function: 'loadAll' }],
    },
    {
      name: 'top-level await in an ES module',
      filename: 'main.mjs',
      code: code`
        const urls = process.argv.slice(2);
        for (const url of urls) {
          console.log(await fetch(url));
        }
      `,
      errors: [{ line: 2, column: 1, endLine: 4, endColumn: 2, function: '<module>' }],
    },
    {
      name: 'a new promise per iteration is started in the loop',
      code: code`
        export async function drainAll(streams: Readable[]) {
          for (const s of streams) {
            s.resume();
            await new Promise((resolve) => s.once('end', resolve));
          }
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 5, endColumn: 4, function: 'drainAll' }],
    },
    {
      name: 'calling each task function in turn',
      code: code`
        export async function runTasks(tasks: Array<() => Promise<void>>) {
          for (const task of tasks) await task();
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 42, function: 'runTasks' }],
    },
    {
      name: 'for…of over Object.entries',
      code: code`
        export async function saveAll(byId: Record<string, Doc>) {
          for (const [id, doc] of Object.entries(byId)) {
            await store.put(id, doc);
          }
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 4, endColumn: 4, function: 'saveAll' }],
    },
  ],
});
