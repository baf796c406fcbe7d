// Catalogs of Node.js APIs the analyzer recognises: blocking sync calls with their async
// counterparts, asynchronous I/O, and CPU-heavy work. Keys are normalised module ids
// (`node:` stripped; `fs.promises` is `fs/promises`).

/** A synchronous API that blocks the event loop while it runs. */
export interface SyncApi {
  module: string;
  name: string;
  /** What the time is spent on: waiting for the OS (`io`) or computing on this thread (`cpu`). */
  work: 'io' | 'cpu';
  /** Module and export of the async counterpart, e.g. `fs/promises` + `readFile`. */
  asyncModule: string;
  asyncName: string;
  /** True when the counterpart takes the same arguments and resolves to the same value. */
  sameShape: boolean;
  /** How the counterpart is obtained when the module has no promise API (`promisify`). */
  via: 'promises' | 'promisify' | 'exec-file';
}

const FS_SAME_SHAPE = [
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat',
  'lutimes', 'mkdir', 'mkdtemp', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath',
  'rename', 'rmdir', 'rm', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile',
];
// Sync fs calls without a same-shape promise twin (fd-based, or a different return type).
const FS_OTHER: Array<[string, string]> = [
  ['existsSync', 'access'], ['openSync', 'open'], ['closeSync', 'open'], ['readSync', 'open'],
  ['writeSync', 'open'], ['fstatSync', 'open'], ['fsyncSync', 'open'], ['ftruncateSync', 'open'],
  ['futimesSync', 'open'], ['fchmodSync', 'open'], ['fchownSync', 'open'], ['fdatasyncSync', 'open'],
  ['readvSync', 'open'], ['writevSync', 'open'], ['globSync', 'glob'],
];

const CRYPTO_CPU: Array<[string, string]> = [
  ['pbkdf2Sync', 'pbkdf2'], ['scryptSync', 'scrypt'], ['generateKeyPairSync', 'generateKeyPair'],
  ['generateKeySync', 'generateKey'], ['generatePrimeSync', 'generatePrime'], ['hkdfSync', 'hkdf'],
  ['randomFillSync', 'randomFill'], ['checkPrimeSync', 'checkPrime'],
];

const ZLIB: Array<[string, string]> = [
  ['gzipSync', 'gzip'], ['gunzipSync', 'gunzip'], ['deflateSync', 'deflate'], ['inflateSync', 'inflate'],
  ['deflateRawSync', 'deflateRaw'], ['inflateRawSync', 'inflateRaw'], ['unzipSync', 'unzip'],
  ['brotliCompressSync', 'brotliCompress'], ['brotliDecompressSync', 'brotliDecompress'],
  ['zstdCompressSync', 'zstdCompress'], ['zstdDecompressSync', 'zstdDecompress'],
];

function buildSyncCatalog(): Map<string, SyncApi> {
  const map = new Map<string, SyncApi>();
  const add = (api: SyncApi) => map.set(`${api.module}.${api.name}`, api);
  for (const name of FS_SAME_SHAPE) {
    add({ module: 'fs', name: `${name}Sync`, work: 'io', asyncModule: 'fs/promises', asyncName: name, sameShape: true, via: 'promises' });
  }
  for (const [name, asyncName] of FS_OTHER) {
    add({ module: 'fs', name, work: 'io', asyncModule: 'fs/promises', asyncName, sameShape: false, via: 'promises' });
  }
  for (const [name, asyncName] of CRYPTO_CPU) {
    add({ module: 'crypto', name, work: 'cpu', asyncModule: 'crypto', asyncName, sameShape: true, via: 'promisify' });
  }
  for (const [name, asyncName] of ZLIB) {
    add({ module: 'zlib', name, work: 'cpu', asyncModule: 'zlib', asyncName, sameShape: true, via: 'promisify' });
  }
  add({ module: 'child_process', name: 'execSync', work: 'io', asyncModule: 'child_process', asyncName: 'exec', sameShape: false, via: 'exec-file' });
  add({ module: 'child_process', name: 'execFileSync', work: 'io', asyncModule: 'child_process', asyncName: 'execFile', sameShape: false, via: 'exec-file' });
  add({ module: 'child_process', name: 'spawnSync', work: 'io', asyncModule: 'child_process', asyncName: 'spawn', sameShape: false, via: 'exec-file' });
  return map;
}

export const SYNC_APIS = buildSyncCatalog();

/** Modules whose callback and promise APIs do asynchronous I/O. */
const ASYNC_IO_MODULES = new Set([
  'fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'dns/promises',
  'child_process', 'stream/promises', 'readline', 'readline/promises', 'timers/promises',
  // Common client libraries: anything they export waits on the network.
  'axios', 'got', 'node-fetch', 'undici', 'pg', 'mysql', 'mysql2', 'mysql2/promise', 'mongodb',
  'mongoose', 'redis', 'ioredis', 'ky', 'superagent', '@aws-sdk/client-s3', 'knex', '@prisma/client',
]);

