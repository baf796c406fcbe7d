// I/O-bound workload from the article: a batch of 100 HTTP requests made one at a time,
// against a local server that answers each after 50 ms, the way a remote API would.
// Run: npx tsx examples/io-batch-requests.ts
//
// The JavaScript thread is idle while a request is in flight, so the fix is to have many in
// flight at once, not more threads. What Workload Hints reports here:
//   fetchAll       io  await-in-loop       100 independent requests, each waiting for the last
//   loadDashboard  io  sequential-awaits   two requests that do not need each other's answer
//   handleRequest  io  blocking-sync-call  readFileSync stalls every other request meanwhile
//   fetchAllPages  io  (nothing)           each page needs the cursor the previous one returned
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const CATALOG_PATH = path.join(__dirname, 'fixtures', 'catalog.json');
const LATENCY_MS = 50;
const ITEM_COUNT = 100;
const PAGE_SIZE = 10;

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

export interface Item {
  id: number;
  product: Product;
}

export interface User {
  id: number;
  name: string;
}

export interface Stats {
  orders: number;
  revenueCents: number;
}

interface Page {
  items: Item[];
  nextCursor: number | null;
}

export interface LocalServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Fetches `url` and parses its JSON body; throws on a non-2xx status. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Fetches every URL in turn: at 50 ms a request, 100 URLs take 5 s. */
export async function fetchAll(urls: string[]): Promise<Item[]> {
  const items: Item[] = [];
  for (const url of urls) {
    items.push(await fetchJson<Item>(url));
  }
  return items;
}

/** Loads the two halves of the dashboard; neither request needs the other's answer. */
export async function loadDashboard(baseUrl: string): Promise<{ user: User; stats: Stats }> {
  const user = await fetchJson<User>(`${baseUrl}/user`);
  const stats = await fetchJson<Stats>(`${baseUrl}/stats`);
  return { user, stats };
}

/** Lists every item of a user's order history, page by page. */
export async function fetchAllPages(baseUrl: string, userId: number): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: number | null = 0;
  // Deliberately sequential, and not flagged: the URL of the next page carries the cursor
  // that this page's response returns, so it cannot be requested before this one arrives.
  while (cursor !== null) {
    const page: Page = await fetchJson<Page>(`${baseUrl}/users/${userId}/items?cursor=${cursor}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  return items;
}

/** Request handler of the local server: routes, waits `LATENCY_MS`, answers with JSON. */
export async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await delay(LATENCY_MS);
    // Re-read on every request so that edits show without a restart. readFileSync holds the
    // event loop while the disk answers: no other request is served in the meantime.
    const catalog = JSON.parse(readFileSync(CATALOG_PATH, 'utf8')) as Product[];
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = route(url, catalog);
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: String(error) }));
  }
}

function route(url: URL, catalog: Product[]): unknown {
  if (url.pathname === '/user') return { id: 7, name: 'Ada' } satisfies User;
  if (url.pathname === '/stats') return { orders: ITEM_COUNT, revenueCents: 1_234_500 } satisfies Stats;
  const item = /^\/items\/(\d+)$/.exec(url.pathname);
  if (item) return toItem(Number(item[1]), catalog);
  if (/^\/users\/\d+\/items$/.test(url.pathname)) {
    const cursor = Number(url.searchParams.get('cursor') ?? 0);
    const end = Math.min(cursor + PAGE_SIZE, ITEM_COUNT);
    const items = Array.from({ length: end - cursor }, (_, i) => toItem(cursor + i + 1, catalog));
    return { items, nextCursor: end < ITEM_COUNT ? end : null } satisfies Page;
  }
  return undefined;
}

function toItem(id: number, catalog: Product[]): Item {
  return { id, product: catalog[id % catalog.length] };
}

/** Starts the local API on an ephemeral 127.0.0.1 port. */
export async function startServer(): Promise<LocalServer> {
  const server = createServer(handleRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Dashboard, then that user's item listing, then every item's details, timed one by one. */
export async function main(): Promise<void> {
  const server = await startServer();
  try {
    let started = performance.now();
    const dashboard = await loadDashboard(server.baseUrl);
    console.log(`dashboard of ${dashboard.user.name}: ${elapsed(started)}`);

    started = performance.now();
    const listing = await fetchAllPages(server.baseUrl, dashboard.user.id);
    console.log(`${listing.length} items listed in ${listing.length / PAGE_SIZE} pages: ${elapsed(started)}`);

    started = performance.now();
    const items = await fetchAll(listing.map((item) => `${server.baseUrl}/items/${item.id}`));
    console.log(`${items.length} items fetched one at a time: ${elapsed(started)}`);
  } finally {
    await server.close();
  }
}

function elapsed(since: number): string {
  return `${(performance.now() - since).toFixed(0)} ms`;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
