// Shared by the UI tests: step bookkeeping (each step timed and logged, a failing step leaves a
// screenshot behind) and keyboard navigation in the workbench.
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export interface Step {
  name: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

export function createSteps(shotsDir: string) {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const log = (...parts: unknown[]) => console.log(`[${String(elapsed()).padStart(6)} ms]`, ...parts);
  const steps: Step[] = [];

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`) }).catch(() => undefined);
  }

  async function step(page: Page, name: string, run: () => Promise<string | void>): Promise<void> {
    const begin = elapsed();
    try {
      const detail = (await run()) ?? undefined;
      steps.push({ name, ok: true, ms: elapsed() - begin, detail });
      log(`✔ ${name}${detail ? ` — ${detail}` : ''}`);
    } catch (error) {
      steps.push({ name, ok: false, ms: elapsed() - begin, detail: String((error as Error).message ?? error) });
      log(`✘ ${name}: ${(error as Error).message}`);
      await shot(page, `failure-${steps.length}`);
      throw error;
    }
  }

  return { elapsed, log, steps, shot, step };
}

/** Opens `file` through Quick Open (Ctrl+P) and waits for its tab. */
export async function quickOpen(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(file) }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: path.basename(file) }).first().waitFor({ timeout: 15_000 });
}

/** Puts the cursor at a 1-based line and column through "Go to Line". */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 10_000 });
}

