// hot-loop → "Move to a worker pool": the main file and the new worker file, exactly, for
// TypeScript and JavaScript, CommonJS and ESM; and the traps where the move is refused.
import { code, defaultProject, ROOT, virtualProject } from './support';
import { runRewriteTable, type RewriteCase, type TrapCase } from './table';

const HOT = code`
  let inside = 0;
  for (let i = 0; i < samples; i++) {
    const x = Math.random();
    const y = Math.random();
    if (x * x + y * y <= 1) inside++;
  }
`;

function indent(text: string, by: string): string {
  return text.trimEnd().split('\n').map((l) => (l ? by + l : l)).join('\n');
}

const estimate = (header = 'export function estimatePi(samples: number): number {') =>
  `${header}\n${indent(HOT, '  ')}\n  return (4 * inside) / samples;\n}`;

const TS_POOL = (name: string, args = `Parameters<typeof ${name}>, Awaited<ReturnType<typeof ${name}>>`) => code`
  /** \`${name}\` runs on these worker threads: one per core, all started now and kept while idle. */
  const ${name}Pool = new Piscina<${args}>({
    filename: path.join(__dirname, __filename.endsWith('.ts') ? '${name}.worker.ts' : '${name}.worker.js'),
    minThreads: os.availableParallelism(),
    maxThreads: os.availableParallelism(),
  });
`;

const TS_RUNNER = (name: string) => code`
  /** Piscina calls the default export with the arguments \`${name}Pool.run\` was given. */
  export default function run(args: Parameters<typeof ${name}>): ReturnType<typeof ${name}> {
    return ${name}(...args);
  }
`;

/** Expands %HOT%, %POOL:name% and %RUNNER:name[:run]% lines of a dedented expectation. */
function expand(text: string): string {
  return text.replace(/^([ \t]*)%(\w+)(?::(\w+))?(?::(\w+))?%\n/gm, (_, lead: string, what: string, name: string, run?: string) => {
    const block = what === 'HOT' ? HOT : what === 'POOL' ? TS_POOL(name) : TS_RUNNER(name).replace('function run(', `function ${run ?? 'run'}(`);
    return block.split('\n').map((l) => (l ? lead + l : l)).join('\n');
  });
}

const piscinaProject = () => defaultProject({}, { name: 'app', dependencies: { piscina: '^5.3.2' } });

