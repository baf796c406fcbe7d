// Entry the extension host loads through `extensionTestsPath` (the @vscode/test-electron
// contract, also used by the code-server harness): runs the mocha suite and writes a JSON
// result to $WORKLOAD_HINTS_TEST_RESULT (default .test-artifacts/integration-result.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { version } from 'vscode';

interface Result {
  startedAt: string;
  finishedAt: string;
  vscodeVersion: string;
  passes: string[];
  failures: Array<{ title: string; error: string }>;
  pending: string[];
  failureCount: number;
}

export async function run(): Promise<void> {
  const repo = path.resolve(__dirname, '../../..');
  const resultFile = process.env.WORKLOAD_HINTS_TEST_RESULT ?? path.join(repo, '.test-artifacts', 'integration-result.json');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: Number(process.env.WORKLOAD_HINTS_TEST_TIMEOUT_MS ?? 60_000) });
  if (process.env.WORKLOAD_HINTS_TEST_GREP) mocha.grep(process.env.WORKLOAD_HINTS_TEST_GREP);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  const result: Result = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    vscodeVersion: version,
    passes: [],
    failures: [],
    pending: [],
    failureCount: 0,
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => result.passes.push(test.fullTitle()));
    runner.on('pending', (test) => result.pending.push(test.fullTitle()));
    runner.on('fail', (test, error: Error) => result.failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) }));
  });
  result.failureCount = failures;
  result.finishedAt = new Date().toISOString();
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
