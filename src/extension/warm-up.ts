// Edits of a generated file that the analysis worker replays once it is idle after its first
// document: V8 runs code slowly until it has run it a while, and the first keystrokes after
// opening a file took 50–300 ms instead of 15. No `vscode` or `typescript` import.

/** One block of functions of every kind the rules and labels look at. */
function block(i: number): string {
  return `
export async function load${i}(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    out.push(await readFile(path, 'utf8'));
  }
  return out;
}

export function crunch${i}(values: number[]): number {
  let total = 0;
  for (let a = 0; a < values.length; a++) {
    for (let b = 0; b < values.length; b++) total += Math.sqrt(values[a] * values[b]) % 7;
  }
  return total;
}

export function read${i}(name: string): string {
  return readFileSync(name, 'utf8');
}

export async function pair${i}(): Promise<string[]> {
  const a = await readFile('a.txt', 'utf8');
  const b = await readFile('b.txt', 'utf8');
  return [a, b, String(crunch${i}([1, 2, 3]))];
}
`;
}

/** A module of about 35 lines per block. */
export function warmUpSource(blocks: number): string {
  let text = "import { readFile } from 'node:fs/promises';\nimport { readFileSync } from 'node:fs';\n";
  for (let i = 0; i < blocks; i++) text += block(i);
  return text;
}

/** Where the `step`th warm-up edit types a space: after an opening brace spread over the file. */
export function warmUpEditAt(text: string, step: number): number {
  const from = Math.floor(((step * 7919) % 997) / 997 * (text.length - 1));
  const brace = text.indexOf('{', from);
  return brace < 0 ? text.indexOf('{') + 1 : brace + 1;
}
