// The profile panel in the real editor: the "Profile" code lens above a CPU-bound function runs
// it in a child Node process (arguments from its @workloadArgs tag), the panel opens, and the
// measured verdict is `cpu`, agreeing with the static label.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProfileResult } from '../../src/profile/types';
import { api, closeAllEditors, open, setSetting, waitFor, writeFile } from './support/helpers';
import { estimatePiLines } from './support/pi-source';

const SCRATCH = 'scratch-profile.ts';
const PROFILE_TIMEOUT_MS = 90_000;
const SOURCE = [
  '/**',
  ' * Monte-Carlo estimate of pi: CPU-bound.',
  ' * @workloadArgs [200000]',
  ' */',
  ...estimatePiLines(),
  '',
].join('\n');

describe('profile panel', function () {
  this.timeout(PROFILE_TIMEOUT_MS + 60_000);
  let uri: vscode.Uri;

  before(async () => {
    await api();
    // A small run: one measured run, a what-if of 2 concurrent calls.
    await setSetting('profile.runs', 1);
    await setSetting('profile.concurrency', 2);
    uri = await writeFile(SCRATCH, SOURCE);
  });

  after(async () => {
    await closeAllEditors();
    await setSetting('profile.runs', undefined);
    await setSetting('profile.concurrency', undefined);
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  it('the Profile lens runs estimatePi and the verdict is cpu, confirming the static label', async () => {
    const extension = await api();
    const { document } = await open(uri);
    const report = await waitFor(async () => {
      const r = await extension.reportFor(document);
      return r?.functions.some((f) => f.name === 'estimatePi') && r;
    }, 'the analysis of the scratch file', { timeoutMs: 30_000 });
    const staticLabel = report.functions.find((f) => f.name === 'estimatePi')!.label;
    assert.equal(staticLabel, 'cpu');

    const lens = await waitFor(
      async () => {
        const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
        return lenses.find((l) => l.command?.command === 'workloadHints.profileFunction');
      },
      'the Profile code lens',
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    assert.equal(lens.command!.title, '$(debug-start) Profile');
    assert.equal(lens.range.start.line, 4, 'the lens sits on the function name');
    assert.deepEqual(lens.command!.arguments!.slice(1), ['estimatePi', 5]);

    const started = Date.now();
    const result = await Promise.race([
      vscode.commands.executeCommand<ProfileResult | undefined>(lens.command!.command, ...lens.command!.arguments!),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no profile result within ${PROFILE_TIMEOUT_MS} ms`)), PROFILE_TIMEOUT_MS)),
    ]);
    const elapsedMs = Date.now() - started;
    assert.ok(result, 'the command resolves to the run\'s result');
    assert.equal(result.outcome, 'ok', `${result.message ?? ''} ${result.error ? JSON.stringify(result.error) : ''}`);
    assert.equal(result.function, 'estimatePi');
    assert.equal(result.args, '[200000]', 'arguments come from @workloadArgs');
    assert.equal(result.runs.length, 1);
    assert.equal(result.concurrency, 2);
    assert.ok(result.verdict, 'a verdict');
    assert.equal(result.verdict.label, 'cpu', result.verdict.explanation);
    assert.equal(result.comparison?.staticLabel, staticLabel);
    assert.equal(result.comparison?.agreement, 'confirmed', result.comparison?.reason);
    console.log(`      profile of estimatePi: ${elapsedMs} ms, busy ${result.verdict.busyRatio.toFixed(2)}, ${result.verdict.explanation}`);

    // The panel is open as a webview tab titled after the function.
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Profile: estimatePi');
    assert.ok(tab, `a "Profile: estimatePi" webview tab (tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ')})`);
    assert.match((tab.input as vscode.TabInputWebview).viewType, /workloadHints\.profile$/);
  });
});
