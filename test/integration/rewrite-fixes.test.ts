// The rewrite layer's quick fixes in the real editor: for one finding of each kind the code
// action's single WorkspaceEdit produces exactly the rewritten text, the finding goes away,
// and one undo restores the original. "Move to a worker pool" is only checked to be offered
// (it creates a file and asks for a preview).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, diagnosticsTable, expectDiagnostics, open, waitFor, writeFile } from './support/helpers';
import { estimatePiLines } from './support/pi-source';

const SCRATCH = 'scratch-rewrite-fixes.ts';
const TIMEOUT_MS = 30_000;

const HEAD = [
  "import { readFile } from 'node:fs/promises';",
  "import { readFileSync } from 'node:fs';",
  '',
  'export async function loadPair(): Promise<[string, string]> {',
];
const PAIR = ["  const a = await readFile('a.txt', 'utf8');", "  const b = await readFile('b.txt', 'utf8');"];
const PAIR_FIXED = ["  const [a, b] = await Promise.all([readFile('a.txt', 'utf8'), readFile('b.txt', 'utf8')]);"];
const MIDDLE = ['  return [a, b];', '}', '', 'export async function loadAll(): Promise<string[]> {'];
const LOOP = [
  '  const texts: string[] = [];',
  "  for (const path of ['a.txt', 'b.txt', 'c.txt']) {",
  "    texts.push(await readFile(path, 'utf8'));",
  '  }',
];
const LOOP_FIXED = ["  const texts: string[] = await Promise.all(['a.txt', 'b.txt', 'c.txt'].map(async (path) => readFile(path, 'utf8')));"];
const BEFORE_SYNC = ['  return texts;', '}', '', 'export async function loadConfig(path: string): Promise<unknown> {'];
const SYNC = ["  return JSON.parse(readFileSync(path, 'utf8'));"];
const SYNC_FIXED = ["  return JSON.parse(await readFile(path, 'utf8'));"];
const TAIL = [
  '}',
  '',
  ...estimatePiLines(),
  '',
  'export async function estimateTwice(): Promise<number> {',
  '  return (estimatePi(100_000) + estimatePi(100_000)) / 2;',
  '}',
  '',
];

function source(parts: { head?: string[]; pair?: string[]; loop?: string[]; sync?: string[] } = {}): string {
  return [...(parts.head ?? HEAD), ...(parts.pair ?? PAIR), ...MIDDLE, ...(parts.loop ?? LOOP), ...BEFORE_SYNC, ...(parts.sync ?? SYNC), ...TAIL].join('\n');
}

const ORIGINAL = source();
const ORIGINAL_TABLE = [
  'sequential-awaits info 5:3',
  'await-in-loop warning 12:3',
  'blocking-sync-call warning 19:21',
  'hot-loop info 24:3',
];

interface Case {
  rule: string;
  title: RegExp;
  expected: string;
  /** The diagnostics after the fix: the fixed finding is gone, the others moved with the edit. */
  after: string[];
}

const CASES: Case[] = [
  {
    rule: 'sequential-awaits',
    title: /^Run the 2 awaits together with Promise\.all\b/,
    expected: source({ pair: PAIR_FIXED }),
    after: ['await-in-loop warning 11:3', 'blocking-sync-call warning 18:21', 'hot-loop info 23:3'],
  },
  {
    rule: 'await-in-loop',
    title: /^Use await Promise\.all\(/,
    expected: source({ loop: LOOP_FIXED }),
    after: ['sequential-awaits info 5:3', 'blocking-sync-call warning 16:21', 'hot-loop info 21:3'],
  },
  {
    rule: 'blocking-sync-call',
    title: /^Use await `?readFile`? from fs\/promises$/,
    // The call was the last use of readFileSync: its import goes too.
    expected: source({ head: HEAD.filter((line) => !line.includes('readFileSync')), sync: SYNC_FIXED }),
    after: ['sequential-awaits info 4:3', 'await-in-loop warning 11:3', 'hot-loop info 23:3'],
  },
];

function diagnosticOf(uri: vscode.Uri, rule: string): vscode.Diagnostic {
  const found = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'workload-hints' && typeof d.code === 'object' && d.code.value === rule);
  assert.ok(found, `a ${rule} diagnostic (have: ${diagnosticsTable(uri).join(', ')})`);
  return found;
}