/** Global functions that do I/O or wait. */
const ASYNC_IO_GLOBALS = new Set(['fetch', 'setTimeout', 'setImmediate', 'queueMicrotask']);

/** CPU-heavy APIs: costly per call, a hot spot when called per item of a large collection. */
const CPU_HEAVY: Record<string, number> = {
  'crypto.createHash': 6,
  'crypto.createHmac': 6,
  'crypto.pbkdf2Sync': 40,
  'crypto.scryptSync': 40,
  'crypto.generateKeyPairSync': 40,
  'crypto.generatePrimeSync': 40,
  'crypto.hkdfSync': 10,
  'crypto.createCipheriv': 6,
  'crypto.createDecipheriv': 6,
  'JSON.parse': 6,
  'JSON.stringify': 6,
  'structuredClone': 6,
  'zlib.gzipSync': 30,
  'zlib.gunzipSync': 20,
  'zlib.deflateSync': 30,
  'zlib.inflateSync': 20,
  'zlib.brotliCompressSync': 40,
  'zlib.brotliDecompressSync': 20,
};

/** Methods whose cost grows with input (sorting, regular expressions) — weighted cost per call. */
export const HEAVY_METHODS: Record<string, number> = {
  sort: 6, toSorted: 6, match: 4, matchAll: 4, replace: 3, replaceAll: 3, test: 3, exec: 3,
  split: 2, digest: 4, update: 3, localeCompare: 2,
};

/** Methods that modify their receiver in place. */
export const MUTATING_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
  'add', 'set', 'delete', 'clear', 'append', 'write', 'writeln', 'send', 'emit', 'enqueue',
  'dequeue', 'next', 'unlock', 'release',
]);

/** Array methods that call their function argument once per element, synchronously. */
export const ITERATION_METHODS = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex',
  'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted',
]);

/** Methods that register request handlers on a router or server. */
export const ROUTE_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'head', 'options', 'route', 'handle',
]);

/** Verbs of calls that set up state later calls rely on (`connect` before `query`). */
export const SETUP_VERBS = /^(connect|open|init|initiali[sz]e|setup|setUp|start|begin|lock|acquire|login|logIn|signIn|auth|authenticate|authorize|migrate|listen|mkdir|mkdirp|ensure|create|prepare|register|install|seed|wait|bootstrap|mount|subscribe|execute|executeCommand|focus|show|reveal|click|press|goto|navigate|fill|drag)(?=$|[A-Z0-9_])/;

/** Verbs of calls that change state other calls may read. */
export const MUTATING_VERBS = /^(write|append|put|post|patch|set|save|store|update|upsert|insert|add|delete|del|remove|rm|unlink|rename|move|copy|cp|truncate|drop|clear|reset|send|publish|emit|push|commit|rollback|flush|close|end|destroy|kill|increment|decrement|incr|decr)/i;

/** Names of functions that pause on purpose (throttling). */
export const SLEEP_NAMES = /^(sleep|delay|wait|pause|throttle|backoff|setTimeout|timeout|waitFor|rateLimit)$/i;

export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** Folds `fs` + `promises.readFile` into `fs/promises` + `readFile`. */
export function normalisePath(module: string, path: readonly string[]): { module: string; path: readonly string[] } {
  if ((module === 'fs' || module === 'dns' || module === 'readline' || module === 'stream' || module === 'timers') && path[0] === 'promises') {
    return { module: `${module}/promises`, path: path.slice(1) };
  }
  if (path[0] === 'default') return { module, path: path.slice(1) };
  return { module, path };
}

export function syncApiFor(module: string, path: readonly string[]): SyncApi | undefined {
  if (path.length !== 1) return undefined;
  return SYNC_APIS.get(`${module}.${path[0]}`);
}

export function isAsyncIoModule(module: string): boolean {
  return ASYNC_IO_MODULES.has(module);
}

export function isAsyncIoGlobal(name: string): boolean {
  return ASYNC_IO_GLOBALS.has(name);
}

/** Cost of one call to a CPU-heavy API, or 0. `key` is `module.name` or a global path like `JSON.parse`. */
export function cpuHeavyCost(key: string): number {
  return CPU_HEAVY[key] ?? 0;
}

/** Last names of the CPU-heavy APIs (`parse` of `JSON.parse`): most calls are ruled out without a key. */
const CPU_HEAVY_NAMES = new Set(Object.keys(CPU_HEAVY).map((key) => key.slice(key.lastIndexOf('.') + 1)));

/** True when a call ending in `name` may be a CPU-heavy API. */
export function mayBeCpuHeavy(name: string): boolean {
  return CPU_HEAVY_NAMES.has(name);
}