const cases: RewriteCase[] = [
  {
    name: 'TypeScript compiled to CommonJS: exported function re-exported from the worker module',
    options: piscinaProject(),
    code: `${estimate()}\n\nexport async function main() {\n  const a = estimatePi(1e6);\n  console.log(a);\n}\n`,
    output: `import { Piscina } from 'piscina';\nimport * as os from 'node:os';\nimport * as path from 'node:path';\nimport type { estimatePi } from './estimatePi.worker';\n\n${TS_POOL('estimatePi')}\nexport { estimatePi } from './estimatePi.worker';\n\nexport async function main() {\n  const a = await estimatePiPool.run([1e6]);\n  console.log(a);\n}\n`,
    newFiles: {
      'estimatePi.worker.ts': `// Runs \`estimatePi\` on a worker thread: piscina loads this file for the pool in app.ts.\n\n${estimate()}\n\n${TS_RUNNER('estimatePi')}`,
    },
    title: ['Move `estimatePi` to a worker pool', 'estimatePi.worker.ts', 'dist/estimatePi.worker.js', 'copied'],
  },
  {
    name: 'a function only this file uses leaves it; the imports it alone needed go with it',
    options: piscinaProject(),
    code: code`
      import { createHash } from 'node:crypto';
      import { get } from './http';

      /** Hashes \`input\` many times over. */
      function stretch(input: string, rounds: number): string {
        let digest = input;
        for (let round = 0; round < rounds; round++) {
          digest = createHash('sha256').update(digest).digest('hex');
        }
        return digest;
      }

      export async function handle(id: string) {
        const record = await get(id);
        return stretch(record.key, 100_000);
      }
    `,
    output: code`
      import { get } from './http';
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { stretch } from './stretch.worker';

      %POOL:stretch%

      export async function handle(id: string) {
        const record = await get(id);
        return await stretchPool.run([record.key, 100_000]);
      }
    `,
    newFiles: {
      'stretch.worker.ts': code`
        // Runs \`stretch\` on a worker thread: piscina loads this file for the pool in app.ts.

        import { createHash } from 'node:crypto';

        /** Hashes \`input\` many times over. */
        export function stretch(input: string, rounds: number): string {
          let digest = input;
          for (let round = 0; round < rounds; round++) {
            digest = createHash('sha256').update(digest).digest('hex');
          }
          return digest;
        }

        %RUNNER:stretch%
      `,
    },
  },
  {
    name: 'ES module TypeScript: import.meta.url and a .js specifier',
    options: defaultProject({}, { name: 'app', type: 'module', dependencies: { piscina: '^5.3.2' } }),
    code: `${estimate()}\n\nexport async function main() {\n  console.log(estimatePi(1e6));\n}\n`,
    output: `import { Piscina } from 'piscina';\nimport * as os from 'node:os';\nimport type { estimatePi } from './estimatePi.worker.js';\n\n/** \`estimatePi\` runs on these worker threads: one per core, all started now and kept while idle. */\nconst estimatePiPool = new Piscina<Parameters<typeof estimatePi>, Awaited<ReturnType<typeof estimatePi>>>({\n  filename: new URL(import.meta.url.endsWith('.ts') ? './estimatePi.worker.ts' : './estimatePi.worker.js', import.meta.url).href,\n  minThreads: os.availableParallelism(),\n  maxThreads: os.availableParallelism(),\n});\n\nexport { estimatePi } from './estimatePi.worker.js';\n\nexport async function main() {\n  console.log(await estimatePiPool.run([1e6]));\n}\n`,
  },
  {
    name: 'CommonJS JavaScript: require, path.join(__dirname), module.exports in the worker',
    filename: `${ROOT}/src/pi.js`,
    options: piscinaProject(),
    code: code`
      'use strict';
      const SAMPLES = 1000000;

      function estimatePi(samples) {
      %HOT%
        return (4 * inside) / samples;
      }

      async function main() {
        console.log(estimatePi(SAMPLES));
      }
      main();
    `,
    output: code`
      'use strict';
      const { Piscina } = require('piscina');
      const os = require('node:os');
      const path = require('node:path');

      /** \`estimatePi\` runs on these worker threads: one per core, all started now and kept while idle. */
      const estimatePiPool = new Piscina({
        filename: path.join(__dirname, 'estimatePi.worker.js'),
        minThreads: os.availableParallelism(),
        maxThreads: os.availableParallelism(),
      });
      const SAMPLES = 1000000;

      async function main() {
        console.log(await estimatePiPool.run([SAMPLES]));
      }
      main();
    `,
    newFiles: {
      'estimatePi.worker.js': code`
        'use strict';
        // Runs \`estimatePi\` on a worker thread: piscina loads this file for the pool in pi.js.

        function estimatePi(samples) {
        %HOT%
          return (4 * inside) / samples;
        }

        /** Piscina calls the exported function with the arguments \`estimatePiPool.run\` was given. */
        module.exports = function run(args) {
          return estimatePi(...args);
        };
        module.exports.estimatePi = estimatePi;
      `,
    },
  },
  {
    name: 'ES module JavaScript (.mjs): new URL(…, import.meta.url), the worker keeps the .mjs extension',
    filename: `${ROOT}/src/pi.mjs`,
    options: piscinaProject(),
    code: `${estimate('export function estimatePi(samples) {')}\n\nconsole.log(estimatePi(1e6));\n`,
    output: `import { Piscina } from 'piscina';\nimport os from 'node:os';\n\n/** \`estimatePi\` runs on these worker threads: one per core, all started now and kept while idle. */\nconst estimatePiPool = new Piscina({\n  filename: new URL('./estimatePi.worker.mjs', import.meta.url).href,\n  minThreads: os.availableParallelism(),\n  maxThreads: os.availableParallelism(),\n});\n\nexport { estimatePi } from './estimatePi.worker.mjs';\n\nconsole.log(await estimatePiPool.run([1e6]));\n`,
    newFiles: {
      'estimatePi.worker.mjs': `// Runs \`estimatePi\` on a worker thread: piscina loads this file for the pool in pi.mjs.\n\n${estimate('export function estimatePi(samples) {')}\n\n/** Piscina calls the default export with the arguments \`estimatePiPool.run\` was given. */\nexport default function run(args) {\n  return estimatePi(...args);\n}\n`,
    },
  },
  {
    name: 'constants and helpers: moved when only the function used them, copied when others do too',
    options: piscinaProject(),
    code: code`
      const ROUNDS = 50_000;
      const SEED = 7;

      function step(x: number): number {
        return (x * 1103515245 + 12345) % 2147483648;
      }

      function score(items: number[]): number {
        let acc = SEED;
        for (const item of items) {
          for (let r = 0; r < ROUNDS; r++) acc = step(acc + item);
        }
        return acc;
      }

      export async function rank(items: number[]) {
        return { seed: SEED, score: score(items) };
      }
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { score } from './score.worker';

      %POOL:score%

      const SEED = 7;

      export async function rank(items: number[]) {
        return { seed: SEED, score: await scorePool.run([items]) };
      }
    `,
    newFiles: {
      'score.worker.ts': code`
        // Runs \`score\` on a worker thread: piscina loads this file for the pool in app.ts.

        const ROUNDS = 50_000;

        const SEED = 7;

        function step(x: number): number {
          return (x * 1103515245 + 12345) % 2147483648;
        }

        export function score(items: number[]): number {
          let acc = SEED;
          for (const item of items) {
            for (let r = 0; r < ROUNDS; r++) acc = step(acc + item);
          }
          return acc;
        }

        %RUNNER:score%
      `,
    },
  },
  {
    name: 'types of the signature are copied; an import still used stays in the main file',
    options: piscinaProject(),
    code: code`
      import { createHash } from 'node:crypto';

      interface Job {
        id: string;
        rounds: number;
      }

      function digest(job: Job): string {
        let d = job.id;
        for (let i = 0; i < job.rounds; i++) d = createHash('sha1').update(d).digest('hex');
        return d;
      }

      export async function run(jobs: Job[]) {
        const first = digest(jobs[0]);
        return first + createHash('md5').update(first).digest('hex');
      }
    `,
    output: code`
      import { createHash } from 'node:crypto';
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { digest } from './digest.worker';

      %POOL:digest%

      interface Job {
        id: string;
        rounds: number;
      }

      export async function run(jobs: Job[]) {
        const first = await digestPool.run([jobs[0]]);
        return first + createHash('md5').update(first).digest('hex');
      }
    `,
    newFiles: {
      'digest.worker.ts': code`
        // Runs \`digest\` on a worker thread: piscina loads this file for the pool in app.ts.

        import { createHash } from 'node:crypto';

        interface Job {
          id: string;
          rounds: number;
        }

        export function digest(job: Job): string {
          let d = job.id;
          for (let i = 0; i < job.rounds; i++) d = createHash('sha1').update(d).digest('hex');
          return d;
        }

        %RUNNER:digest:run2%
      `,
    },
  },
  {
    name: 'an awaited call stays one await; parentheses where the result is used',
    options: piscinaProject(),
    code: code`
      async function crunch(n: number): Promise<number> {
        let acc = 0;
        for (let i = 0; i < n; i++) acc = (acc * 31 + Math.imul(i, i) + (i % 7)) % 1000003;
        return acc;
      }

      export async function main() {
        const a = await crunch(1e7);
        return a + (await crunch(2e7)) + crunch2();
      }
      function crunch2() { return 0; }
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { crunch } from './crunch.worker';

      %POOL:crunch%

      export async function main() {
        const a = await crunchPool.run([1e7]);
        return a + (await crunchPool.run([2e7])) + crunch2();
      }
      function crunch2() { return 0; }
    `,
  },
  {
    name: 'a result used as an object: parenthesised await',
    options: piscinaProject(),
    code: code`
      function estimate(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s += Math.sqrt(i) * Math.sin(i) + (i % 3);
        return s;
      }

      export async function show(n: number) {
        return estimate(n).toFixed(2);
      }
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { estimate } from './estimate.worker';

      %POOL:estimate%

      export async function show(n: number) {
        return (await estimatePool.run([n])).toFixed(2);
      }
    `,
  },
  {
    name: 'a use as a value keeps running on the main thread through an import',
    options: piscinaProject(),
    code: code`
      function checksum(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + i * i + Math.imul(i, 3) * (i % 5)) % 65521;
        return s;
      }

      export async function both(ns: number[]) {
        const one = checksum(ns[0]);
        return [one, ...ns.map(checksum)];
      }
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import { checksum } from './checksum.worker';

      %POOL:checksum%

      export async function both(ns: number[]) {
        const one = await checksumPool.run([ns[0]]);
        return [one, ...ns.map(checksum)];
      }
    `,
  },
  {
    name: 'piscina, os and path already imported are reused',
    options: piscinaProject(),
    code: code`
      import Piscina from 'piscina';
      import * as os from 'os';
      import path = require('path');

      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }

      export async function go() {
        return spin(1e7) + os.cpus().length + path.sep.length + (Piscina ? 1 : 0);
      }
    `,
    output: code`
      import Piscina from 'piscina';
      import * as os from 'os';
      import path = require('path');
      import type { spin } from './spin.worker';

      %POOL:spin%

      export async function go() {
        return await spinPool.run([1e7]) + os.cpus().length + path.sep.length + (Piscina ? 1 : 0);
      }
    `,
  },
  {
    name: '.mts compiles to .mjs',
    filename: `${ROOT}/src/app.mts`,
    options: piscinaProject(),
    code: code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }

      console.log(spin(1e7));
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import type { spin } from './spin.worker.mjs';

      /** \`spin\` runs on these worker threads: one per core, all started now and kept while idle. */
      const spinPool = new Piscina<Parameters<typeof spin>, Awaited<ReturnType<typeof spin>>>({
        filename: new URL(import.meta.url.endsWith('.mts') ? './spin.worker.mts' : './spin.worker.mjs', import.meta.url).href,
        minThreads: os.availableParallelism(),
        maxThreads: os.availableParallelism(),
      });

      console.log(await spinPool.run([1e7]));
    `,
  },
  {
    name: '.cts compiles to .cjs',
    filename: `${ROOT}/src/app.cts`,
    options: piscinaProject(),
    code: code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }

      export async function main() {
        return spin(1e7);
      }
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { spin } from './spin.worker';

      /** \`spin\` runs on these worker threads: one per core, all started now and kept while idle. */
      const spinPool = new Piscina<Parameters<typeof spin>, Awaited<ReturnType<typeof spin>>>({
        filename: path.join(__dirname, __filename.endsWith('.cts') ? 'spin.worker.cts' : 'spin.worker.cjs'),
        minThreads: os.availableParallelism(),
        maxThreads: os.availableParallelism(),
      });

      export async function main() {
        return await spinPool.run([1e7]);
      }
    `,
  },
  {
    name: 'a const arrow function moves too',
    options: piscinaProject(),
    code: code`
      const spin = (n: number): number => {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      };

      export async function main() {
        return spin(1e7);
      }
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { spin } from './spin.worker';

      %POOL:spin%

      export async function main() {
        return await spinPool.run([1e7]);
      }
    `,
    newFiles: {
      'spin.worker.ts': code`
        // Runs \`spin\` on a worker thread: piscina loads this file for the pool in app.ts.

        export const spin = (n: number): number => {
          let s = 0;
          for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
          return s;
        };

        %RUNNER:spin%
      `,
    },
  },
  {
    name: 'without piscina in package.json the fix adds it on request',
    dependency: 'piscina',
    title: ['needs piscina, not in package.json'],
    code: code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }

      export async function main() {
        return spin(1e7);
      }
    `,
    output: code`
      import { Piscina } from 'piscina';
      import * as os from 'node:os';
      import * as path from 'node:path';
      import type { spin } from './spin.worker';

      %POOL:spin%

      export async function main() {
        return await spinPool.run([1e7]);
      }
    `,
  },
];

const spinWith = (body: string) => code`
  ${body}

  export async function main() {
    return spin(1e7);
  }
