// CPU-bound workload from the article: estimate π by Monte-Carlo sampling, four times in a row.
// Run: npx tsx examples/cpu-monte-carlo-pi.ts [samplesPerTask]
//
// Every sample is arithmetic on the one JavaScript thread, so nothing here ever waits:
// `Promise.all` would not make it faster. Workload Hints labels `estimatePi` cpu (hot-loop on
// the sampling loop, bounded by the `samples` parameter) and `main` cpu (it calls `estimatePi`
// in a loop), and recommends a worker pool sized to os.availableParallelism().

const TASKS = 4;

/**
 * Estimates π from `samples` random points in the unit square: the share of points that land
 * inside the quarter circle of radius 1 tends to π/4.
 * @workloadArgs [2000000]
 */
export function estimatePi(samples: number): number {
  let inside = 0;
  for (let i = 0; i < samples; i++) {
    const x = Math.random();
    const y = Math.random();
    if (x * x + y * y <= 1) inside++;
  }
  return (4 * inside) / samples;
}

/** Runs four estimates one after another and prints each, with the total wall time. */
export function main(samplesPerTask = 10_000_000): number[] {
  const started = performance.now();
  const estimates: number[] = [];
  for (let task = 0; task < TASKS; task++) {
    estimates.push(estimatePi(samplesPerTask));
  }
  const elapsedMs = performance.now() - started;
  for (const [task, pi] of estimates.entries()) {
    console.log(`task ${task + 1}: π ≈ ${pi.toFixed(5)}`);
  }
  console.log(`${TASKS} × ${samplesPerTask} samples, sequential: ${elapsedMs.toFixed(0)} ms`);
  return estimates;
}

if (require.main === module) {
  const samples = Number(process.argv[2] ?? 10_000_000);
  main(samples);
}
