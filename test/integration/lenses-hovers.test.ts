// Code lenses (label + main reason, the toggle, the Profile hook) and the hover on a function
// name (label, confidence, reasons with line links, decision-tree path).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, expectDiagnostics, fixture, open, setSetting, waitFor, writeFile } from './support/helpers';
import { CPU_TABLE, IO_TABLE } from './support/expected';

/** This extension's lenses: the label lenses, or with `command` the ones running it. */
async function lenses(uri: vscode.Uri, command = 'workloadHints.showFunctionDetails'): Promise<Array<{ line: number; title: string; command: string }>> {
  const found = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return found
    .filter((lens) => lens.command?.command === command)
    .map((lens) => ({ line: lens.range.start.line + 1, title: lens.command!.title, command: lens.command!.command }))
    .sort((a, b) => a.line - b.line || a.title.localeCompare(b.title));
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const texts = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)));
  return texts.find((text) => text.includes('Decision tree'));
}

describe('code lenses and hovers', () => {
  before(() => api());
  afterEach(async () => {
    await closeAllEditors();
    await setSetting('codeLens.enabled', undefined);
  });

  it('puts the label and main reason above each non-neutral function', async () => {
    const { document } = await open('src/cpu.ts');
    await expectDiagnostics(document.uri, CPU_TABLE);
    const found = await lenses(document.uri);
    assert.deepEqual(
      found.map((lens) => [lens.line, lens.command]),
      [5, 15, 19].map((line) => [line, 'workloadHints.showFunctionDetails']),
    );
    assert.match(found[0].title, /^\$\(flame\) CPU-bound · loop over samples.* \(L7\)$/);
    assert.match(found[1].title, /^\$\(flame\) CPU-bound · crypto\.pbkdf2Sync per iteration over passwords \(L16\)$/);
    assert.match(found[2].title, /^\$\(watch\) I\/O-bound · blocks on readFileSync.* \(L20\)$/);
  });

  it('follows edits: lens positions and reason lines move with the text', async () => {
    await setSetting('diagnostics.delay', 0);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture('src/cpu.ts')));
    const uri = await writeFile('scratch-lenses.ts', text);
    try {
      const editor = await open(uri);
      await expectDiagnostics(uri, CPU_TABLE);
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one more line\n'));
      await waitFor(async () => {
        const found = await lenses(uri);
        return found.length === 3 && found[0].line === 6 && found[0].title.endsWith('(L8)');
      }, 'the lenses of the edited text');
    } finally {
      await closeAllEditors();
      await setSetting('diagnostics.delay', undefined);
      await vscode.workspace.fs.delete(uri, { useTrash: false });
    }
  });

  it('shows label, confidence, reasons with line links and the decision path on a function name', async () => {
    const { document } = await open('src/io.ts');
    await expectDiagnostics(document.uri, IO_TABLE);
    const name = document.positionAt(document.getText().indexOf('loadPair') + 2);
    const text = await hoverText(document.uri, name);
    assert.ok(text, 'a Workload Hints hover on `loadPair`');
    assert.match(text, /\*\*I\/O-bound\*\* · `loadPair`/);
    assert.match(text, /confidence \d+%/);
    assert.match(text, /awaits `readFile` \(\[L13\]\([^)]*io\.ts#L13\)\)/);
    assert.match(text, /awaits `readFile` \(\[L14\]\([^)]*#L14\)\)/);
    assert.match(text, /\*\*Decision tree:\*\* I\/O-bound → independent consecutive awaits → fewer than 50 → `Promise.all`/);
    const body = document.positionAt(document.getText().indexOf("'a.txt'"));
    assert.equal(await hoverText(document.uri, body), undefined, 'no hover away from function names');
  });

  it('hides the lenses with "Toggle Code Lens" and shows them again', async () => {
    const { document } = await open('src/cpu.ts');
    await expectDiagnostics(document.uri, CPU_TABLE);
    assert.equal((await lenses(document.uri)).length, 3);
    await vscode.commands.executeCommand('workloadHints.toggleCodeLens');
    await waitFor(async () => (await lenses(document.uri)).length === 0, 'lenses to disappear');
    await vscode.commands.executeCommand('workloadHints.toggleCodeLens');
    await waitFor(async () => (await lenses(document.uri)).length === 3, 'lenses to come back');
  });

  it('shows a Profile lens only while the profile feature says it is available', async () => {
    const { document } = await open('src/cpu.ts');
    await expectDiagnostics(document.uri, CPU_TABLE);
    const extension = await api();
    const initially = extension.isProfileAvailable();
    try {
      extension.setProfileAvailable(true);
      await waitFor(async () => (await lenses(document.uri, 'workloadHints.profileFunction')).length === 3, 'Profile lenses');
      const profile = await lenses(document.uri, 'workloadHints.profileFunction');
      assert.deepEqual(profile.map((lens) => lens.line), [5, 15, 19]);
      assert.match(profile[0].title, /Profile/);
      extension.setProfileAvailable(false);
      await waitFor(async () => (await lenses(document.uri, 'workloadHints.profileFunction')).length === 0, 'no Profile lenses');
    } finally {
      extension.setProfileAvailable(initially);
    }
  });
});
