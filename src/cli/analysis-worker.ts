// Piscina worker: analyses a batch of files and returns plain outcomes.
import type { AnalyzeOptions } from '../analysis';
import { analyzeFile, type FileOutcome } from './analyze-file';

export interface WorkerTask {
  files: Array<{ abs: string; display: string }>;
  options: AnalyzeOptions;
}

export default function analyzeBatch(task: WorkerTask): FileOutcome[] {
  return task.files.map((f) => analyzeFile(f.abs, f.display, task.options));
}
