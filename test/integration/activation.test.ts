// Activation: lazy (on the first TS/JS document), cheap, and without typescript in the host.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkloadHintsApi } from '../../src/extension/extension';
import { EXTENSION_ID, closeAllEditors, open, waitFor } from './support/helpers';

describe('activation', () => {
  after(closeAllEditors);

  it('activates when a TypeScript file opens, quickly, without loading typescript', async () => {
    const extension = vscode.extensions.getExtension<WorkloadHintsApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await open('src/clean.ts');
    await waitFor(() => extension.isActive, 'activation on opening a .ts file');
    const { activationMs, moduleLoadMs, activateMs } = extension.exports;
    console.log(
      `workload-hints activation: ${activationMs.toFixed(1)} ms (module ${moduleLoadMs.toFixed(1)} ms + activate() ${activateMs.toFixed(1)} ms)`,
    );
    // The target is 50 ms; activation does ~5 ms of work, but on a loaded 2-core runner the
    // host thread waits for a CPU (17–270 ms seen for the same build). This bound still fails
    // if typescript (~200 ms alone) came back onto the host thread.
    const budgetMs = Number(process.env.WORKLOAD_HINTS_ACTIVATION_BUDGET_MS ?? 300);
    assert.ok(activationMs <= budgetMs, `activation took ${activationMs.toFixed(1)} ms (budget ${budgetMs} ms)`);
    const typescriptInHost = Object.keys(require.cache).filter((file) =>
      file.startsWith(path.join(extension.extensionPath, 'node_modules', 'typescript')),
    );
    assert.deepEqual(typescriptInHost, [], 'typescript is loaded only in the analysis worker');
  });
});