/** Code actions at `range` once the provider offers one whose title matches `title`. */
async function actionsWith(uri: vscode.Uri, range: vscode.Range, title: RegExp): Promise<vscode.CodeAction[]> {
  let titles: string[] = [];
  try {
    return await waitFor(
      async () => {
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
        titles = actions.map((a) => a.title);
        return actions.some((a) => title.test(a.title)) && actions;
      },
      `a code action matching ${title}`,
      { timeoutMs: TIMEOUT_MS, intervalMs: 200 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; offered: ${titles.join(' | ') || 'nothing'}`);
  }
}

describe('rewrite quick fixes', function () {
  this.timeout(4 * TIMEOUT_MS);
  let uri: vscode.Uri;
  let document: vscode.TextDocument;

  before(async () => {
    await api();
    uri = await writeFile(SCRATCH, ORIGINAL);
    ({ document } = await open(uri));
    await expectDiagnostics(uri, ORIGINAL_TABLE, TIMEOUT_MS);
  });

  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  for (const c of CASES) {
    it(`${c.rule}: the fix rewrites the document exactly, the finding goes away, one undo restores it`, async () => {
      // Each case starts from the original text (the previous case undid its fix).
      await vscode.window.showTextDocument(document, { preview: false });
      assert.equal(document.getText(), ORIGINAL);
      await expectDiagnostics(uri, ORIGINAL_TABLE, TIMEOUT_MS);

      const diagnostic = diagnosticOf(uri, c.rule);
      const actions = await actionsWith(uri, diagnostic.range, c.title);
      const fix = actions.find((a) => c.title.test(a.title))!;
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value, `${fix.title} is a quick fix`);
      assert.ok(fix.edit, `${fix.title} carries a WorkspaceEdit`);
      assert.equal(fix.edit.entries().length, 1, 'the edit touches only this document');
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');

      assert.equal(document.getText(), c.expected);
      await expectDiagnostics(uri, c.after, TIMEOUT_MS);

      await vscode.commands.executeCommand('undo');
      await waitFor(() => document.getText() === ORIGINAL, 'one undo to restore the original text', { timeoutMs: TIMEOUT_MS });
      assert.equal(document.getText(), ORIGINAL);
      await expectDiagnostics(uri, ORIGINAL_TABLE, TIMEOUT_MS);
    });
  }

  it('hot-loop: "Move to a worker pool" is offered as a refactoring on the diagnostic and on a selection (not applied)', async () => {
    await vscode.window.showTextDocument(document, { preview: false });
    await expectDiagnostics(uri, ORIGINAL_TABLE, TIMEOUT_MS);
    const move = /^Move `?estimatePi`? to a worker pool\b/;

    const onDiagnostic = (await actionsWith(uri, diagnosticOf(uri, 'hot-loop').range, move)).find((a) => move.test(a.title))!;
    assert.equal(onDiagnostic.kind?.value, vscode.CodeActionKind.RefactorMove.value);
    assert.match(onDiagnostic.title, /creates estimatePi\.worker\.ts/);

    // A selection in the function's body above the loop: no diagnostic under it.
    const selection = new vscode.Range(22, 2, 22, 17);
    assert.equal(document.getText(selection), 'let inside = 0;');
    assert.ok(vscode.languages.getDiagnostics(uri).every((d) => !d.range.intersection(selection)), 'no diagnostic under the selection');
    const onSelection = (await actionsWith(uri, selection, move)).find((a) => move.test(a.title))!;
    assert.equal(onSelection.kind?.value, vscode.CodeActionKind.RefactorMove.value);
    assert.equal(document.getText(), ORIGINAL, 'asking for the refactoring changes nothing');
  });
});

// A fix whose code needs a package (p-map, piscina) that the nearest package.json lacks comes
// with a twin action that also adds it there, in the same WorkspaceEdit.
describe('rewrite quick fixes that need a package', function () {
  this.timeout(4 * TIMEOUT_MS);
  const PACKAGE = '{\n  "name": "scratch-deps",\n  "private": true\n}\n';
  const APP = [
    'async function fetchJson(url) {',
    '  const response = await fetch(url);',
    '  return response.json();',
    '}',
    '',
    'export async function fetchAll(urls) {',
    '  const items = [];',
    '  for (const url of urls) {',
    '    items.push(await fetchJson(url));',
    '  }',
    '  return items;',
    '}',
    '',
    ...estimatePiLines(false),
    '',
    'export async function estimateTwice() {',
    '  return (estimatePi(100_000) + estimatePi(100_000)) / 2;',
    '}',
    '',
  ].join('\n');
  const TABLE = ['await-in-loop warning 8:3', 'hot-loop info 16:3'];
  const P_MAP = /^Use p-map to collect items in order, at most 8 at a time .*\(needs p-map, not in package\.json\)$/;
  const P_MAP_AND_PACKAGE = /^Use p-map to collect items in order, at most 8 at a time .*\) and add p-map to package\.json$/;
  let uri: vscode.Uri;
  let packageUri: vscode.Uri;
  let document: vscode.TextDocument;

  const packageText = async () => (await vscode.workspace.openTextDocument(packageUri)).getText();

  before(async () => {
    await api();
    packageUri = await writeFile('scratch-deps/package.json', PACKAGE);
    uri = await writeFile('scratch-deps/app.mjs', APP);
    ({ document } = await open(uri));
    await expectDiagnostics(uri, TABLE, TIMEOUT_MS);
  });

  after(async () => {
    for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.path.includes('/scratch-deps/')) await d.save();
    await closeAllEditors();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true, useTrash: false });
  });

  it('p-map: "… and add p-map to package.json" changes both files in one WorkspaceEdit, and is not offered once package.json has it', async () => {
    const diagnostic = diagnosticOf(uri, 'await-in-loop');
    const actions = await actionsWith(uri, diagnostic.range, P_MAP_AND_PACKAGE);
    const plain = actions.filter((a) => P_MAP.test(a.title));
    const twin = actions.filter((a) => P_MAP_AND_PACKAGE.test(a.title));
    assert.equal(plain.length, 1, actions.map((a) => a.title).join(' | '));
    assert.equal(twin.length, 1, actions.map((a) => a.title).join(' | '));
    assert.equal(twin[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.deepEqual(plain[0].edit!.entries().map(([u]) => u.toString()), [uri.toString()], 'the plain fix leaves package.json alone');
    assert.deepEqual(twin[0].edit!.entries().map(([u]) => u.toString()).sort(), [packageUri.toString(), uri.toString()].sort());

    assert.ok(await vscode.workspace.applyEdit(twin[0].edit!), 'the edit applies');
    assert.match(document.getText(), /^import pMap from 'p-map';\n/);
    assert.match(document.getText(), /const items = await pMap\(urls, async \(url\) => /);
    assert.equal(await packageText(), '{\n  "name": "scratch-deps",\n  "private": true,\n  "dependencies": {\n    "p-map": "^7.1.1"\n  }\n}\n');
    await expectDiagnostics(uri, ['hot-loop info 15:3'], TIMEOUT_MS);

    // Back to the loop, with package.json (unsaved) now listing p-map: only the plain fix.
    const restore = new vscode.WorkspaceEdit();
    restore.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), APP);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await expectDiagnostics(uri, TABLE, TIMEOUT_MS);
    const again = await actionsWith(uri, diagnosticOf(uri, 'await-in-loop').range, P_MAP);
    assert.deepEqual(again.filter((a) => / and add p-map to package\.json$/.test(a.title)).map((a) => a.title), []);
  });

  it('worker pool: "… and add piscina to package.json" is a refactoring whose edit also adds piscina, next to what package.json already has', async () => {
    const move = /^Move estimatePi to a worker pool \(creates estimatePi\.worker\.mjs; .*\) and add piscina to package\.json$/;
    const actions = await actionsWith(uri, diagnosticOf(uri, 'hot-loop').range, move);
    const twin = actions.filter((a) => move.test(a.title));
    assert.equal(twin.length, 1, actions.map((a) => a.title).join(' | '));
    assert.equal(twin[0].kind?.value, vscode.CodeActionKind.RefactorMove.value);
    const packageEdits = twin[0].edit!.entries().find(([u]) => u.toString() === packageUri.toString())?.[1] ?? [];
    assert.equal(packageEdits.length, 1);
    assert.equal(packageEdits[0].newText, '{\n  "name": "scratch-deps",\n  "private": true,\n  "dependencies": {\n    "p-map": "^7.1.1",\n    "piscina": "^5.3.2"\n  }\n}\n');
    assert.ok(twin[0].edit!.entries().some(([u]) => u.toString() === uri.toString()), 'and the source file');
  });
});
