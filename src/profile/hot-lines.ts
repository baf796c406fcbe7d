// Turns the child's CPU profile (positions in the bundle) into hot lines of the user's
// sources, through the bundle's source map. Every on-CPU sample counts once: on the user's
// line it was taken in, or — when it was taken in a dependency, Node's own JavaScript or
// native code — on the user function that called into it, with the callee named in `via`.
import type { ProfileNode, ProfileTree } from './harness/protocol';
import type { LineMapper, OriginalLine } from './source-map';
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

const isDependency = (file: string) => file.split(/[\\/]/).includes('node_modules');

/** Where a callee lives, for `via`: `node:crypto`, `native`, or the npm package. */
function calleeLabel(node: ProfileNode, mapper: LineMapper): string {
  const name = node.functionName || '(anonymous)';
  if (node.kind === 'bundle') {
    const file = mapper.originalLine(node.line)?.file ?? '';
    const parts = file.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    const pkg = at >= 0 ? (parts[at + 1]?.startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1]) : 'a dependency';
    return `${name} (${pkg})`;
  }
  if (!node.url) return `${name} (native)`;
  if (node.url.startsWith('node:')) return `${name} (${node.url})`;
  return `${name} (${node.url.slice(node.url.lastIndexOf('/') + 1)})`;
}

/** Hot lines, hottest first; shares are of the samples on the CPU (idle samples excluded). */
export function mapHotLines(profile: ProfileTree, mapper: LineMapper, options: HotLineOptions): HotLine[] {
  const onCpu = profile.totalSamples - profile.idleSamples;
  if (onCpu <= 0) return [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const origins = new Map<number, OriginalLine | undefined>();
  /** The user's file and line where a bundle node's function starts; undefined for dependencies and other code. */
  const userOrigin = (node: ProfileNode): OriginalLine | undefined => {
    if (node.kind !== 'bundle') return undefined;
    if (!origins.has(node.id)) {
      const original = mapper.originalLine(node.line);
      origins.set(node.id, original && !isDependency(original.file) ? original : undefined);
    }
    return origins.get(node.id);
  };

  const entries = new Map<string, { file: string; line: number; samples: number; via?: string; viaSamples?: Map<string, number> }>();
  const add = (original: OriginalLine, samples: number, callee?: string, group?: string) => {
    const key = `${original.file}:${original.line}${group ? `>${group}` : ''}`;
    const entry = entries.get(key) ?? { ...original, samples: 0, viaSamples: callee ? new Map() : undefined };
    entry.samples += samples;
    if (callee) entry.viaSamples!.set(callee, (entry.viaSamples!.get(callee) ?? 0) + samples);
    entries.set(key, entry);
  };

  for (const node of profile.nodes) {
    if (node.self === 0 || node.kind === 'meta') continue;
    if (userOrigin(node)) {
      for (const [generatedLine, samples] of node.ticks ?? []) {
        const original = mapper.originalLine(generatedLine);
        if (original && !isDependency(original.file)) add(original, samples);
      }
      continue;
    }
    // Not the user's code: credit the nearest user function up the stack.
    let callee = node;
    let cursor = node.parent === undefined ? undefined : byId.get(node.parent);
    while (cursor && !userOrigin(cursor)) {
      callee = cursor;
      cursor = cursor.parent === undefined ? undefined : byId.get(cursor.parent);
    }
    if (!cursor) continue;
    const label = calleeLabel(callee, mapper);
    add(userOrigin(cursor)!, node.self, label, label.slice(label.lastIndexOf('(')));
  }

  const minShare = options.minShare ?? 0.01;
  return [...entries.values()]
    .map(({ file, line, samples, viaSamples }) => {
      const hot: HotLine = {
        file,
        line,
        share: samples / onCpu,
        selfMs: (samples * profile.intervalUs) / 1000,
        text: options.lineText(file, line)?.trim(),
        inFunction: file === options.functionFile && line >= options.functionLine && line <= options.functionEndLine,
      };
      if (viaSamples) hot.via = [...viaSamples].sort((a, b) => b[1] - a[1])[0][0];
      return hot;
    })
    .filter((h) => h.share >= minShare)
    .sort((a, b) => b.share - a.share || a.line - b.line)
    .slice(0, options.limit ?? 10);
}
