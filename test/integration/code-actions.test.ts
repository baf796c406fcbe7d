// Quick-fix plumbing: each diagnostic offers "Disable for this line" (a pragma inserted
// through a WorkspaceEdit) and "Show documentation", found through the diagnostic's code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, expectDiagnostics, fixture, open, waitFor, writeFile } from './support/helpers';
import { IO_TABLE } from './support/expected';

/** This extension's quick fixes at a diagnostic, once the workbench knows the diagnostic. */
async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return waitFor(async () => {
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    // The command returns plain CodeActions (no diagnostics): tell ours by their titles.
    const ours = actions.filter((action) => /^(Disable \S+ for this line|Show documentation for )/.test(action.title));
    return ours.length > 0 && ours;
  }, `quick fixes at ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`);
}

function diagnosticOf(uri: vscode.Uri, rule: string): vscode.Diagnostic {
  const found = vscode.languages
    .getDiagnostics(uri)
    .find((d) => d.source === 'workload-hints' && typeof d.code === 'object' && d.code.value === rule);
  assert.ok(found, `a ${rule} diagnostic`);
  return found;
}

describe('code actions', () => {
  let uri: vscode.Uri;
  before(() => api());
  beforeEach(async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture('src/io.ts')));
    uri = await writeFile('scratch-actions.ts', text);
  });
  afterEach(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  it('"Disable for this line" inserts the pragma above the finding and the finding goes away', async () => {
    const { document } = await open(uri);
    await expectDiagnostics(uri, IO_TABLE);
    const actions = await quickFixes(uri, diagnosticOf(uri, 'await-in-loop'));
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Show documentation for await-in-loop'), titles.join(', '));
    const disable = actions.find((action) => action.title === 'Disable await-in-loop for this line');
    assert.ok(disable?.edit && (await vscode.workspace.applyEdit(disable.edit)));
    assert.equal(document.lineAt(5).text, '  // workload-hints-disable-next-line await-in-loop');
    assert.equal(document.lineAt(6).text, '  for (const path of paths) {');
    await expectDiagnostics(uri, ['sequential-awaits info 14:3']);

    const second = (await quickFixes(uri, diagnosticOf(uri, 'sequential-awaits'))).find((action) => action.title.startsWith('Disable'));
    assert.ok(second?.edit && (await vscode.workspace.applyEdit(second.edit)));
    assert.equal(document.lineAt(13).text, '  // workload-hints-disable-next-line sequential-awaits');
    await expectDiagnostics(uri, []);
  });

  it('"Show documentation" runs the rule documentation command for the diagnostic\'s rule', async () => {
    await open(uri);
    await expectDiagnostics(uri, IO_TABLE);
    const docs = (await quickFixes(uri, diagnosticOf(uri, 'sequential-awaits'))).find((a) => a.title.startsWith('Show documentation'));
    assert.ok(docs?.command);
    assert.equal(docs.command.command, 'workloadHints.showRuleDocumentation');
    assert.deepEqual(docs.command.arguments, ['sequential-awaits']);
    const shown = await vscode.commands.executeCommand<string | undefined>(docs.command.command, ...docs.command.arguments);
    assert.equal(shown, 'sequential-awaits');
  });
});
