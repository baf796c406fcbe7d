// The editor's re-parse (src/analysis/reparse.ts) parses again only the top-level statements an
// edit touched. Whatever the edit, the tree must be the one a whole parse of the new text gives:
// same nodes at the same places, same syntax errors, same line starts. And the fast path must
// really be taken for ordinary typing, or the editor pays for TypeScript's node-by-node move.
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { lastReparseKind, parseSource, updateSourceFile } from '../../../src/analysis';
import { TOP_LEVEL_AWAIT_FLAGS, pendingMove, settleAll } from '../../../src/analysis/reparse';
import { generateSource } from '../../integration/support/generate-source';
import { TRICKY, random, randomEdit, typing } from '../support/random-edits';
import { realSources, type Source } from '../support/sources';

/** Without semicolons, a statement's end depends on the next line: the fast path must see it. */
const NO_SEMICOLONS = `import fs from 'fs'
const a = 1
const b = a
(function () { return b })()
let c = [1, 2]
[0].forEach((x) => x)
const t = \`x\`
\`y\`
function f() { return 1 }
if (a) { f() }
else { f() }
try { f() } catch {}
finally {}
type T = {}
[]
`;

/** Syntax errors to type into and out of. */
const ERRORS = `function a() { return 1; }
function b( { return 2; }
const c = 3 4;
class D { m() { } 
function e() { return 5; }
const s = 'unterminated;
const r = /unterminated;
export function g() { return \`t\${1}\`; }
/* open comment
function h() {}
`;

/** JSX, whose text and braces parse apart from the rest. */
const JSX = `import React from 'react';
export function A() { return <div>{items.map((x) => <b key={x}>{x}</b>)}</div>; }
const B = () => <>text {1} more</>;
function C() { return <p>a</p>; }
`;

type Case = Source;

function cases(): Case[] {
  return [
    { name: 'tricky.mts', text: TRICKY },
    { name: 'generated.ts', text: generateSource(300) },
    { name: 'no-semicolons.ts', text: NO_SEMICOLONS },
    { name: 'errors.ts', text: ERRORS },
    { name: 'jsx.tsx', text: JSX },
    { name: 'crlf.js', text: generateSource(40).replace(/\n/g, '\r\n') },
    { name: 'script.js', text: `#!/usr/bin/env node\n'use strict';\n${generateSource(40)}` },
    { name: 'bom.ts', text: `\uFEFF${generateSource(40)}` },
    {
      name: 'decorated.ts',
      text: `@sealed\nexport class A { @log m() { return 1; } }\ndeclare global { interface B { x: number } }\nnamespace N { export const y = 2; }\nenum E { a, b }\nlabel: for (;;) { break label; }\n${generateSource(40)}`,
    },
    ...realSources(),
    { name: 'class.ts', text: classSource(30) },
  ];
}

/** A class of `methods` methods, with properties, accessors and a static block among them. */
function classSource(methods: number): string {
  const out = ["import { readFile } from 'node:fs/promises';", 'export class Service {', '  private count = 0;', '  static { Service.ready = true; }'];
  for (let i = 0; i < methods; i++) {
    out.push(
      `  async load${i}(paths: string[]): Promise<string[]> {`,
      '    const out: string[] = [];',
      '    for (const p of paths) out.push(await readFile(p, "utf8"));',
      '    return out;',
      '  }',
      `  get size${i}() { return this.count + ${i}; }`,
      `  limit${i} = ${i};`,
    );
  }
  out.push('}', 'export const service = new Service();', '');
  return out.join('\n');
}

/** Kind and place of every node and node list, in tree order. */
function shape(sourceFile: ts.SourceFile): string[] {
  const out: string[] = [];
  const visitNode = (node: ts.Node): undefined => {
    const text = ts.isIdentifier(node) || ts.isPrivateIdentifier(node) ? ` ${node.text}` : ts.isLiteralExpression(node) ? ` ${JSON.stringify(node.text)}` : '';
    out.push(`${ts.SyntaxKind[node.kind]} ${node.pos}-${node.end}${text}`);
    ts.forEachChild(node, visitNode, visitNodes);
    return undefined;
  };
  const visitNodes = (nodes: ts.NodeArray<ts.Node>): undefined => {
    out.push(`[${nodes.length}] ${nodes.pos}-${nodes.end}`);
    for (const node of nodes) visitNode(node);
    return undefined;
  };
  visitNode(sourceFile);
  return out;
}

