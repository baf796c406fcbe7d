// Mixed workload from the article: for each of 10 items, wait for its record over HTTP, then
// spend CPU time deriving a fingerprint from it.
// Run: npx tsx examples/mixed-pipeline.ts
//
// Neither pure form fits: Promise.all overlaps the waits but the hashing still runs on the one
// JavaScript thread, and a worker pool alone leaves the requests in single file. What Workload
// Hints reports here:
//   fingerprint   cpu    hot-loop        100,000 rounds of SHA-256 per call
//   processItems  mixed  await-in-loop   awaits I/O and calls `fingerprint` in the same loop
// and it recommends both: Promise.all for the fetches, a worker pool for `fingerprint`.
import { createHash } from 'node:crypto';
import { startServer, type Item } from './io-batch-requests';

const ITEMS = 10;

/**
 * Derives a fingerprint by hashing `input` `rounds` times over (key stretching): pure CPU work.
 * @workloadArgs ["{\"id\":1}", 100000]
 */
export function fingerprint(input: string, rounds = 100_000): string {
  let digest = input;
  for (let round = 0; round < rounds; round++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return digest;
}

/** Fetches each item, then fingerprints it, one item after the other. */
export async function processItems(baseUrl: string, ids: number[]): Promise<string[]> {
  const fingerprints: string[] = [];
  for (const id of ids) {
    const response = await fetch(`${baseUrl}/items/${id}`);
    const item = (await response.json()) as Item;
    fingerprints.push(fingerprint(`${item.id}:${item.product.sku}`));
  }
  return fingerprints;
}

export async function main(): Promise<void> {
  const server = await startServer();
  try {
    const ids = Array.from({ length: ITEMS }, (_, i) => i + 1);
    const started = performance.now();
    const fingerprints = await processItems(server.baseUrl, ids);
    const elapsedMs = performance.now() - started;
    for (const [index, value] of fingerprints.entries()) {
      console.log(`item ${ids[index]}: ${value.slice(0, 16)}…`);
    }
    console.log(`${ITEMS} × (fetch, then fingerprint), sequential: ${elapsedMs.toFixed(0)} ms`);
  } finally {
    await server.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
