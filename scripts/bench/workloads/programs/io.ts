// I/O-bound workload (the article's second): 100 requests to a local server that answers each
// after 50 ms, made one at a time. The "before" program; run.mjs makes the Promise.all and
// p-map (concurrency 10) versions with the await-in-loop rewrite. argv[2] is the server's URL.
// Requests go through node:http with a keep-alive agent: fetch (undici) spends several ms of CPU
// per request on a busy two-core machine, which would measure the HTTP client, not the waiting.
import * as http from 'node:http';

const REQUESTS = 100;
const agent = new http.Agent({ keepAlive: true });

function fetchJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

async function fetchAll(urls: string[]): Promise<unknown[]> {
  const items: unknown[] = [];
  for (const url of urls) {
    items.push(await fetchJson(url));
  }
  return items;
}

async function main(): Promise<void> {
  const base = process.argv[2];
  const urls = Array.from({ length: REQUESTS }, (_, i) => `${base}/items/${i + 1}`);
  await fetchJson(`${base}/items/0`);
  const started = performance.now();
  const items = await fetchAll(urls);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, result: items }));
}

main();

export {};
