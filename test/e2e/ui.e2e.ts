// A person's-eye test of the packaged extension: installs the .vsix into code-server, opens a
// fixture in headless Chromium and checks what a developer sees — squiggles, Problems entries,
// the hover, the code lens, the status bar item, and the "Disable for this line" quick fix.
// Screenshots go to .test-artifacts/e2e/. Fails (not skips) under CI=true when the editor
// cannot start. Usage: tsx test/e2e/ui.e2e.ts [--vsix FILE]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../harness/code-server';
import { ARTIFACTS } from '../harness/scratch';
import { exitWith, openWorkbench, runUiTest } from './session';
import { createSteps, goTo, quickOpen } from './steps';

const { values: args } = parseArgs({ options: { vsix: { type: 'string', default: path.join(ARTIFACTS, 'workload-hints.vsix') } } });
const SHOTS = path.join(ARTIFACTS, 'e2e');
const bookkeeping = createSteps(SHOTS);
const { shot, step } = bookkeeping;


async function run(page: Page, server: CodeServer, workspace: string): Promise<void> {
  const ioFile = path.join(workspace, 'src', 'io.ts');
  await step(page, 'workbench shows the fixture workspace', () => openWorkbench(page, server, workspace));

  await step(page, 'io.ts opens and shows squiggles', async () => {
    await quickOpen(page, 'src/io.ts');
    await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60_000 });
    await page.waitForSelector('.monaco-editor .squiggly-info', { timeout: 30_000 });
    await shot(page, '1-squiggles');
    return `${await page.locator('.monaco-editor .squiggly-warning').count()} warning and ${await page.locator('.monaco-editor .squiggly-info').count()} info decorations`;
  });

  await step(page, 'code lenses show the labels', async () => {
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'I/O-bound' });
    await lens.first().waitFor({ timeout: 30_000 });
    const texts = await page.locator('.monaco-editor .codelens-decoration').allInnerTexts();
    await shot(page, '2-code-lens');
    return texts.map((t) => t.trim()).join(' | ');
  });

  await step(page, 'the status bar counts the labels', async () => {
    const item = page.locator('.statusbar-item', { hasText: 'I/O' });
    await item.first().waitFor({ timeout: 15_000 });
    return (await item.first().innerText()).trim();
  });

  await step(page, 'hovering a function name explains the label', async () => {
    const name = page.locator('.monaco-editor .view-line span', { hasText: /^loadPair$/ });
    await name.first().hover();
    const hover = page.locator('.monaco-hover', { hasText: 'Decision tree' });
    const seen = await hover.first().waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!seen) {
      // Mouse hovers can be swallowed while the editor is still busy: use the keyboard.
      await goTo(page, 12, 25);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.first().waitFor({ timeout: 15_000 });
    }
    await page.waitForTimeout(200);
    await shot(page, '3-hover');
    const text = await hover.first().innerText();
    for (const expected of ['I/O-bound', 'confidence', 'L13', 'Decision tree', 'Promise.all']) {
      if (!text.includes(expected)) throw new Error(`hover lacks "${expected}": ${text}`);
    }
    await page.keyboard.press('Escape');
    return text.replace(/\s+/g, ' ').slice(0, 200);
  });

  await step(page, 'the Problems panel lists the findings (opened from the status bar item)', async () => {
    await page.locator('.statusbar-item', { hasText: 'I/O' }).first().click();
    // The click focuses the panel's filter: typing the source narrows it to this extension.
    await page.locator('.markers-panel-action-filter input, .viewpane-filter input').first().waitFor({ timeout: 15_000 });
    await page.keyboard.type('workload-hints');
    const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'workload-hints' });
    await rows.first().waitFor({ timeout: 15_000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'sequential-awaits' }).first().waitFor({ timeout: 15_000 });
    await shot(page, '4-problems');
    const texts = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ').slice(0, 300);
  });

  await step(page, '"Disable for this line" from the light bulb writes the pragma', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, 6, 3);
    let menu = false;
    for (let attempt = 1; attempt <= 4 && !menu; attempt++) {
      await page.keyboard.press('Control+Period');
      menu = await page
        .locator('.action-widget', { hasText: 'Disable await-in-loop for this line' })
        .waitFor({ state: 'visible', timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      if (!menu) await page.keyboard.press('Escape');
    }
    if (!menu) throw new Error('the quick fix menu never offered "Disable await-in-loop for this line"');
    await shot(page, '5-quick-fix-menu');
    // Walk the menu with the keyboard, as a person would (a mouse click lands on the menu's
    // pointer-block overlay).
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 6 && !(await focused.innerText().catch(() => '')).includes('Disable await-in-loop'); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 15_000;
    let text = '';
    while (Date.now() < deadline) {
      text = fs.readFileSync(ioFile, 'utf8');
      if (text.includes('// workload-hints-disable-next-line await-in-loop')) break;
      await page.waitForTimeout(100);
    }
    if (!text.includes('  // workload-hints-disable-next-line await-in-loop\n  for (const path of paths) {')) {
      throw new Error(`pragma not written:\n${text}`);
    }
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'detached', timeout: 15_000 });
  });

  await step(page, 'the code lenses follow the edit', async () => {
    // The pragma moved the awaits down a line: the lens reasons point at the new lines.
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'awaits readFile (L8)' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'awaits readFile (L14)' }).first().waitFor({ timeout: 15_000 });
    await shot(page, '6-after-disable');
  });
}

exitWith(runUiTest({ title: 'UI e2e', vsix: args.vsix, shotsDir: SHOTS, steps: bookkeeping, run }));
