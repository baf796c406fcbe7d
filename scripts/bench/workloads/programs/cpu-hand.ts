// CPU-bound workload, hand-written reference: the same four estimates on a piscina pool,
// written the way a developer would without Workload Hints (see pi-hand.worker.ts).
import * as os from 'node:os';
import * as path from 'node:path';
import { Piscina } from 'piscina';

const TASKS = 4;
const SAMPLES = Number(process.env.PI_SAMPLES ?? 40_000_000);

const pool = new Piscina<{ samples: number; seed: number }, number>({
  filename: path.join(__dirname, 'pi-hand.worker.js'),
  maxThreads: os.availableParallelism(),
});

async function main(): Promise<void> {
  const started = performance.now();
  const estimates = await Promise.all(Array.from({ length: TASKS }, (_, task) => pool.run({ samples: SAMPLES, seed: task + 1 })));
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, result: estimates }));
}

main();
