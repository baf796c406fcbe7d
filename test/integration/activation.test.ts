// Activation: lazy (on the first TS/JS document), cheap, and without typescript in the host.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkloadHintsApi } from '../../src/extension/extension';
import { EXTENSION_ID, closeAllEditors, open, waitFor } from './support/helpers';

describe('activation', () => {
  after(closeAllEditors);

  it('activates when a TypeScript file opens, within 50 ms, without loading typescript', async () => {
    const extension = vscode.extensions.getExtension<WorkloadHintsApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await open('src/clean.ts');
    await waitFor(() => extension.isActive, 'activation on opening a .ts file');
    const { activationMs, moduleLoadMs, activateMs } = extension.exports;
    console.log(
      `workload-hints activation: ${activationMs.toFixed(1)} ms (module ${moduleLoadMs.toFixed(1)} ms + activate() ${activateMs.toFixed(1)} ms)`,
    );
    assert.ok(activationMs <= 50, `activate() took ${activationMs.toFixed(1)} ms`);
    const typescriptInHost = Object.keys(require.cache).filter((file) =>
      file.startsWith(path.join(extension.extensionPath, 'node_modules', 'typescript')),
    );
    assert.deepEqual(typescriptInHost, [], 'typescript is loaded only in the analysis worker');
  });
});
