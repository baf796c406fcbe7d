// Runs in the child: the measured runs (wall, CPU, event-loop utilization, longest block,
// memory) and, separately, the profiled runs. They are kept apart because the V8 sampler
// distorts the figures: under it an idle loop reads ELU 0.6–0.7 and CPU/wall triples.
import * as inspector from 'node:inspector/promises';
import { type IntervalHistogram, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ProfileNode, ProfileTree, RunMeasurement } from './protocol';

/** Calls the function; the harness owns timeouts and stall detection. */
export interface Caller {
  makeArgs(): unknown[];
  /** One call with the given arguments; resolves with its wall time in ms. */
  call(args: unknown[], budgetMs: number): Promise<number>;
}

/** A run repeats calls until it lasts this long, so that quick functions give readable ratios. */
export const MIN_RUN_MS = 5;
export const MAX_CALLS_PER_RUN = 1000;
/** Resolution of the event-loop delay monitor; blocks shorter than this are not seen. */
export const DELAY_RESOLUTION_MS = 2;
const MB = 1024 * 1024;

export interface MemorySampler {
  sample(): void;
  /** Runs `body` sampling every few ms; resolves with the peak RSS of the window in MB. */
  window(body: () => Promise<void>): Promise<number>;
  peakHeapMb(): number;
}

export function createMemorySampler(): MemorySampler {
  let windowRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    windowRss = Math.max(windowRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  return {
    sample,
    async window(body) {
      windowRss = 0;
      sample();
      const timer = setInterval(sample, 5).unref();
      try {
        await body();
      } finally {
        clearInterval(timer);
        sample();
      }
      return windowRss / MB;
    },
    peakHeapMb: () => peakHeap / MB,
  };
}

export interface MeasuredRuns {
  runs: RunMeasurement[];
  totalWallMs: number;
  totalCpuMs: number;
  eventLoopUtilization: number;
  maxBlockMs: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `count` runs. Each run calls the function at least once and repeats it until MIN_RUN_MS
 * passed; figures are per call. Building the arguments is not counted.
 */
export async function measureRuns(
  caller: Caller,
  count: number,
  timeoutMs: number,
  delay: IntervalHistogram,
  memory: MemorySampler,
  progress: (index: number, total: number) => void,
): Promise<MeasuredRuns> {
  const runs: RunMeasurement[] = [];
  let totalWallMs = 0;
  let totalCpuMs = 0;
  let active = 0;
  let idle = 0;
  delay.reset();
  // The monitor records a delay only from its second tick after a reset.
  await sleep(DELAY_RESOLUTION_MS * 2);
  await memory.window(async () => {
    for (let i = 0; i < count; i++) {
      progress(i + 1, count);
      let args = caller.makeArgs();
      let argsMs = 0;
      let calls = 0;
      const elu0 = performance.eventLoopUtilization();
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      for (;;) {
        await caller.call(args, timeoutMs);
        calls++;
        if (calls >= MAX_CALLS_PER_RUN || performance.now() - start - argsMs >= MIN_RUN_MS) break;
        const argsStart = performance.now();
        args = caller.makeArgs();
        argsMs += performance.now() - argsStart;
      }
      const wall = performance.now() - start - argsMs;
      const cpu = process.cpuUsage(cpu0);
      const elu = performance.eventLoopUtilization(elu0);
      const cpuMs = Math.max(0, (cpu.user + cpu.system) / 1000 - argsMs);
      const runActive = Math.max(0, elu.active - argsMs);
      runs.push({ wallMs: wall / calls, cpuMs: cpuMs / calls, eventLoopUtilization: runActive / Math.max(1e-9, runActive + elu.idle), calls });
      totalWallMs += wall;
      totalCpuMs += cpuMs;
      active += runActive;
      idle += elu.idle;
      memory.sample();
    }
    // Let the monitor tick once more, so a block at the very end is recorded.
    await sleep(DELAY_RESOLUTION_MS * 2);
  });
  return {
    runs,
    totalWallMs,
    totalCpuMs,
    eventLoopUtilization: active + idle > 0 ? active / (active + idle) : 0,
    maxBlockMs: delay.max / 1e6,
  };
}

/** `count` more calls under the V8 sampling profiler; returns the reduced call tree. */
export async function profileRuns(
  caller: Caller,
  count: number,
  timeoutMs: number,
  intervalUs: number,
  bundlePath: string,
  progress: (index: number, total: number) => void,
): Promise<ProfileTree> {
  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    for (let i = 0; i < count; i++) {
      progress(i + 1, count);
      await caller.call(caller.makeArgs(), timeoutMs);
    }
    const { profile } = await session.post('Profiler.stop');
    return reduceProfile(profile, bundlePath);
  } finally {
    session.disconnect();
  }
}

const META_NODES = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Reduces a V8 CPU profile to the call tree with self samples; nodes of the bundle keep their line ticks. */
export function reduceProfile(profile: inspector.Profiler.Profile, bundlePath: string): ProfileTree {
  const url = pathToFileURL(bundlePath).href;
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  let idleSamples = 0;
  let gcSamples = 0;
  const nodes: ProfileNode[] = profile.nodes.map((node) => {
    const { functionName, url: nodeUrl, lineNumber } = node.callFrame;
    const self = node.hitCount ?? 0;
    if (functionName === '(idle)') idleSamples += self;
    if (functionName === '(garbage collector)') gcSamples += self;
    const kind = META_NODES.has(functionName) ? 'meta' : nodeUrl === url ? 'bundle' : 'other';
    const reduced: ProfileNode = { id: node.id, parent: parents.get(node.id), kind, functionName, line: lineNumber + 1, self };
    if (kind === 'other') reduced.url = nodeUrl;
    if (kind === 'bundle' && self > 0) {
      reduced.ticks = node.positionTicks?.length ? node.positionTicks.map((t) => [t.line, t.ticks]) : [[lineNumber + 1, self]];
    }
    return reduced;
  });
  const totalSamples = profile.samples?.length ?? 0;
  const intervalUs = totalSamples > 0 ? (profile.endTime - profile.startTime) / totalSamples : 0;
  return { intervalUs, totalSamples, idleSamples, gcSamples, nodes };
}
