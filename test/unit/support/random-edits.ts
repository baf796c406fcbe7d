// Random edits of source text, replayable from a seed: the incremental analysis and the
// editor's report deltas must hold whatever the user types.

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  'await fetch(url);\n',
  'const LIMIT = 12;\n',
  'const LIMIT = 40;\n',
  "import { readFileSync } from 'node:fs';\n",
  "const fs = require('fs');\n",
  "function readFileSync() { return ''; }\n",
  'for (let i = 0; i < LIMIT; i++) { total += Math.sqrt(i * i) % 3; }\n',
  'class Queue { async drain(items) { for (const item of items) await this.send(item); } send(x) { return fetch(x); } }\n',
  'try { await load(); } catch {}\n',
  "export const handler = async (req, res) => { res.end(readFileSync('a')); };\n",
  'this.count++;\n',
  '// workload-hints-disable-next-line await-in-loop\n',
  '}\n',
  'function wrap() {\n',
  '`\n',
];

const CHARACTERS = [' ', '\n', ';', '{', '}', '(', ')', 'x', '"', '/', '*', 'a'];

/** One random edit of `text`: a character, a deleted range, a snippet at a line start, a moved line. */
export function randomEdit(text: string, next: () => number): { start: number; oldLength: number; insert: string } {
  const at = Math.floor(next() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const choice = next();
  if (choice < 0.35) return { start: at, oldLength: 0, insert: CHARACTERS[Math.floor(next() * CHARACTERS.length)] };
  if (choice < 0.6) return { start: at, oldLength: Math.min(text.length - at, 1 + Math.floor(next() * 30)), insert: '' };
  if (choice < 0.85) return { start: lineStart, oldLength: 0, insert: SNIPPETS[Math.floor(next() * SNIPPETS.length)] };
  // Replace this line with another line of the file (code moves around).
  const lines = text.split('\n');
  const other = lines[Math.floor(next() * lines.length)];
  const lineEnd = text.indexOf('\n', lineStart);
  return { start: lineStart, oldLength: (lineEnd < 0 ? text.length : lineEnd) - lineStart, insert: other };
}

/** A module with every construct the incremental analysis treats apart: top-level awaits in trys, class members, constants. */
export const TRICKY = `
import { readFile } from 'node:fs/promises';
import { readFileSync as read } from 'fs';
const ROUNDS = 1000;
const fs = require('fs');
try { await readFile('a'); } catch {}
try { await readFile('b'); } catch {}
const first = await readFile('c');
const second = await readFile('d');

export class Crawler {
  pages = 0;
  handler = async (req, res) => { res.end(read('page.html')); };
  async crawl(urls) {
    for (const url of urls) this.pages += (await fetch(url)).status;
    return this.digest(urls);
  }
  digest(urls) {
    let h = 0;
    for (let i = 0; i < ROUNDS; i++) for (const u of urls) h = (h * 31 + u.length) % 7;
    return h;
  }
  get size() { return this.pages; }
}

function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
export const total = (xs) => xs.map((x) => fib(x)).reduce((a, b) => a + b, 0);
[1, 2, 3].forEach(async (n) => { await readFile(String(n)); });
for (const name of ['a', 'b']) { await readFile(name); }
`;

const TYPED = [
  'const y = load(1, "a");', 'if (x) { y++; }', 'for (const k of ks) total += k;', '/* note */', '`t${x}`', 'return;',
  'items.map((x) => x * 2)', 'function g() {}', '} else {', "import { a } from 'b';", 'class K { m() {} }', '// x',
];

/**
 * Edits as typing makes them: a snippet typed a character at a time at one place (with a
 * backspace now and then), each character an edit. Typing goes through every broken state.
 */
export function* typing(text: () => string, next: () => number, sessions: number): Generator<{ start: number; oldLength: number; insert: string }> {
  for (let s = 0; s < sessions; s++) {
    const current = text();
    let at = Math.floor(next() * (current.length + 1));
    const snippet = TYPED[Math.floor(next() * TYPED.length)];
    for (const ch of snippet) {
      if (next() < 0.1 && at > 0) {
        yield { start: at - 1, oldLength: 1, insert: '' };
        at--;
      }
      yield { start: at, oldLength: 0, insert: ch };
      at++;
    }
  }
}
