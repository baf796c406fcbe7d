// I/O-bound workload (the article's second): 100 requests to a local server that answers each
// after 50 ms, made one at a time. The "before" program; run.mjs makes the Promise.all and
// p-map (concurrency 10) versions with the await-in-loop rewrite. argv[2] is the server's URL.
const REQUESTS = 100;

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  return response.json();
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
  await (await fetch(`${base}/items/0`)).json(); // warm up fetch itself (loaded on first use)
  const started = performance.now();
  const items = await fetchAll(urls);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, result: items }));
}

main();

export {};
