// Diagnostics: the expected table per fixture, rule codes with docs links, following edits
// (incrementally, discarding stale results), severity settings, clearing on close.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalysisEvent } from '../../src/extension/documents';
import { CPU_TABLE, IO_TABLE } from './support/expected';
import { generateSource } from './support/generate-source';
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

  it('after 60 quick edits of all kinds, shows what a fresh analysis of the same text shows', async () => {
    // The worker sends each edit's findings and functions as changes to the host's last report,
    // the host spreads diagnostics over shards and drops stale answers: none of it may drift.
    await setSetting('diagnostics.delay', 0);
    const uri = await writeFile('scratch-typing.ts', generateSource(600));
    scratch.push(uri);
    const editor = await open(uri);
    const extension = await api();
    await extension.reportFor(editor.document);
    const snippets = ['for (const u of urls) await fetch(u);\n', 'const a = await fetch(x);\nconst b = await fetch(y);\n', '}\n', 'x', '\n', ' ', '(', '`'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 60; i++) {
      const document = editor.document;
      const at = document.positionAt(Math.floor(next() * document.getText().length));
      const choice = next();
      await editor.edit((edit) => {
        if (choice < 0.3) edit.delete(new vscode.Range(at, document.positionAt(document.offsetAt(at) + 1 + Math.floor(next() * 40))));
        else if (choice < 0.6) edit.insert(new vscode.Position(at.line, 0), snippets[Math.floor(next() * 3)]);
        else edit.insert(at, snippets[3 + Math.floor(next() * (snippets.length - 3))]);
      });
    }
    const typed = await extension.reportFor(editor.document);
    assert.ok(typed, 'the last edit was analysed');
    const fresh = await writeFile('scratch-typing-fresh.ts', editor.document.getText());
    scratch.push(fresh);
    // In a tab, so closing the editors after the test clears its diagnostics.
    const expected = await extension.reportFor((await open(fresh)).document);
    assert.ok(expected, 'the fresh copy was analysed');
    assert.deepEqual({ ...typed, path: '' }, { ...expected, path: '' }, 'the report after the edits');
    assert.ok(typed.findings.length > 20 && typed.syntaxErrors.length > 0, `${typed.findings.length} findings, ${typed.syntaxErrors.length} syntax errors`);
    await waitFor(() => diagnosticsTable(fresh).length === expected.findings.length, 'the diagnostics of the fresh copy');
    assert.deepEqual(diagnosticsTable(uri), diagnosticsTable(fresh), 'the diagnostics after the edits');
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
