// The result of one `analyze` run, as every formatter receives it.
import type { FileReport } from '../analysis';

export interface AnalysisRun {
  reports: FileReport[];
  skipped: Array<{ path: string; reason: string }>;
  /** Paths given on the command line that could not be read at all. */
  errors: Array<{ path: string; reason: string }>;
}
