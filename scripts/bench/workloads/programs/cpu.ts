// CPU-bound workload (the article's first): four Monte-Carlo estimates of π, one after another.
// This is the "before" program; run.mjs makes the "after" one with the worker-pool rewrite.
// A seeded generator makes every variant compute the same four estimates.
const TASKS = 4;
const SAMPLES = Number(process.env.PI_SAMPLES ?? 40_000_000);

/** Estimates π from `samples` points of a linear congruential generator seeded with `seed`. */
function estimatePi(samples: number, seed: number): number {
  let state = seed >>> 0;
  let inside = 0;
  for (let i = 0; i < samples; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const x = state / 4294967296;
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const y = state / 4294967296;
    if (x * x + y * y <= 1) inside++;
  }
  return (4 * inside) / samples;
}

async function estimateAll(): Promise<number[]> {
  const estimates: number[] = [];
  for (let task = 0; task < TASKS; task++) {
    estimates.push(estimatePi(SAMPLES, task + 1));
  }
  return estimates;
}

/** Calls `estimateAll` twice, as a long-lived program would: the first call pays any start-up, the second is steady. */
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

export {};
