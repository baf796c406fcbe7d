// Scratch folders for a test run (removed afterwards unless WORKLOAD_HINTS_KEEP_SCRATCH=1)
// and the rule for missing tools: skip locally, fail under CI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(REPO, '.test-artifacts');
export const FIXTURE_WORKSPACE = path.join(REPO, 'test', 'fixtures', 'workspace');

export function createScratch(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `workload-hints-${prefix}-`));
  return {
    dir,
    remove: () => {
      if (process.env.WORKLOAD_HINTS_KEEP_SCRATCH === '1') console.log(`scratch kept: ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A copy of the fixture workspace the tests may change freely. */
export function copyFixtureWorkspace(scratch: string): string {
  const target = path.join(scratch, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, target, { recursive: true });
  return target;
}

export function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Ends the run when a tool is missing: exit 1 under CI, a loud skip (exit 0) elsewhere. */
export function exitForMissingTool(suite: string, problem: string): never {
  if (isCI()) {
    console.error(`${suite}: FAILED — the real editor cannot start under CI: ${problem}`);
    process.exit(1);
  }
  console.warn(`${suite}: SKIPPED — ${problem}. Set CI=true to make this a failure.`);
  process.exit(0);
}
