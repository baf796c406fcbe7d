// Table of sequential-awaits cases. Flagged: consecutive awaits that could overlap. Not flagged:
// a later await that uses an earlier result or relies on its side effect (mkdir → writeFile,
// connect → query, lock → work, write → read), one session used in order, deliberate pauses.
import { code, runRuleTests } from '../rule-tester';

runRuleTests('sequential-awaits', {
  valid: [
    {
      name: 'the second call uses the first result',
      hard: true,
      code: code`
        export async function profile(id: string) {
          const user = await getUser(id);
          const posts = await getPosts(user.id);
          return { user, posts };
        }
      `,
    },
    {
      name: 'a destructured result feeds the next call',
      hard: true,
      code: code`
        export async function attachTo(api: Api) {
          const { id } = await api.create({ name: 'x' });
          await fetch('/attach/' + id);
        }
      `,
    },
    {
      name: 'mkdir, then writeFile into it',
      hard: true,
      code: code`
        import { mkdir, writeFile } from 'node:fs/promises';
        import { join } from 'node:path';
        export async function emit(dir: string, text: string) {
          await mkdir(dir, { recursive: true });
          await writeFile(join(dir, 'out.txt'), text);
        }
      `,
    },
    {
      name: 'a result assigned to an outer variable is used next',
      hard: true,
      code: code`
        let total = 0;
        export async function tally() {
          total = await count();
          await report(total);
        }
      `,
    },
    {
      name: 'a result stored in a property is used next',
      hard: true,
      code: code`
        export async function refresh(state: { n: number }) {
          state.n = await count();
          await report(state.n);
        }
      `,
    },
    {
      name: 'a destructuring assignment feeds the next call',
      hard: true,
      code: code`
        export async function next() {
          let id: string, rev: number;
          [id, { rev }] = await head();
          await fetchRevision(id, rev);
        }
      `,
    },
    {
      name: 'connect, then query',
      hard: true,
      code: code`
        export async function count(client: Client) {
          await client.connect();
          const res = await client.query('select count(*) from t');
          return res.rows[0];
        }
      `,
    },
    {
      name: 'connect on one object, then use another built on it',
      hard: true,
      code: code`
        export async function start(mongo: Mongo, users: Users) {
          await mongo.connect();
          await users.findOne({ name: 'admin' });
        }
      `,
    },
    {
      name: 'lock, then work',
      hard: true,
      code: code`
        export async function critical(mutex: Mutex) {
          await mutex.acquire();
          await doWork();
        }
      `,
    },
    {
      name: 'the result of lock() is kept and work follows',
      hard: true,
      code: code`
        export async function critical(resource: Resource) {
          const release = await resource.lock();
          await updateLedger();
          release();
        }
      `,
    },
    {
      name: 'writeFile, then readFile of the same path',
      hard: true,
      code: code`
        import { readFile, writeFile } from 'node:fs/promises';
        export async function roundTrip(p: string, data: string) {
          await writeFile(p, data);
          const back = await readFile(p, 'utf8');
          return back;
        }
      `,
    },
    {
      name: 'a mutation the next call reads through a shared argument',
      hard: true,
      code: code`
        export async function release(cfg: Config) {
          await updateConfig(cfg);
          await deploy(cfg);
        }
      `,
    },
    {
      name: 'a mutation of an object, then a call that reads one of its properties',
      hard: true,
      code: code`
        export async function rename(user: User, name: string) {
          await renameUser(user, name);
          await notify(user.email);
        }
      `,
    },
    {
      name: 'two calls on one database session',
      hard: true,
      code: code`
        export async function move(db: Db, row: Row) {
          await db.insert(row);
          await db.remove(row.oldId);
        }
      `,
    },
    {
      name: 'one browser page driven in order',
      hard: true,
      code: code`
        export async function login(page: Page) {
          await page.goto('https://example.com/login');
          await page.click('#submit');
        }
      `,
    },
    {
      name: 'ordered writes to one stream',
      hard: true,
      code: code`
        export async function header(stream: Writable) {
          await stream.write('a');
          await stream.write('b');
        }
      `,
    },
    {
      name: 'log in, then call the API',
      hard: true,
      code: code`
        export async function me(api: Api, creds: Creds) {
          await api.login(creds);
          await loadProfile();
        }
      `,
    },
    {
      name: 'init, then run on this',
      hard: true,
      code: code`
        class App {
          async start() {
            await this.init();
            await this.run();
          }
        }
      `,
    },
    {
      name: 'a deliberate pause between calls',
      hard: true,
      code: code`
        export async function gently() {
          await fetch('/a');
          await sleep(1000);
          await fetch('/b');
        }
      `,
    },
    {
      name: 'awaits of promises that already run together',
      hard: true,
      code: code`
        export async function both() {
          const a = fetch('/a');
          const b = fetch('/b');
          const ra = await a;
          const rb = await b;
          return [ra, rb];
        }
      `,
    },
    {
      name: 'already Promise.all, then a dependent save',
      code: code`
        export async function pair() {
          const [a, b] = await Promise.all([fetch('/a'), fetch('/b')]);
          await save(a, b);
        }
      `,
    },
    {
      name: 'awaits separated by other work are not consecutive',
      code: code`
        export async function two() {
          const a = await fetch('/a');
          console.log(a.status);
          const b = await fetch('/b');
          return [a, b];
        }
      `,
    },
    {
      name: 'awaits in different branches',
      code: code`
        export async function either(flag: boolean) {
          if (flag) {
            await fetch('/a');
          } else {
            await fetch('/b');
          }
        }
      `,
    },
    {
      name: 'a single await',
      code: code`
        export async function one() {
          return await fetch('/a');
        }
      `,
    },
    {
      name: 'suppressed with disable-next-line on the first await',
      code: code`
        export async function two() {
          // workload-hints-disable-next-line sequential-awaits
          const a = await fetch('/a');
          const b = await fetch('/b');
          return [a, b];
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'two independent fetches',
      code: code`
        export async function dashboard() {
          const a = await fetch('/a');
          const b = await fetch('/b');
          return [a, b];
        }
      `,
      errors: [{
        line: 2, column: 3, endLine: 3, endColumn: 31, function: 'dashboard', severity: 'info',
        message: ['2 independent awaits', '`fetch`, `fetch`', 'Promise.all'],
        data: { count: 2, firstLine: 2, lastLine: 3, hasResults: true, inOwnTry: false },
      }],
    },
    {
      name: 'three independent file reads',
      code: code`
        import { readFile } from 'node:fs/promises';
        export async function load() {
          const a = await readFile('a.json', 'utf8');
          const b = await readFile('b.json', 'utf8');
          const c = await readFile('c.json', 'utf8');
          return [a, b, c];
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 5, endColumn: 46, function: 'load', data: { count: 3, firstLine: 3, lastLine: 5 } }],
    },
    {
      name: 'expression statements without results, different properties of one object',
      code: code`
        export async function notify(user: User) {
          await sendEmail(user.email);
          await sendSms(user.phone);
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 3, endColumn: 29, function: 'notify', data: { hasResults: false } }],
    },
    {
      name: 'a dependent third await ends the group after two',
      code: code`
        export async function page(id: string) {
          const user = await getUser(id);
          const settings = await getSettings(id);
          const feed = await getFeed(user.id, settings);
          return feed;
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 3, endColumn: 42, function: 'page', data: { count: 2 } }],
    },
    {
      name: 'a dependency in the middle splits two groups',
      code: code`
        export async function report() {
          const a = await fetch('/a');
          const b = await fetch('/b');
          const c = await fetch('/c?after=' + a.status);
          const d = await fetch('/d');
          return [b, c, d];
        }
      `,
      errors: [
        { line: 2, column: 3, endLine: 3, endColumn: 31, function: 'report' },
        { line: 4, column: 3, endLine: 5, endColumn: 31, function: 'report' },
      ],
    },
    {
      name: 'assignments to outer variables',
      code: code`
        let a: Response, b: Response;
        export async function refresh() {
          a = await fetch('/a');
          b = await fetch('/b');
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 4, endColumn: 25, function: 'refresh' }],
    },
    {
      name: 'each await in its own try/catch',
      code: code`
        export async function tolerant() {
          try { await fetch('/a'); } catch {}
          try { await fetch('/b'); } catch {}
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 3, endColumn: 38, function: 'tolerant', data: { inOwnTry: true } }],
    },
    {
      name: 'class method',
      code: code`
        class Dashboard {
          async load(api: Api) {
            const users = await api.users.list();
            const teams = await api.teams.list();
            return { users, teams };
          }
        }
      `,
      errors: [{ line: 3, column: 5, endLine: 4, endColumn: 42, function: 'Dashboard.load' }],
    },
    {
      name: 'arrow function in a const',
      code: code`
        export const both = async () => {
          const x = await fetch('/x');
          const y = await fetch('/y');
          return [x, y];
        };
      `,
      errors: [{ line: 2, column: 3, endLine: 3, endColumn: 31, function: 'both' }],
    },
    {
      name: 'object-literal method',
      code: code`
        export const api = {
          async both() {
            await fetch('/x');
            await fetch('/y');
          },
        };
      `,
      errors: [{ line: 3, column: 5, endLine: 4, endColumn: 23, function: 'both' }],
    },
    {
      name: 'top-level await in an ES module',
      filename: 'main.mjs',
      code: code`
        const a = await fetch('https://example.com/a');
        const b = await fetch('https://example.com/b');
        console.log(a.status, b.status);
      `,
      errors: [{ line: 1, column: 1, endLine: 2, endColumn: 48, function: '<module>' }],
    },
    {
      name: 'two reads through one promise-API module object',
      code: code`
        import fsp from 'node:fs/promises';
        export async function both() {
          const a = await fsp.readFile('a');
          const b = await fsp.readFile('b');
          return a + b;
        }
      `,
      errors: [{ line: 3, column: 3, endLine: 4, endColumn: 37, function: 'both' }],
    },
    {
      name: 'same parameter read by two independent reads',
      code: code`
        export async function summary(id: string) {
          const orders = await getOrders(id);
          const invoices = await getInvoices(id);
          return { orders, invoices };
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 3, endColumn: 42, function: 'summary' }],
    },
    {
      name: 'two reads with different receivers',
      code: code`
        export async function conditions(city: string) {
          const rates = await fetchRates();
          const weather = await fetchWeather(city);
          return { rates, weather };
        }
      `,
      errors: [{ line: 2, column: 3, endLine: 3, endColumn: 44, function: 'conditions' }],
    },
    {
      name: 'await in a switch case',
      code: code`
        export async function pick(kind: string) {
          switch (kind) {
            case 'all':
              await fetch('/a');
              await fetch('/b');
              break;
          }
        }
      `,
      errors: [{ line: 4, column: 7, endLine: 5, endColumn: 25, function: 'pick' }],
    },
  ],
});
