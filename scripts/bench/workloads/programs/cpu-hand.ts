// CPU-bound workload, hand-written reference: the same four estimates on a piscina pool written
// by hand (see pi-hand.worker.ts), configured as the rewrite's is: every thread started up front
// and kept. With piscina's defaults (half the cores started, an idle thread stopped at once) the
// reference would pay a thread start again on every later call, which would flatter the rewrite.
import * as os from 'node:os';
import * as path from 'node:path';
import { Piscina } from 'piscina';

const TASKS = 4;
const SAMPLES = Number(process.env.PI_SAMPLES ?? 40_000_000);

const pool = new Piscina<{ samples: number; seed: number }, number>({
  filename: path.join(__dirname, 'pi-hand.worker.js'),
  minThreads: os.availableParallelism(),
  maxThreads: os.availableParallelism(),
});

function estimateAll(): Promise<number[]> {
  return Promise.all(Array.from({ length: TASKS }, (_, task) => pool.run({ samples: SAMPLES, seed: task + 1 })));
}

/** Calls `estimateAll` twice, as cpu.ts does: the first call pays any start-up, the second is steady. */
async function main(): Promise<void> {
  let started = performance.now();
  const first = await estimateAll();
  const firstMs = performance.now() - started;
  started = performance.now();
  const cpu = process.cpuUsage();
  const result = await estimateAll();
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu); // every thread of the process: main, workers, V8's helpers
  console.log(JSON.stringify({ ms, firstMs, cpuMs: (user + system) / 1000, result, same: JSON.stringify(first) === JSON.stringify(result) }));
}

main();
