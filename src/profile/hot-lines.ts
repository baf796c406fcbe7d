// Turns the child's per-line sample counts (positions in the bundle) into hot lines of the
// user's sources, through the bundle's source map.
import type { AggregatedProfile } from './harness/protocol';
import type { LineMapper } from './source-map';
import type { HotLine } from './types';

export interface HotLineOptions {
  /** The profiled function's file and 1-based span, to flag its own lines. */
  functionFile: string;
  functionLine: number;
  functionEndLine: number;
  /** Returns the text of a 1-based line of a file, if it can be read. */
  lineText: (file: string, line: number) => string | undefined;
  /** Lines below this share of samples are dropped (default 0.01). */
  minShare?: number;
  /** At most this many lines (default 10). */
  limit?: number;
}

/** Hot lines, hottest first; shares are of the samples on the CPU (idle samples excluded). */
export function mapHotLines(profile: AggregatedProfile, mapper: LineMapper, options: HotLineOptions): HotLine[] {
  const onCpu = profile.totalSamples - profile.idleSamples;
  if (onCpu <= 0) return [];
  const byLine = new Map<string, { file: string; line: number; samples: number }>();
  for (const [key, samples] of Object.entries(profile.lines)) {
    const generatedLine = Number(key.slice(key.lastIndexOf('\n') + 1));
    const original = mapper.originalLine(generatedLine);
    if (!original) continue;
    const id = `${original.file}:${original.line}`;
    const entry = byLine.get(id) ?? { ...original, samples: 0 };
    entry.samples += samples;
    byLine.set(id, entry);
  }
  const minShare = options.minShare ?? 0.01;
  return [...byLine.values()]
    .map(({ file, line, samples }) => ({
      file,
      line,
      share: samples / onCpu,
      selfMs: (samples * profile.intervalUs) / 1000,
      text: options.lineText(file, line)?.trim(),
      inFunction: file === options.functionFile && line >= options.functionLine && line <= options.functionEndLine,
      external: file.split(/[\\/]/).includes('node_modules'),
    }))
    .filter((h) => h.share >= minShare)
    .sort((a, b) => b.share - a.share || a.line - b.line)
    .slice(0, options.limit ?? 10);
}
