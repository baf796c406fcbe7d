// sequential-awaits → Promise.all (and allSettled): exact outputs, and the traps where the
// awaits must stay in order.
import { code, ROOT } from './support';
import { runRewriteTable, type RewriteCase, type TrapCase } from './table';

const cases: RewriteCase[] = [
  {
    name: 'two declarations become one destructuring, in order',
    code: code`
      async function load(api: Api) {
        const user = await api.getUser(1);
        const stats = await api.getStats();
        return { user, stats };
      }
    `,
    output: code`
      async function load(api: Api) {
        const [user, stats] = await Promise.all([api.getUser(1), api.getStats()]);
        return { user, stats };
      }
    `,
    title: ['Promise.all', 'even if an earlier one fails'],
  },
  {
    name: 'type annotations become one tuple type',
    code: code`
      async function load(api: Api): Promise<Page> {
        const user: User = await api.getUser(1);
        const stats: Stats | undefined = await api.getStats();
        return render(user, stats);
      }
    `,
    output: code`
      async function load(api: Api): Promise<Page> {
        const [user, stats]: [User, Stats | undefined] = await Promise.all([
          api.getUser(1),
          api.getStats(),
        ]);
        return render(user, stats);
      }
    `,
  },
  {
    name: 'an await without a result leaves a hole; generic type arguments stay',
    code: code`
      async function load(base: string) {
        const user = await fetchJson<User>(base + '/user');
        await warmUp(base);
        const stats = await fetchJson<Stats>(base + '/stats');
        return { user, stats };
      }
    `,
    output: code`
      async function load(base: string) {
        const [user, , stats] = await Promise.all([
          fetchJson<User>(base + '/user'),
          warmUp(base),
          fetchJson<Stats>(base + '/stats'),
        ]);
        return { user, stats };
      }
    `,
  },
  {
    name: 'expression statements only: no destructuring',
    code: code`
      async function notify(user: User) {
        await sendEmail(user.email);
        await sendSms(user.phone);
      }
    `,
    output: code`
      async function notify(user: User) {
        await Promise.all([sendEmail(user.email), sendSms(user.phone)]);
      }
    `,
  },
  {
    name: 'trailing awaits without results add no holes',
    code: code`
      async function boot() {
        const config = await readConfig();
        await loadFonts();
        return config;
      }
    `,
    output: code`
      async function boot() {
        const [config] = await Promise.all([readConfig(), loadFonts()]);
        return config;
      }
    `,
  },
  {
    name: '`let` stays `let`',
    code: code`
      async function load() {
        let a = await fetchA();
        let b = await fetchB();
        a = a.trim();
        return a + b;
      }
    `,
    output: code`
      async function load() {
        let [a, b] = await Promise.all([fetchA(), fetchB()]);
        a = a.trim();
        return a + b;
      }
    `,
  },
  {
    name: 'assignments to local variables become a destructuring assignment',
    code: code`
      async function load() {
        let a: string;
        let b: number;
        a = await fetchA();
        b = await fetchB();
        return [a, b];
      }
    `,
    output: code`
      async function load() {
        let a: string;
        let b: number;
        [a, b] = await Promise.all([fetchA(), fetchB()]);
        return [a, b];
      }
    `,
  },
  {
    name: 'ASI hazard: a statement starting with `[` after one without a semicolon gets a leading `;`',
    code: code`
      async function load() {
        let a, b
        a = await fetchA()
        b = await fetchB()
        return a + b
      }
    `,
    output: code`
      async function load() {
        let a, b
        ;[a, b] = await Promise.all([fetchA(), fetchB()])
        return a + b
      }
    `,
  },
  {
    name: 'semicolon-free style: no semicolon added',
    code: code`
      async function load() {
        const a = await fetchA()
        const b = await fetchB()
        return a + b
      }
    `,
    output: code`
      async function load() {
        const [a, b] = await Promise.all([fetchA(), fetchB()])
        return a + b
      }
    `,
  },
  {
    name: 'comments between the awaits move into the array with their operand',
    code: code`
      async function load(api: Api) {
        // who is asking
        const user = await api.getUser(1);
        // what they did (slow)
        const stats = await api.getStats(); // cached for a minute
        return { user, stats };
      }
    `,
    output: code`
      async function load(api: Api) {
        // who is asking
        const [user, stats] = await Promise.all([
          api.getUser(1),
          // what they did (slow)
          api.getStats(),
        ]); // cached for a minute
        return { user, stats };
      }
    `,
  },
  {
    name: 'a trailing comment of an earlier await stays on its line',
    code: code`
      async function load(api: Api) {
        const user = await api.getUser(1); // by id
        const stats = await api.getStats();
        return { user, stats };
      }
    `,
    output: code`
      async function load(api: Api) {
        const [user, stats] = await Promise.all([
          api.getUser(1), // by id
          api.getStats(),
        ]);
        return { user, stats };
      }
    `,
  },
  {
    name: 'a multi-line operand is re-indented one level deeper',
    code: code`
      async function load(api: Api) {
        const orders = await api.query({
          table: 'orders',
          limit: 10,
        });
        const customers = await api.list('customers');
        return { orders, customers };
      }
    `,
    output: code`
      async function load(api: Api) {
        const [orders, customers] = await Promise.all([
          api.query({
            table: 'orders',
            limit: 10,
          }),
          api.list('customers'),
        ]);
        return { orders, customers };
      }
    `,
  },
  {
    name: 'a long line is laid out one operand per line',
    code: code`
      async function load(service: CatalogueService, id: string) {
        const product = await service.fetchProductWithAllDetails(id, { includeReviews: true });
        const recommendations = await service.fetchRecommendationsFor(id, { limit: 20 });
        return { product, recommendations };
      }
    `,
    output: code`
      async function load(service: CatalogueService, id: string) {
        const [product, recommendations] = await Promise.all([
          service.fetchProductWithAllDetails(id, { includeReviews: true }),
          service.fetchRecommendationsFor(id, { limit: 20 }),
        ]);
        return { product, recommendations };
      }
    `,
  },
  {
    name: 'destructuring patterns nest inside the array pattern; parentheses around the await are dropped',
    code: code`
      async function load() {
        const { id, name } = await fetchUser();
        const [first] = (await fetchOrders());
        return { id, name, first };
      }
    `,
    output: code`
      async function load() {
        const [{ id, name }, [first]] = await Promise.all([fetchUser(), fetchOrders()]);
        return { id, name, first };
      }
    `,
  },
  {
    name: 'CommonJS JavaScript',
    filename: `${ROOT}/src/app.js`,
    code: code`
      const api = require('./api');

      module.exports = async function load(id) {
        const user = await api.getUser(id);
        const stats = await api.getStats(id);
        return { user, stats };
      };
    `,
    output: code`
      const api = require('./api');

      module.exports = async function load(id) {
        const [user, stats] = await Promise.all([api.getUser(id), api.getStats(id)]);
        return { user, stats };
      };
    `,
  },
  {
    name: 'ES module top-level await, exported declarations stay exported',
    filename: `${ROOT}/src/config.mjs`,
    code: code`
      import { readFile } from 'node:fs/promises';

      export const base = await readFile('base.json', 'utf8');
      export const local = await readFile('local.json', 'utf8');
    `,
    output: code`
      import { readFile } from 'node:fs/promises';

      export const [base, local] = await Promise.all([
        readFile('base.json', 'utf8'),
        readFile('local.json', 'utf8'),
      ]);
    `,
  },
  {
    name: 'CRLF line endings and tab indentation are kept',
    code: 'async function load(api) {\r\n\tconst user = await api.getUser(1); // first\r\n\tconst stats = await api.getStats();\r\n\treturn [user, stats];\r\n}\r\n',
    output: 'async function load(api) {\r\n\tconst [user, stats] = await Promise.all([\r\n\t\tapi.getUser(1), // first\r\n\t\tapi.getStats(),\r\n\t]);\r\n\treturn [user, stats];\r\n}\r\n',
  },
  {
    name: 'each await in its own try/catch: the tries run together, each keeps its catch',
    code: code`
      async function load() {
        let user, stats;
        try {
          user = await fetchUser();
        } catch (error) {
          log(error);
        }
        try {
          stats = await fetchStats();
        } catch {
          stats = null;
        }
        return { user, stats };
      }
    `,
    output: code`
      async function load() {
        let user, stats;
        await Promise.all([
          (async () => {
            try {
              user = await fetchUser();
            } catch (error) {
              log(error);
            }
          })(),
          (async () => {
            try {
              stats = await fetchStats();
            } catch {
              stats = null;
            }
          })(),
        ]);
        return { user, stats };
      }
    `,
    title: ['each try/catch kept'],
  },
  {
    name: 'second choice for own try/catch: Promise.allSettled, catch blocks run on the rejected results',
    fix: 'promise-all-settled',
    code: code`
      async function load() {
        let user, stats;
        try {
          user = await fetchUser();
        } catch (error) {
          log(error);
        }
        try {
          stats = await fetchStats();
        } catch {
          stats = null;
        }
        return { user, stats };
      }
    `,
    output: code`
      async function load() {
        let user, stats;
        const [fetchUserResult, fetchStatsResult] = await Promise.allSettled([
          fetchUser(),
          fetchStats(),
        ]);
        if (fetchUserResult.status === 'fulfilled') {
          user = fetchUserResult.value;
        } else {
          const error = fetchUserResult.reason;
          log(error);
        }
        if (fetchStatsResult.status === 'fulfilled') {
          stats = fetchStatsResult.value;
        } else {
          stats = null;
        }
        return { user, stats };
      }
    `,
    title: ['Promise.allSettled', 'after all have settled'],
  },
];