`;

const traps: TrapCase[] = [
  {
    name: 'a method that uses `this`',
    reason: /uses `this`/,
    code: code`
      class Sim {
        steps = 1e7;
        async run() {
          let s = 0;
          for (let i = 0; i < this.steps; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
          return s;
        }
      }
      void Sim;
    `,
  },
  {
    name: 'closes over mutable module state',
    reason: /`calls`, module state changed/,
    code: spinWith(code`
      let calls = 0;
      function spin(n: number): number {
        calls++;
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s + calls;
      }
    `),
  },
  {
    name: 'reads a cache another function fills',
    reason: /`cache`, module state changed/,
    code: spinWith(code`
      const cache = new Map<number, number>();
      export function remember(n: number) { cache.set(n, n); }
      function spin(n: number): number {
        let s = cache.get(n) ?? 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }
    `),
  },
  {
    name: 'reads a value computed when the module loads',
    reason: /computed by `loadTable\(…\)`/,
    code: spinWith(code`
      const TABLE = loadTable();
      function loadTable(): number[] { return [1, 2, 3]; }
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + TABLE[i % 3] * Math.imul(i, 7)) | 0;
        return s;
      }
    `),
  },
  {
    name: 'takes a function',
    reason: /is a function/,
    code: code`
      function spin(n: number, f: (x: number) => number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + f(i) * Math.imul(i, 7)) | 0;
        return s;
      }
      export async function main() {
        return spin(1e7, (x) => x);
      }
    `,
  },
  {
    name: 'returns a class instance, which loses its class',
    reason: /`Stats` instances lose their class/,
    code: code`
      class Stats { constructor(public sum: number) {} }
      function spin(n: number): Stats {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return new Stats(s);
      }
      export async function main() {
        return spin(1e7).sum;
      }
    `,
  },
  {
    name: 'sorts its argument in place, which the caller would not see',
    reason: /changes its argument `xs`/,
    code: code`
      function rank(xs: number[]): number {
        xs.sort((a, b) => a - b);
        let s = 0;
        for (let i = 0; i < xs.length; i++) for (let j = 0; j < xs.length; j++) s += xs[i] * xs[j];
        return s;
      }
      export async function main(xs: number[]) {
        return rank(xs);
      }
    `,
  },
  {
    name: 'a caller that is not async',
    reason: /cannot wait for the pool: `main` is not async/,
    code: code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }
      export function main() {
        return spin(1e7);
      }
    `,
  },
  {
    name: 'a function nested in another',
    reason: /nested in `outer`/,
    code: code`
      export async function outer(n: number) {
        function spin(): number {
          let s = 0;
          for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
          return s;
        }
        return spin();
      }
    `,
  },
  {
    name: 'a generic function',
    reason: /generic/,
    code: code`
      function spin<T>(n: number, seed: T): T {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s ? seed : seed;
      }
      export async function main() { return spin(1e7, 'x'); }
    `,
  },
  {
    name: 'only exported: nothing here would use the pool',
    reason: /nothing in this file calls `spin`/,
    code: code`
      export function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }
    `,
  },
  {
    name: 'the worker file already exists',
    reason: /already exists/,
    options: virtualProject({ [`${ROOT}/src/spin.worker.ts`]: 'export {};' }),
    code: spinWith(code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }
    `),
  },
  {
    name: 'a worker file is not moved again',
    reason: /already runs in a worker/,
    filename: `${ROOT}/src/spin.worker.ts`,
    code: spinWith(code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }
    `),
  },
  {
    name: 'tsconfig lists its files: the worker would not be compiled',
    reason: /lists its `files`/,
    options: virtualProject({ [`${ROOT}/tsconfig.json`]: '{ "files": ["src/app.ts"] }' }),
    code: spinWith(code`
      function spin(n: number): number {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }
    `),
  },
  {
    name: 'a call that passes a callback (JavaScript, no types)',
    reason: /passes a function/,
    filename: `${ROOT}/src/app.js`,
    code: code`
      function spin(n, onProgress) {
        let s = 0;
        for (let i = 0; i < n; i++) s = (s + Math.imul(i, 7) * Math.sin(i) + (i % 13)) | 0;
        return s;
      }
      async function main() {
        return spin(1e7, () => {});
      }
      module.exports = { main };
    `,
  },
];

const expanded = cases.map((c) => ({
  ...c,
  code: expand(c.code),
  output: expand(c.output),
  newFiles: c.newFiles && Object.fromEntries(Object.entries(c.newFiles).map(([k, v]) => [k, expand(v)])),
}));

runRewriteTable('hot-loop', 'worker-pool', expanded, traps);
