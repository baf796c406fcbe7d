// Generates a TypeScript module of about `lines` lines mixing CPU loops, awaits and plain
// helpers, for the per-edit timing test and the workspace-scan benchmark.

/** Source text of roughly `lines` lines (each block is 20 lines; the header 3). */
export function generateSource(lines: number, seed = 0): string {
  const out = [
    "import { readFile } from 'node:fs/promises';",
    "import { readFileSync } from 'node:fs';",
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const n = i + seed * 100_000;
    switch (i % 3) {
      case 0:
        out.push(
          `export function crunch${n}(values: number[]): number {`,
          '  let total = 0;',
          '  for (let i = 0; i < values.length; i++) {',
          '    for (let j = 0; j < values.length; j++) {',
          '      total += Math.sqrt(values[i] * values[j]) % 7;',
          '    }',
          '  }',
          '  return total;',
          '}',
          '',
        );
        break;
      case 1:
        out.push(
          `export async function fetchAll${n}(paths: string[]): Promise<string[]> {`,
          '  const texts: string[] = [];',
          '  for (const path of paths) {',
          "    texts.push(await readFile(path, 'utf8'));",
          '  }',
          "  const extra = readFileSync('extra.txt', 'utf8');",
          '  texts.push(extra);',
          '  return texts;',
          '}',
          '',
        );
        break;
      default:
        out.push(
          `export function format${n}(name: string, count: number): string {`,
          '  const padded = name.padEnd(20);',
          '  if (count === 0) {',
          '    return `${padded} none`;',
          '  }',
          '  const unit = count === 1 ? "item" : "items";',
          '  return `${padded} ${count} ${unit}`;',
          '}',
          '',
          '',
        );
    }
  }
  return out.join('\n') + '\n';
}