const traps: TrapCase[] = [
  {
    name: 'a later await uses an earlier result',
    code: code`
      async function load(api: Api) {
        const user = await api.getUser(1);
        const orders = await api.getOrders(user.id);
        return orders;
      }
    `,
  },
  {
    name: 'a later await reads a variable an earlier assignment set',
    code: code`
      async function load() {
        let token: string;
        let data: Data;
        token = await getToken();
        data = await fetchData(token);
        return data;
      }
    `,
  },
  {
    name: 'assigning a property the next call may read through `this`',
    reason: /this\.user/,
    code: code`
      class Page {
        user?: User;
        async open() {
          this.user = await fetchUser();
          await renderHeader();
        }
      }
    `,
  },
  {
    name: 'assigning module state another function may read',
    reason: /shared with other functions/,
    code: code`
      let current: Config | undefined;
      export async function reload() {
        current = await readConfig();
        await restartWorkers();
      }
      function restartWorkers() { return start(current); }
    `,
  },
  {
    name: 'const and let cannot share one destructuring',
    reason: /mixes `const` and `let`/,
    code: code`
      async function load() {
        const a = await fetchA();
        let b = await fetchB();
        b += 1;
        return a + b;
      }
    `,
  },
  {
    name: 'one typed and one untyped declaration',
    reason: /no type annotation/,
    code: code`
      async function load() {
        const a: A = await fetchA();
        const b = await fetchB();
        return [a, b];
      }
    `,
  },
  {
    name: 'the awaited value is cast before it is stored',
    reason: /converted/,
    code: code`
      async function load(r1: Response, r2: Response) {
        const a = (await r1.json()) as A;
        const b = (await r2.json()) as B;
        return [a, b];
      }
    `,
  },
  {
    name: 'a connection is opened before it is used',
    code: code`
      async function run(db: Db) {
        await db.connect();
        await db.query('select 1');
      }
    `,
  },
  {
    name: 'a deliberate pause between two calls',
    code: code`
      async function poll() {
        await sleep(1000);
        await check();
      }
    `,
  },
  {
    name: 'writes then reads through one session',
    code: code`
      async function save(tx: Tx, row: Row) {
        await tx.insert(row);
        await tx.select(row.id);
      }
    `,
  },
  {
    name: 'allSettled is not offered when a catch block returns',
    fix: 'promise-all-settled',
    reason: /returns/,
    code: code`
      async function load() {
        let user, stats;
        try {
          user = await fetchUser();
        } catch {
          return null;
        }
        try {
          stats = await fetchStats();
        } catch {
          stats = 0;
        }
        return { user, stats };
      }
    `,
  },
  {
    name: 'declarations and assignments cannot share one destructuring',
    reason: /mixes declarations and assignments/,
    code: code`
      async function load() {
        let a;
        const b = await fetchB();
        a = await fetchA();
        return [a, b];
      }
    `,
  },
];

runRewriteTable('sequential-awaits', 'promise-all', cases, traps);
