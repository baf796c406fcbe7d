// Diagnostics: the expected table per fixture, rule codes with docs links, following edits
// (incrementally, discarding stale results), severity settings, clearing on close.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalysisEvent } from '../../src/extension/documents';
import { CPU_TABLE, IO_TABLE } from './support/expected';
import { api, closeAllEditors, diagnosticsTable, expectDiagnostics, fixture, open, setSetting, waitFor, writeFile } from './support/helpers';


describe('diagnostics', () => {
  const scratch: vscode.Uri[] = [];
  before(() => api());
  afterEach(async () => {
    await closeAllEditors();
    await setSetting('severity.sequential-awaits', undefined);
    await setSetting('diagnostics.delay', undefined);
    for (const uri of scratch.splice(0)) await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  it('publishes the findings of an opened file, with source and a rule code linking to its docs', async () => {
    const { document } = await open('src/cpu.ts');
    await expectDiagnostics(document.uri, CPU_TABLE);
    const hotLoop = vscode.languages.getDiagnostics(document.uri).find((d) => d.range.start.line === 6);
    assert.ok(hotLoop);
    assert.equal(hotLoop.source, 'workload-hints');
    assert.ok(typeof hotLoop.code === 'object');
    assert.equal(hotLoop.code.value, 'hot-loop');
    assert.match(hotLoop.code.target.toString(), /docs\/rules\/hot-loop\.md$/);
    assert.match(hotLoop.message, /computePi/);
  });

  it('reports independent awaits in io.ts and nothing in clean.ts', async () => {
    const io = await open('src/io.ts');
    await expectDiagnostics(io.document.uri, IO_TABLE);
    const clean = await open('src/clean.ts');
    const report = await (await api()).reportFor(clean.document);
    assert.ok(report, 'clean.ts was analysed');
    assert.deepEqual(diagnosticsTable(clean.document.uri), []);
  });

  it('follows edits incrementally and publishes only results for the current text', async () => {
    await setSetting('diagnostics.delay', 0);
    const uri = await writeFile('scratch-edit.ts', await readFixture('src/io.ts'));
    scratch.push(uri);
    const editor = await open(uri);
    await expectDiagnostics(uri, IO_TABLE);

    const events: AnalysisEvent[] = [];
    const listener = (await api()).onDidAnalyze((event) => {
      if (event.uri.toString() === uri.toString()) events.push(event);
    });
    try {
      // Ten quick edits: each shifts the findings down by one line.
      for (let i = 0; i < 10; i++) {
        await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), `// edit ${i}\n`));
      }
      await expectDiagnostics(uri, ['await-in-loop warning 16:3', 'sequential-awaits info 23:3']);
      await waitFor(() => events.at(-1)?.version === editor.document.version, 'the analysis of the last edit');
    } finally {
      listener.dispose();
    }
    assert.ok(events.length >= 1 && events.length <= 10, `${events.length} published analyses for 10 edits`);
    assert.ok(events.every((event) => event.timing?.incremental), 'every re-parse after an edit was incremental');
  });

  it('skips a file nested too deeply for the parser with a reason, and the worker keeps working', async () => {
    const uri = await writeFile('scratch-deep.js', `const a = ${'[\n'.repeat(5000)}${']\n'.repeat(5000)};\n`);
    scratch.push(uri);
    const extension = await api();
    const skipped = new Promise<AnalysisEvent>((resolve) => {
      const listener = extension.onDidAnalyze((event) => {
        if (event.uri.toString() !== uri.toString()) return;
        listener.dispose();
        resolve(event);
      });
    });
    await open(uri);
    const event = await skipped;
    assert.match(event.skipped ?? '', /nested too deeply/);
    assert.deepEqual(diagnosticsTable(uri), []);
    const io = await open('src/io.ts');
    await expectDiagnostics(io.document.uri, IO_TABLE);
  });

  it('applies per-rule severity settings', async () => {
    const { document } = await open('src/io.ts');
    await expectDiagnostics(document.uri, IO_TABLE);
    await setSetting('severity.sequential-awaits', 'off');
    await expectDiagnostics(document.uri, ['await-in-loop warning 6:3']);
    await setSetting('severity.sequential-awaits', 'error');
    await expectDiagnostics(document.uri, ['await-in-loop warning 6:3', 'sequential-awaits error 13:3']);
  });

  it('clears the diagnostics of a document when its last tab closes', async () => {
    const uri = await writeFile('scratch-close.ts', await readFixture('src/io.ts'));
    scratch.push(uri);
    await open(uri);
    await expectDiagnostics(uri, IO_TABLE);
    await closeAllEditors();
    await expectDiagnostics(uri, []);
    await open(uri);
    await expectDiagnostics(uri, IO_TABLE);
  });
});

async function readFixture(relative: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture(relative)));
}
