// A minimal reader of source maps (v3, no index maps): maps a generated line back to the
// original file and line. Enough for CPU-profile line ticks, which carry no column.
import * as path from 'node:path';

/** One decoded mapping segment's original position (absent for unmapped segments). */
interface Segment {
  source?: number;
  line?: number;
}

export interface OriginalLine {
  /** Absolute path of the original file. */
  file: string;
  /** 1-based line. */
  line: number;
}

export interface LineMapper {
  /** The original of a 1-based generated line: its first segment that has a source. */
  originalLine(generatedLine: number): OriginalLine | undefined;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one base64 VLQ segment into its signed numbers. */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character ${JSON.stringify(char)}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

interface RawSourceMap {
  version: number;
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}

/**
 * Builds a mapper from a source map's JSON text. `mapFile` is where the map lives: sources
 * are resolved against its folder (and `sourceRoot`).
 */
export function createLineMapper(mapJson: string, mapFile: string): LineMapper {
  const raw = JSON.parse(mapJson) as RawSourceMap;
  const root = path.resolve(path.dirname(mapFile), raw.sourceRoot ?? '');
  const sources = raw.sources.map((s) => (s.startsWith('file://') ? new URL(s).pathname : path.resolve(root, s)));
  const lines: Segment[][] = [];
  let source = 0;
  let origLine = 0;
  for (const lineText of raw.mappings.split(';')) {
    const segments: Segment[] = [];
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const v = decodeVlq(segmentText);
      if (v.length >= 4) {
        source += v[1];
        origLine += v[2];
        segments.push({ source, line: origLine });
      } else {
        segments.push({});
      }
    }
    lines.push(segments);
  }
  const toOriginal = (s: Segment): OriginalLine | undefined =>
    s.source === undefined || s.line === undefined ? undefined : { file: sources[s.source], line: s.line + 1 };
  return {
    originalLine(generatedLine) {
      for (const s of lines[generatedLine - 1] ?? []) {
        const original = toOriginal(s);
        if (original) return original;
      }
      return undefined;
    },
  };
}
