// Mixed workload (the article's third): for each of 10 items, fetch it (50 ms), then stretch a
// key from it with SHA-256 (CPU). The "before" program; run.mjs makes three "after" programs:
// Promise.all only, worker pool only, and both. argv[2] is the server's URL.
import { createHash } from 'node:crypto';

const ITEMS = 10;
const ROUNDS = Number(process.env.MIXED_ROUNDS ?? 50_000);

/** Hashes `input` `rounds` times over: pure CPU work. */
function fingerprint(input: string, rounds: number): string {
  let digest = input;
  for (let round = 0; round < rounds; round++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return digest;
}

async function processItems(base: string, ids: number[]): Promise<string[]> {
  const fingerprints: string[] = [];
  for (const id of ids) {
    const response = await fetch(`${base}/items/${id}`);
    const item = (await response.json()) as { id: number; sku: string };
    fingerprints.push(fingerprint(`${item.id}:${item.sku}`, ROUNDS));
  }
  return fingerprints;
}

/** Calls `processItems` twice, as a long-lived program would: the first call pays any start-up, the second is steady. */
async function main(): Promise<void> {
  const ids = Array.from({ length: ITEMS }, (_, i) => i + 1);
  await (await fetch(`${process.argv[2]}/items/0`)).json(); // warm up fetch itself (loaded on first use)
  let started = performance.now();
  const first = await processItems(process.argv[2], ids);
  const firstMs = performance.now() - started;
  started = performance.now();
  const cpu = process.cpuUsage();
  const result = await processItems(process.argv[2], ids);
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu); // every thread of the process: main, workers, V8's helpers
  console.log(JSON.stringify({ ms, firstMs, cpuMs: (user + system) / 1000, result, same: JSON.stringify(first) === JSON.stringify(result) }));
}

main();
