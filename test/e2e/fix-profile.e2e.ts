// A person's-eye test of the rewrite fix and the profile panel, on the packaged extension:
// Ctrl+. on an await-in-loop squiggle, choose the Promise.all rewrite, Ctrl+S and check the
// file on disk; then click the "Profile" code lens above a CPU-bound function and wait for the
// panel's webview to show the verdict. Screenshots go to .test-artifacts/e2e-fix-profile/.
// Fails (not skips) under CI=true when the editor cannot start.
// Usage: tsx test/e2e/fix-profile.e2e.ts [--vsix FILE]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import type { CodeServer } from '../harness/code-server';
import { ARTIFACTS } from '../harness/scratch';
import { exitWith, openWorkbench, runUiTest } from './session';
import { createSteps, goTo, quickOpen } from './steps';
import { estimatePiLines } from '../integration/support/pi-source';

const { values: args } = parseArgs({ options: { vsix: { type: 'string', default: path.join(ARTIFACTS, 'workload-hints.vsix') } } });
const SHOTS = path.join(ARTIFACTS, 'e2e-fix-profile');
const SCRATCH_FILE = 'src/scratch-fix-profile.ts';
const bookkeeping = createSteps(SHOTS);
const { shot, step } = bookkeeping;

const LOOP = [
  '  const texts: string[] = [];',
  "  for (const path of ['a.txt', 'b.txt', 'c.txt']) {",
  "    texts.push(await readFile(path, 'utf8'));",
  '  }',
];
const LOOP_FIXED = ["  const texts: string[] = await Promise.all(['a.txt', 'b.txt', 'c.txt'].map(async (path) => readFile(path, 'utf8')));"];
const source = (loop: string[]) =>
  [
    "import { readFile } from 'node:fs/promises';",
    '',
    'export async function loadAll(): Promise<string[]> {',
    ...loop,
    '  return texts;',
    '}',
    '',
    '/**',
    ' * Monte-Carlo estimate of pi: CPU-bound.',
    ' * @workloadArgs [200000]',
    ' */',
    ...estimatePiLines(),
    '',
  ].join('\n');
const ORIGINAL = source(LOOP);
const FIXED = source(LOOP_FIXED);
/** 1-based position of the await-in-loop finding (the `for`). */
const LOOP_POSITION = { line: 5, column: 3 };

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
async function until<T>(page: Page, what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await page.waitForTimeout(150);
  }
}


/** The webview frame (inside code-server's two iframes) that shows `selector`. */
async function webviewFrameWith(page: Page, selector: string): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
  }
  return undefined;
}

async function run(page: Page, server: CodeServer, workspace: string): Promise<void> {
  const file = path.join(workspace, SCRATCH_FILE);

  await step(page, 'workbench shows the fixture workspace', () => openWorkbench(page, server, workspace));

  await step(page, 'the scratch file opens with an await-in-loop squiggle', async () => {
    await quickOpen(page, SCRATCH_FILE);
    await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60_000 });
    await shot(page, '1-squiggle');
  });

  await step(page, 'Ctrl+. offers the Promise.all rewrite; choosing it and Ctrl+S rewrites the file on disk', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, LOOP_POSITION.line, LOOP_POSITION.column);
    const fix = page.locator('.action-widget', { hasText: 'Use await Promise.all(' });
    let menu = false;
    // Code actions may not be ready on the first press: retry until the menu offers the fix.
    for (let attempt = 1; attempt <= 6 && !menu; attempt++) {
      await page.keyboard.press('Control+Period');
      menu = await fix.waitFor({ state: 'visible', timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (!menu) await page.keyboard.press('Escape');
    }
    if (!menu) throw new Error('the quick fix menu never offered "Use await Promise.all(…)"');
    await shot(page, '2-quick-fix-menu');
    const items = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && !(await focused.innerText().catch(() => '')).includes('Use await Promise.all('); i++) {
      await page.keyboard.press('ArrowDown');
    }
    if (!(await focused.innerText()).includes('Use await Promise.all(')) throw new Error(`could not focus the Promise.all fix in: ${items.join(' | ')}`);
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
    await page.keyboard.press('Control+S');
    const text = await until(page, 'the rewritten file on disk', 20_000, async () => {
      const t = fs.readFileSync(file, 'utf8');
      return t !== ORIGINAL && t;
    });
    if (text !== FIXED) throw new Error(`the file on disk is not the expected rewrite:\n${text}`);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'detached', timeout: 20_000 });
    await shot(page, '3-after-fix');
    return `menu: ${items.join(' | ').slice(0, 300)}`;
  });

  await step(page, 'clicking the Profile lens above estimatePi opens the panel with a cpu verdict', async () => {
    const lensLine = page.locator('.monaco-editor .codelens-decoration', { hasText: 'CPU-bound' }).first();
    await lensLine.waitFor({ timeout: 30_000 });
    const profile = lensLine.locator('a', { hasText: 'Profile' }).first();
    await profile.waitFor({ timeout: 15_000 });
    await shot(page, '4-profile-lens');
    await profile.click();
    await page.locator('.tab', { hasText: 'Profile: estimatePi' }).first().waitFor({ timeout: 30_000 });
    // The run takes a few seconds on a loaded machine: wait for the verdict, not a fixed time.
    const panel = await until(page, 'the verdict in the profile panel', 120_000, () => webviewFrameWith(page, '.verdict .verdict-label'));
    await panel.locator('.verdict .verdict-label').first().waitFor({ timeout: 5_000 });
    const verdictClass = (await panel.locator('.verdict').first().getAttribute('class')) ?? '';
    const verdict = (await panel.locator('.verdict').first().innerText()).replace(/\s+/g, ' ').trim();
    // Let the charts lay out (they are drawn with the result), then capture.
    await until(page, 'the panel charts', 15_000, async () => (await panel.locator('svg rect').count()) > 0);
    await shot(page, '5-profile-panel');
    const iframe = page.locator('iframe.webview').first();
    await iframe.screenshot({ path: path.join(SHOTS, '6-profile-panel-only.png') }).catch(() => undefined);
    // The what-if chart and table sit below the fold: scroll the panel to them and capture again.
    await panel.getByText('What if it ran', { exact: false }).first().scrollIntoViewIfNeeded({ timeout: 10_000 }).catch(() => undefined);
    await iframe.screenshot({ path: path.join(SHOTS, '7-profile-panel-what-if.png') }).catch(() => undefined);
    const body = (await panel.locator('body').innerText()).replace(/\s+/g, ' ').trim();
    fs.writeFileSync(path.join(SHOTS, 'profile-panel.txt'), body + '\n');
    if (!/\blabel-cpu\b/.test(verdictClass)) throw new Error(`verdict is not cpu: class "${verdictClass}", text "${verdict}"`);
    return `${verdict} — panel: ${body.slice(0, 300)}`;
  });
}

exitWith(runUiTest({
  title: 'UI e2e (fix + profile)',
  vsix: args.vsix,
  shotsDir: SHOTS,
  steps: bookkeeping,
  // A small profile: one measured run, a what-if of 2 concurrent calls.
  settings: { 'workloadHints.profile.runs': 1, 'workloadHints.profile.concurrency': 2 },
  // The scratch file lives only in this run's copy of the fixture workspace.
  prepare: (workspace) => fs.writeFileSync(path.join(workspace, SCRATCH_FILE), ORIGINAL),
  run,
}));
