// "Analyze Workspace": every TS/JS file except what .gitignore (nested too), files.exclude
// and workloadHints.exclude hide; findings of closed files are published.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScanSummary } from '../../src/extension/workspace-scan';
import { api, closeAllEditors, diagnosticsTable, fixture, waitFor, writeFile } from './support/helpers';
import { CPU_TABLE, IO_TABLE } from './support/expected';

const BLOCKING = "import { readFileSync } from 'node:fs';\nexport function load(): string {\n  return readFileSync('x', 'utf8');\n}\n";

describe('workspace scan', () => {
  const created: vscode.Uri[] = [];
  before(async () => {
    await api();
    await closeAllEditors();
    // Ignored at run time only: git ignores these paths in the repository as well.
    created.push(
      await writeFile('ignored-by-git/blocking.ts', BLOCKING),
      await writeFile('src/nested/local-blocking.ts', BLOCKING),
      await writeFile('node_modules/dep/index.js', BLOCKING.replace(': string', '')),
    );
  });
  after(async () => {
    for (const uri of created) await vscode.workspace.fs.delete(uri, { useTrash: false });
    for (const dir of ['ignored-by-git', 'node_modules']) await vscode.workspace.fs.delete(fixture(dir), { recursive: true, useTrash: false });
  });

  it('analyses the workspace and publishes findings of files that are not open', async () => {
    const summary = await vscode.commands.executeCommand<ScanSummary>('workloadHints.analyzeWorkspace');
    assert.ok(summary, 'the command returns a summary');
    assert.equal(summary.cancelled, false);
    console.log(`workload-hints scan of the fixture: ${JSON.stringify(summary)}`);

    assert.deepEqual(diagnosticsTable(fixture('src/cpu.ts')), [...CPU_TABLE].sort());
    assert.deepEqual(diagnosticsTable(fixture('src/io.ts')), [...IO_TABLE].sort());
    assert.deepEqual(diagnosticsTable(fixture('src/nested/kept.ts')), ['blocking-sync-call info 5:10']);
    for (const hidden of ['ignored-by-git/blocking.ts', 'src/nested/local-blocking.ts', 'node_modules/dep/index.js', 'generated/skip.ts']) {
      assert.deepEqual(diagnosticsTable(fixture(hidden)), [], `${hidden} is not scanned`);
    }
    const scanned = vscode.languages
      .getDiagnostics()
      .filter(([, diagnostics]) => diagnostics.some((d) => d.source === 'workload-hints'))
      .map(([uri]) => vscode.workspace.asRelativePath(uri))
      .sort();
    assert.deepEqual(scanned, ['src/cpu.ts', 'src/io.ts', 'src/nested/kept.ts']);
    assert.equal(summary.files, 4, 'cpu.ts, io.ts, clean.ts, nested/kept.ts');
    assert.equal(summary.analyzed, 4);
    assert.equal(summary.findings, CPU_TABLE.length + IO_TABLE.length + 1);
  });

  it('shows a scanned file as saved again after it was opened, edited and closed unsaved', async () => {
    const io = fixture('src/io.ts');
    assert.deepEqual(diagnosticsTable(io), [...IO_TABLE].sort(), 'scanned');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(io));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one\n// two\n'));
    const shifted = IO_TABLE.map((row) => row.replace(/ (\d+):/, (_, line: string) => ` ${Number(line) + 2}:`));
    await waitFor(() => JSON.stringify(diagnosticsTable(io)) === JSON.stringify([...shifted].sort()), 'the findings of the edited text');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => JSON.stringify(diagnosticsTable(io)) === JSON.stringify([...IO_TABLE].sort()), 'the findings of the saved file, once each');
  });
});