function errors(sourceFile: ts.SourceFile): string[] {
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  return diagnostics.map((d) => `${d.start}+${d.length} ${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')} ${d.file === sourceFile}`);
}

function apply(text: string, edit: { start: number; oldLength: number; insert: string }): string {
  return text.slice(0, edit.start) + edit.insert + text.slice(edit.start + edit.oldLength);
}

describe('re-parsing the statements an edit touched', () => {
  let fast = 0;
  let total = 0;
  let memberRuns = 0;

  for (const { name, text } of cases()) {
    for (const [deferMoves, maxRun] of [[false, undefined], [true, undefined], [true, 300]] as const) {
    it(`gives the tree, syntax errors and line starts of a whole parse after 12 snippets typed and random edits${deferMoves ? ', nodes moved later' : ''}${maxRun ? `, runs up to ${maxRun} characters` : ''}: ${name}`, () => {
      const next = random(name.length * 104729 + text.length);
      let sourceFile = parseSource(name, text, false);
      sourceFile.getLineStarts();
      const typed = typing(() => sourceFile.text, next, 12);
      for (let i = 0; i < 400; i++) {
        // Typing first, while the file is whole, then random edits.
        const edit = typed.next().value ?? randomEdit(sourceFile.text, next);
        const newText = apply(sourceFile.text, edit);
        const whole = parseSource(name, newText, false);
        let updated: ts.SourceFile;
        try {
          updated = updateSourceFile(sourceFile, newText, { start: edit.start, oldLength: edit.oldLength, newLength: edit.insert.length }, { deferMoves, maxRun });
        } catch (error) {
          // TypeScript's own re-parse can fail an internal assertion on some broken texts (the
          // editor's worker then parses in full). Never the statements' path.
          assert.equal(lastReparseKind(), 'typescript', String(error));
          sourceFile = whole;
          continue;
        }
        total++;
        if (lastReparseKind() !== 'typescript') fast++;
        if (lastReparseKind() === 'members') memberRuns++;
        if (deferMoves) {
          // The statements after the run have not moved: each tells by how much it will.
          for (const statement of updated.statements) {
            const pending = pendingMove(updated, statement);
            if (pending === 0) continue;
            const moved = updated.text.slice(statement.pos + pending, statement.end + pending);
            assert.equal(moved, sourceFile.text.slice(statement.pos, statement.end), `${lastReparseKind()}: a statement not moved yet is elsewhere`);
          }
          settleAll(updated);
        }
        const what = `edit ${i + 1} ${JSON.stringify(edit)} (${lastReparseKind()})`;
        assert.equal(updated.text, newText, what);
        assert.deepEqual(shape(updated), shape(whole), `${what}: the tree differs from a whole parse`);
        if (lastReparseKind() !== 'typescript') {
          assert.deepEqual(errors(updated), errors(whole), `${what}: the syntax errors differ`);
        } else if (errors(updated).join('\n') !== errors(whole).join('\n')) {
          // TypeScript's own re-parse sometimes reports an error twice or not at all where a whole
          // parse does; start again from a whole parse so later edits are compared fairly.
          sourceFile = whole;
          continue;
        }
        assert.deepEqual(updated.getLineStarts(), whole.getLineStarts(), `${what}: the line starts differ`);
        for (const statement of updated.statements) assert.equal(statement.parent, updated, `${what}: a statement's parent is stale`);
        sourceFile = updated;
      }
    });
    }
  }

  it('took the statements or members path for many of those edits', () => {
    // Counted by the cases above (mocha runs them first, in order). Random edits soon put an
    // await at the top level or leave errors between statements, and those go to TypeScript.
    assert.ok(total > 3000, `${total} edits`);
    assert.ok(fast / total > 0.15, `${fast} of ${total} edits took the statements path`);
    assert.ok(memberRuns > 100, `${memberRuns} edits re-parsed class members`);
  });

  it('takes the fast path for typing inside a function of a large file, and reuses the other statements', () => {
    const text = generateSource(2000);
    let sourceFile = parseSource('big.ts', text, false);
    const before = new Set(sourceFile.statements);
    let at = text.indexOf('{', Math.floor(text.length / 3)) + 1;
    for (const ch of 'const y = 1;') {
      const newText = sourceFile.text.slice(0, at) + ch + sourceFile.text.slice(at);
      sourceFile = updateSourceFile(sourceFile, newText, { start: at, oldLength: 0, newLength: 1 });
      at++;
      assert.equal(lastReparseKind(), 'statements', `typing ${JSON.stringify(ch)}`);
    }
    const reused = sourceFile.statements.filter((s) => before.has(s)).length;
    assert.ok(reused >= sourceFile.statements.length - 2, `${reused} of ${sourceFile.statements.length} statements reused`);
    assert.deepEqual(shape(sourceFile), shape(parseSource('big.ts', sourceFile.text, false)));
  });

  it("reads TypeScript's internal flags for an await outside functions by their current values", () => {
    const flags = (ts as unknown as { TransformFlags: Record<string, number> }).TransformFlags;
    assert.deepEqual(TOP_LEVEL_AWAIT_FLAGS, { ContainsAwait: flags.ContainsAwait, ContainsPossibleTopLevelAwait: flags.ContainsPossibleTopLevelAwait });
    const text = "export {};\nconst a = 1;\nawait load();\nconst b = 2;\n";
    const sourceFile = parseSource('tla.mts', text, false);
    const at = text.indexOf('const b') + 'const b'.length;
    updateSourceFile(sourceFile, `${text.slice(0, at)}c${text.slice(at)}`, { start: at, oldLength: 0, newLength: 1 });
    assert.equal(lastReparseKind(), 'typescript', 'an edit in a module with a top-level await');
  });

  it('takes the fast path through the broken states of typing a call', () => {
    const text = generateSource(200);
    let sourceFile = parseSource('typing.ts', text, false);
    let at = text.indexOf('{', Math.floor(text.length / 2)) + 1;
    const kinds: string[] = [];
    for (const ch of ' const y = load(1, [2, {a: `x${3}`}]);') {
      const newText = sourceFile.text.slice(0, at) + ch + sourceFile.text.slice(at);
      sourceFile = updateSourceFile(sourceFile, newText, { start: at, oldLength: 0, newLength: 1 });
      if (lastReparseKind() !== 'statements') kinds.push(`${ch} at ${at - text.indexOf('{', Math.floor(text.length / 2)) - 1}`);
      at++;
      assert.deepEqual(shape(sourceFile), shape(parseSource('typing.ts', newText, false)), `after typing ${JSON.stringify(ch)}`);
    }
    // The object literal's `{`, still open, takes the function's `}` and the function then
    // runs to the end of the file: TypeScript's case. Every other state stays in the function.
    assert.deepEqual(kinds, ['{ at 23']);
  });

  it('leaves an edit that unbalances a bracket to TypeScript', () => {
    const text = 'function a() { return 1; }\nfunction b() { return 2; }\nfunction c() { return 3; }\n';
    const sourceFile = parseSource('open.ts', text, false);
    const at = text.indexOf('return 1;') + 'return 1;'.length;
    const newText = `${text.slice(0, at)} if (x) {${text.slice(at)}`;
    const updated = updateSourceFile(sourceFile, newText, { start: at, oldLength: 0, newLength: ' if (x) {'.length });
    assert.equal(lastReparseKind(), 'typescript');
    assert.deepEqual(shape(updated), shape(parseSource('open.ts', newText, false)));
  });
});
