// The rewritten TypeScript type-checks: one small project per rewrite, fixed by the rewrite
// layer and compiled in memory against this repository's @types/node, piscina and p-map.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ts from 'typescript';
import { applyFix, code, virtualProject } from './support';

const REPO = path.resolve(__dirname, '../../..');
/** A folder that does not exist, inside the repository so node_modules resolves. */
const VIRTUAL = path.join(REPO, '.virtual-typecheck', 'src');

/** Type errors of the given files (absolute path → text), compiled as Node16 CommonJS. */
function typeErrors(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022,
    strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['lib.es2023.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    name in files ? ts.createSourceFile(name, files[name], version) : getSourceFile(name, version, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) => Object.keys(files).some((f) => f.startsWith(dir + path.sep)) || (directoryExists?.(dir) ?? true);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && d.file.fileName in files)
    .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('rewritten TypeScript type-checks', function () {
  this.timeout(60_000);

  it('every rewrite of a small typed project compiles without errors', () => {
    const file = path.join(VIRTUAL, 'app.ts');
    const options = virtualProject({
      [path.join(VIRTUAL, '..', 'package.json')]: '{ "name": "app" }',
      [path.join(VIRTUAL, '..', 'tsconfig.json')]: '{ "compilerOptions": { "module": "node16", "outDir": "dist", "rootDir": "src" } }',
    });
    let text = code`
      import { readFileSync } from 'node:fs';
      import { pbkdf2Sync } from 'node:crypto';

      interface User { id: number; name: string }
      interface Stats { orders: number }

      declare function fetchJson<T>(url: string): Promise<T>;

      function score(values: number[]): number {
        let acc = 0;
        for (let i = 0; i < values.length; i++) {
          for (let r = 0; r < 1000; r++) acc = (acc + values[i] * Math.sin(r) + (r % 7)) % 1000003;
        }
        return acc;
      }

      export async function dashboard(base: string): Promise<{ user: User; stats: Stats; key: string; config: string; total: number }> {
        const user: User = await fetchJson<User>(base + '/user');
        const stats: Stats = await fetchJson<Stats>(base + '/stats');
        const key = pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex');
        const config = readFileSync('config.json', 'utf8');
        return { user, stats, key, config, total: score([stats.orders]) };
      }

      export async function names(ids: number[]): Promise<string[]> {
        const out: string[] = [];
        for (const id of ids) {
          out.push((await fetchJson<User>('/users/' + id)).name);
        }
        return out;
      }

      export async function pages(ids: number[]): Promise<User[]> {
        const users: User[] = [];
        for (const id of ids) {
          users.push(await fetchJson<User>('/u/' + id));
        }
        return users;
      }
    `;
    const files: Record<string, string> = {};
    const steps: Array<[Parameters<typeof applyFix>[2], Parameters<typeof applyFix>[3]]> = [
      ['sequential-awaits', 'promise-all'],
      ['blocking-sync-call', 'async-api'],
      ['blocking-sync-call', 'async-api'],
      ['hot-loop', 'worker-pool'],
      ['await-in-loop', 'promise-all'],
      ['await-in-loop', 'p-map'],
    ];
    for (const [rule, id] of steps) {
      const applied = applyFix(text, file, rule, id, options);
      text = applied.output;
      Object.assign(files, applied.newFiles);
    }
    assert.match(text, /Promise\.all\(\[/);
    assert.match(text, /scorePool\.run/);
    assert.match(text, /await import\('p-map'\)/);
    assert.deepEqual(typeErrors({ [file]: text, ...files }), []);
  });
});
