// Real sources the random-edit tests type into: the examples, the profile fixtures, a plain
// JavaScript package file, and a compiled service class that is the whole file.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

export interface Source {
  /** Relative to the repository, or a made-up file name. */
  name: string;
  text: string;
}

function sourcesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourcesUnder(full, out);
    else if (/\.[cm]?[jt]sx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

export function realSources(): Source[] {
  const files = [
    ...sourcesUnder(path.join(REPO, 'examples')),
    ...sourcesUnder(path.join(REPO, 'test/fixtures/profile')),
    path.join(REPO, 'node_modules/p-map/index.js'),
    // One class for the whole file: re-parsed member by member.
    path.join(REPO, 'node_modules/azure-devops-node-api/WikiApi.js'),
  ];
  return files.map((file) => ({ name: path.relative(REPO, file), text: readFileSync(file, 'utf8') }));
}
