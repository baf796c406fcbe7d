// Analyses many files: on the main thread for small sets or `--jobs 1`, otherwise on a
// piscina worker pool sized to the machine's cores, in small batches to keep messages cheap.
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalyzeOptions } from '../analysis';
import { analyzeFile, type FileOutcome } from './analyze-file';
import type { WorkerTask } from './analysis-worker';

export interface RunOptions {
  /** Worker threads; 1 analyses on the main thread. Default: os.availableParallelism(). */
  jobs?: number;
  /** Called after each file with the number done so far. */
  onProgress?: (done: number, total: number) => void;
  /** Below this many files the pool's start-up costs more than it saves. */
  poolThreshold?: number;
}

const BATCH_SIZE = 8;
const DEFAULT_POOL_THRESHOLD = 48;

/** The bundled worker next to the running CLI (dist/analysis-worker.js), if built. */
function workerFile(): string | undefined {
  const candidate = path.join(__dirname, 'analysis-worker.js');
  return existsSync(candidate) ? candidate : undefined;
}

export async function analyzeFiles(
  files: ReadonlyArray<{ abs: string; display: string }>,
  options: AnalyzeOptions,
  run: RunOptions = {},
): Promise<FileOutcome[]> {
  const jobs = Math.max(1, run.jobs ?? os.availableParallelism());
  const worker = workerFile();
  const usePool = jobs > 1 && worker !== undefined && files.length >= (run.poolThreshold ?? DEFAULT_POOL_THRESHOLD);
  let done = 0;
  if (!usePool) {
    return files.map((f) => {
      const outcome = analyzeFile(f.abs, f.display, options);
      run.onProgress?.(++done, files.length);
      return outcome;
    });
  }
  const { Piscina } = await import('piscina');
  const pool = new Piscina<WorkerTask, FileOutcome[]>({ filename: worker, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
  try {
    const batches: WorkerTask[] = [];
    for (let i = 0; i < files.length; i += BATCH_SIZE) batches.push({ files: files.slice(i, i + BATCH_SIZE), options });
    const results = await Promise.all(batches.map(async (batch) => {
      const outcomes = await pool.run(batch);
      done += outcomes.length;
      run.onProgress?.(done, files.length);
      return outcomes;
    }));
    return results.flat();
  } finally {
    await pool.destroy();
  }
}
