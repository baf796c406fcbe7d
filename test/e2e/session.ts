// Shared by the UI tests: one run of the packaged extension in code-server through Chromium —
// install the .vsix into a scratch folder, copy the fixture workspace, start code-server and a
// browser, run the test's steps, always clean up, and write result.json beside the screenshots.
// Fails (not skips) under CI=true when the editor cannot start (exitForMissingTool).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../harness/chromium';
import { installExtension, missingTools, startCodeServer, type CodeServer } from '../harness/code-server';
import { REPO, copyFixtureWorkspace, createScratch, exitForMissingTool } from '../harness/scratch';
import type { createSteps } from './steps';

export interface UiTest {
  /** Names the test in messages ("UI e2e"). */
  title: string;
  vsix: string;
  shotsDir: string;
  /** The steps bookkeeping the test's steps record into. */
  steps: ReturnType<typeof createSteps>;
  /** Workspace settings for code-server. */
  settings?: Record<string, unknown>;
  /** Changes the copied fixture workspace before the editor starts. */
  prepare?: (workspace: string) => void;
  run: (page: Page, server: CodeServer, workspace: string) => Promise<void>;
}

/** Runs a UI test from start to clean-up; resolves to the process exit code. */
export async function runUiTest(test: UiTest): Promise<number> {
  const { log, elapsed, steps } = test.steps;
  const problem = missingTools();
  if (problem) exitForMissingTool(test.title, problem);
  if (!fs.existsSync(test.vsix)) throw new Error(`${test.vsix} is missing: run \`npm run test:e2e\` (it packages first)`);
  fs.rmSync(test.shotsDir, { recursive: true, force: true });
  fs.mkdirSync(test.shotsDir, { recursive: true });
  const scratch = createScratch(path.basename(test.shotsDir));
  let server: CodeServer | undefined;
  let ok = false;
  try {
    const extensionsDir = path.join(scratch.dir, 'extensions');
    await installExtension(test.vsix, extensionsDir, scratch.dir);
    log(`installed ${path.relative(REPO, test.vsix)} (${(fs.statSync(test.vsix).size / 1024 / 1024).toFixed(2)} MB)`);
    const workspace = copyFixtureWorkspace(scratch.dir);
    test.prepare?.(workspace);
    try {
      server = await startCodeServer({ scratch: scratch.dir, folder: workspace, extensionsDir, settings: test.settings });
    } catch (error) {
      scratch.remove();
      exitForMissingTool(test.title, (error as Error).message);
    }
    const browser = await launchChromium(scratch.dir);
    try {
      await test.run(browser.page, server, workspace);
      ok = true;
    } catch {
      // The failing step logged itself and left a screenshot.
      ok = false;
    } finally {
      await browser.close();
    }
  } finally {
    await server?.stop();
    scratch.remove();
  }
  fs.writeFileSync(path.join(test.shotsDir, 'result.json'), JSON.stringify({ ok, totalMs: elapsed(), steps }, null, 2));
  log(`${ok ? 'PASS' : 'FAIL'} — screenshots and result.json in ${path.relative(REPO, test.shotsDir)}`);
  return ok ? 0 : 1;
}

/** Loads the workbench on `workspace` and gives it the keyboard (not the browser chrome). */
export async function openWorkbench(page: Page, server: CodeServer, workspace: string): Promise<void> {
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
}

/** Exits the process with the test's code (1 on an error outside the steps). */
export function exitWith(result: Promise<number>): void {
  result.then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
