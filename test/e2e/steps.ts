// Step bookkeeping shared by the UI tests: each step is timed and logged, and a failing step
// leaves a screenshot behind.
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
