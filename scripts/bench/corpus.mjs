// The bench corpus: hand-written .js/.ts sources of installed packages in node_modules (no .d.ts,
// no minified or huge files, no nested node_modules), read once into memory.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Packages with many real sources: linters, parsers, validators, HTTP and SDK code, JS and TS. */
export const CORPUS_PACKAGES = [
  'eslint', '@typescript-eslint/eslint-plugin', '@typescript-eslint/scope-manager', '@typescript-eslint/typescript-estree',
  '@typescript-eslint/utils', 'eslint-plugin-n', 'eslint-plugin-es-x', 'ajv', 'undici', 'piscina', 'mocha',
  'enhanced-resolve', 'markdown-it', 'cheerio', 'semver', 'yargs', 'js-yaml', 'parse5', 'diff', 'table',
  '@azure/msal-common', '@azure/msal-node', '@azure/identity', '@azure/core-rest-pipeline', 'azure-devops-node-api',
];

/** Larger files are left out: one of them would dominate the totals. */
export const MAX_FILE_BYTES = 256 * 1024;

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(full, out);
    } else if (entry.isFile() && SOURCE.test(entry.name) && !DECLARATION.test(entry.name)) {
      out.push(full);
    }
  }
}

export function countLines(text) {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/**
 * Reads the corpus. `skipReason(path, text, bytes)` is the analyzer's own test for binary and
 * minified content, so every engine gets exactly the files the analyzer would analyse.
 * Returns the files, what was left out and why, and the packages used (with file counts).
 */
export function loadCorpus(root, skipReason) {
  const files = [];
  const left = { huge: 0, minified: 0, other: 0 };
  const packages = [];
  const candidates = [];
  for (const name of CORPUS_PACKAGES) {
    const dir = path.join(root, 'node_modules', name);
    let version;
    try {
      version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    } catch {
      continue;
    }
    const found = [];
    walk(dir, found);
    let taken = 0;
    for (const file of found) {
      const bytes = statSync(file).size;
      const text = readFileSync(file, 'utf8');
      const lines = countLines(text);
      candidates.push({ path: file, text, lines, bytes });
      if (bytes > MAX_FILE_BYTES) {
        left.huge++;
        continue;
      }
      const reason = skipReason(file, text, bytes);
      if (reason) {
        if (/minified/.test(reason)) left.minified++;
        else left.other++;
        continue;
      }
      files.push({ path: file, relative: path.relative(root, file), text, lines, bytes });
      taken++;
    }
    if (taken > 0) packages.push({ name, version, files: taken });
  }
  return { files, left, packages, candidates };
}

/**
 * A single real file of about `target` lines for the one-big-file comparison: the non-minified
 * candidate (huge ones included) whose line count is closest to the target.
 */
export function pickLargeFile(candidates, skipReason, target = 5000) {
  let best;
  for (const c of candidates) {
    if (c.lines < target * 0.8 || c.lines > target * 1.2) continue;
    if (skipReason(c.path, c.text, c.bytes)) continue;
    if (!best || Math.abs(c.lines - target) < Math.abs(best.lines - target)) best = c;
  }
  return best;
}
