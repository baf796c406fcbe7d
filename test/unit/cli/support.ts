// Shared helpers of the CLI tests: build dist/cli.js when it is missing or stale, run it as a
// child process with an argument array, and lay out throw-away projects in a temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

const BUNDLES = [CLI, path.join(ROOT, 'dist', 'analysis-worker.js')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const source = newestMtime(path.join(ROOT, 'src'));
  return BUNDLES.some((bundle) => {
    try {
      return statSync(bundle).mtimeMs < source;
    } catch {
      return true;
    }
  });
}

let built = false;

/** Runs the esbuild script once per test process when a bundle is missing or older than src/. */
export function ensureBuilt(): void {
  if (built) return;
  if (isStale()) {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  }
  built = true;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd` with stdout and stderr piped. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the CLI and parses stdout as JSON, failing with the CLI's stderr when it is not. */
export async function runCliJson<T = unknown>(args: readonly string[], cwd: string): Promise<{ code: number | null; json: T; stderr: string }> {
  const result = await runCli(args, cwd);
  try {
    return { code: result.code, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout.slice(0, 2000)}\nstderr:\n${result.stderr}`);
  }
}

/** A folder under the OS temp dir, removed by `dispose()`. */
export interface TempProject {
  dir: string;
  write(relative: string, content: string | Buffer): string;
  copyFixture(name: string, to?: string): void;
  dispose(): void;
}

export function createTempProject(prefix = 'wh-cli-'): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(relative, content) {
      const file = path.join(dir, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    copyFixture(name, to = '.') {
      cpSync(path.join(FIXTURES, name), path.join(dir, to), { recursive: true });
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every ANSI escape sequence (colours, cursor moves, line clears) and carriage return. */
export const TERMINAL_CONTROL = new RegExp(`${String.fromCharCode(0x1b)}\\[|\\r`);
