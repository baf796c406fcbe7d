// Worker of the hand-written reference pool (cpu-hand.ts): one π estimate per task.
export default function estimatePi({ samples, seed }: { samples: number; seed: number }): number {
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
