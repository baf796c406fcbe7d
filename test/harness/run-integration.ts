// Runs the integration suite (out/test/integration) inside code-server's real extension host:
// opens the workbench in headless Chromium with extensionDevelopmentPath/extensionTestsPath,
// streams mocha's output, writes .test-artifacts/integration-result.json and exits non-zero
// on failure. Fails (not skips) under CI=true when the editor cannot start.
// Usage: tsx test/harness/run-integration.ts [--workspace DIR] [--grep RE] [--perf] [--perf-typescript] [--perf-scan] [--perf-settle-ms N] [--timeout-ms N]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, format } from 'node:util';
import { launchChromium } from './chromium';
import { missingTools, startCodeServer, type CodeServer } from './code-server';
import { ARTIFACTS, REPO, copyFixtureWorkspace, createScratch, exitForMissingTool } from './scratch';

const { values: args } = parseArgs({
  options: {
    workspace: { type: 'string' },
    grep: { type: 'string' },
    perf: { type: 'boolean', default: false },
    'perf-scan': { type: 'boolean', default: false },
    /** With --perf: the built-in TypeScript extension runs as by default (the tests run it syntax-only). */
    'perf-typescript': { type: 'boolean', default: false },
    /** With --perf: how long to wait after opening a file before typing (default 1000). */
    'perf-settle-ms': { type: 'string' },
    'timeout-ms': { type: 'string', default: '300000' },
  },
});

const TESTS_ENTRY = path.join(REPO, 'out', 'test', 'integration', 'index.js');
const started = Date.now();
const log = (...parts: unknown[]) => console.log(`[${String(Date.now() - started).padStart(6)} ms]`, ...parts);

async function main(): Promise<number> {
  const problem = missingTools();
  if (problem) exitForMissingTool('integration tests', problem);
  for (const file of [TESTS_ENTRY, path.join(REPO, 'dist', 'extension.js'), path.join(REPO, 'dist', 'extension-worker.js')]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO, file)} is missing: run \`npm run test:integration\` (it builds first)`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const resultFile = path.join(ARTIFACTS, 'integration-result.json');
  const suiteResult = path.join(ARTIFACTS, 'integration-mocha.json');
  fs.rmSync(suiteResult, { force: true });
  const scratch = createScratch('integration');
  let server: CodeServer | undefined;
  let exitCode: number | 'timeout' = 'timeout';
  try {
    const workspace = args.workspace ? path.resolve(args.workspace) : copyFixtureWorkspace(scratch.dir);
    const env: Record<string, string> = { WORKLOAD_HINTS_TEST_RESULT: suiteResult };
    if (args.grep) env.WORKLOAD_HINTS_TEST_GREP = args.grep;
    if (args.perf) env.WORKLOAD_HINTS_PERF = '1';
    if (args['perf-scan']) env.WORKLOAD_HINTS_PERF_SCAN = '1';
    if (args['perf-typescript']) env.WORKLOAD_HINTS_PERF_TYPESCRIPT = '1';
    if (args['perf-settle-ms']) env.WORKLOAD_HINTS_PERF_SETTLE_MS = args['perf-settle-ms'];
    try {
      server = await startCodeServer({ scratch: scratch.dir, folder: workspace, env });
    } catch (error) {
      scratch.remove();
      exitForMissingTool('integration tests', (error as Error).message);
    }
    log(`code-server ${server.url} (pid ${server.pid}), workspace ${workspace}`);
    const browser = await launchChromium(scratch.dir);
    try {
      const exited = new Promise<number>((resolve) => void browser.page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
      await browser.page.exposeFunction('codeAutomationLog', (type: string, messages: unknown) => {
        const text = format(...(Array.isArray(messages) ? messages : [messages]));
        if (process.env.VERBOSE === '1' || isSuiteOutput(text)) console.log(`  ${text}`);
      });
      const authority = `127.0.0.1:${server.port}`;
      const payload = [
        ['extensionDevelopmentPath', `vscode-remote://${authority}${REPO}`],
        ['extensionTestsPath', `vscode-remote://${authority}${TESTS_ENTRY.replace(/\.js$/, '')}`],
      ];
      await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      const timeoutMs = Number(args['timeout-ms']);
      exitCode = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref())]);
      log(`suite finished: ${exitCode === 'timeout' ? `timed out after ${timeoutMs} ms` : `exit code ${exitCode}`}`);
      await browser.page.screenshot({ path: path.join(ARTIFACTS, 'integration-end.png') }).catch(() => undefined);
    } finally {
      await browser.close();
    }
  } finally {
    await server?.stop();
    try {
      if (exitCode !== 0 && server) printExtensionHostLog(server);
    } finally {
      scratch.remove();
    }
  }
  const suite = fs.existsSync(suiteResult) ? JSON.parse(fs.readFileSync(suiteResult, 'utf8')) : undefined;
  const ok = exitCode === 0 && suite?.failureCount === 0;
  fs.writeFileSync(resultFile, JSON.stringify({ ok, exitCode, durationMs: Date.now() - started, suite: suite ?? 'missing' }, null, 2));
  if (suite) log(`${suite.passes.length} passing, ${suite.failureCount} failing, ${suite.pending.length} pending (vscode ${suite.vscodeVersion})`);
  for (const failure of suite?.failures ?? []) console.error(`FAIL ${failure.title}\n${failure.error}`);
  log(`result: ${path.relative(REPO, resultFile)} — ${ok ? 'PASS' : 'FAIL'}`);
  return ok ? 0 : 1;
}

/** Mocha's spec reporter lines and the suite's own console output, not other extensions'. */
function isSuiteOutput(text: string): boolean {
  return /passing|failing|pending|✔|✓|\d+\) |AssertionError|Error:|workload-hints|^\s{2,}\S/.test(text);
}

function printExtensionHostLog(server: CodeServer): void {
  const logs = path.join(server.userDataDir, 'logs');
  if (!fs.existsSync(logs)) return;
  const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter(
    (file) => /exthost.*\.log$/i.test(path.basename(file)) && fs.statSync(path.join(logs, file)).isFile(),
  );
  for (const file of files) {
    const lines = fs.readFileSync(path.join(logs, file), 'utf8').trim().split('\n').slice(-25);
    console.error(`--- ${file} (last ${lines.length} lines)\n${lines.join('\n')}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
