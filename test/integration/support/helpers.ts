// Shared helpers of the integration suite: deadline-bound polling, fixture files, the
// extension's API and a readable diagnostics table.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkloadHintsApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'workload-hints.workload-hints';

/** Calls `probe` every `intervalMs` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return folder.uri;
}

export function fixture(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function open(relative: string | vscode.Uri): Promise<vscode.TextEditor> {
  const uri = typeof relative === 'string' ? fixture(relative) : relative;
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

export async function writeFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = fixture(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function api(): Promise<WorkloadHintsApi> {
  const extension = vscode.extensions.getExtension<WorkloadHintsApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** This extension's diagnostics on `uri` as sorted rows: "rule severity line:column". */
export function diagnosticsTable(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'workload-hints')
    .map((d) => {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      return `${code} ${SEVERITY[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1}`;
    })
    .sort();
}

/** Waits until the diagnostics of `uri` equal `expected` (sorted rows, see diagnosticsTable). */
export async function expectDiagnostics(uri: vscode.Uri, expected: string[], timeoutMs = 20_000): Promise<void> {
  const want = [...expected].sort();
  try {
    await waitFor(() => JSON.stringify(diagnosticsTable(uri)) === JSON.stringify(want), `diagnostics of ${uri.path}`, { timeoutMs });
  } catch {
    assert.deepEqual(diagnosticsTable(uri), want, `diagnostics of ${uri.path}`);
  }
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('workloadHints').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
