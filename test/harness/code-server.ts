// Starts and stops code-server (VS Code 1.100.3 served to a browser) with every folder it
// writes to inside a scratch directory; installs .vsix files into an extensions dir.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const CACHE_DIR = process.env.WORKLOAD_HINTS_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'workload-hints-e2e');
export const CODE_SERVER_ENTRY = path.join(CACHE_DIR, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.WORKLOAD_HINTS_CHROMIUM ?? '/usr/bin/chromium';

/** User settings that keep the workbench quiet and fast on a small machine. */
export const TEST_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'typescript.tsserver.useSyntaxServer': 'always',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'workbench.editor.restoreViewState': false,
  'git.enabled': false,
};

export interface CodeServer {
  port: number;
  url: string;
  pid: number;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Everything code-server writes goes under this folder. */
  scratch: string;
  /** Folder the workbench opens. */
  folder: string;
  extensionsDir?: string;
  settings?: Record<string, unknown>;
  /** Extra environment for the server and its extension host. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/** Why code-server cannot run here, or undefined when it can. */
export function missingTools(): string | undefined {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) return `code-server is not installed at ${CODE_SERVER_ENTRY} (run scripts/e2e/setup.sh)`;
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is missing (run scripts/e2e/setup.sh)`;
  return undefined;
}

/** Environment that keeps code-server's config, data, cache and temp files in `scratch`. */
export function isolatedEnv(scratch: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = path.join(scratch, 'home');
  for (const dir of ['config', 'data', 'cache', 'tmp']) fs.mkdirSync(path.join(home, dir), { recursive: true });
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    TMPDIR: path.join(home, 'tmp'),
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function installExtension(vsix: string, extensionsDir: string, scratch: string): Promise<void> {
  await promisify(execFile)(process.execPath, [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    env: isolatedEnv(scratch),
    timeout: 120_000,
  });
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const problem = missingTools();
  if (problem) throw new Error(problem);
  const port = await freePort();
  const userDataDir = path.join(options.scratch, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(options.scratch, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...TEST_SETTINGS, ...options.settings }, null, 2));
  const logFile = path.join(options.scratch, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    options.folder,
  ];
  // Its own process group, so stop() ends the server and the processes it started.
  const child = spawn(process.execPath, args, { env: isolatedEnv(options.scratch, options.env), stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  const server: CodeServer = {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    userDataDir,
    logFile,
    stop: () => stopGroup(child),
  };
  try {
    await waitUntilHealthy(server, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilHealthy(server: CodeServer, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tail = fs.existsSync(server.logFile) ? fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  throw new Error(`code-server did not become healthy within ${timeoutMs} ms${exited ? ` (${exited})` : ''}\n${tail}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
}
