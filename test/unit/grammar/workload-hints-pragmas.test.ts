// Grammar tests for syntaxes/workload-hints-pragmas.tmLanguage.json: the injection is loaded
// next to the real TypeScript and JavaScript grammars, as VS Code does, and sample lines are
// tokenized with vscode-textmate + vscode-oniguruma. What gets coloured follows what
// src/analysis/pragmas.ts honours: a directive counts only as the first thing in its comment.
//
// The base grammars in fixtures/ are VS Code's own TypeScript.tmLanguage.json and
// JavaScript.tmLanguage.json (extensions/typescript-basics and extensions/javascript in
// microsoft/vscode, commit 210541906e5a96ab39f9c753f921b1bd35f4138b, MIT), copied unchanged
// from the npm package tm-grammars@1.32.22 (grammars/typescript.json, grammars/javascript.json).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { LABELS, RULE_IDS } from '../../../src/analysis/types';

const ROOT = path.resolve(__dirname, '../../..');
const INJECTION_PATH = path.join(ROOT, 'syntaxes/workload-hints-pragmas.tmLanguage.json');
const INJECTION_SCOPE = 'comment.workload-hints.pragma.injection';
const GRAMMAR_FILES: Record<string, string> = {
  'source.ts': path.join(__dirname, 'fixtures/TypeScript.tmLanguage.json'),
  'source.js': path.join(__dirname, 'fixtures/JavaScript.tmLanguage.json'),
  [INJECTION_SCOPE]: INJECTION_PATH,
};

const KEYWORD = 'keyword.control.directive.workload-hints';
const LABEL = 'constant.language.label.workload-hints';
const RULE = 'entity.name.tag.rule-id.workload-hints';
const BAD_LABEL = 'invalid.illegal.unknown-label.workload-hints';
const BAD_RULE = 'invalid.illegal.unknown-rule.workload-hints';
const MISPLACED = 'invalid.illegal.misplaced-directive.workload-hints';

interface Token {
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

let registry: vsctm.Registry | undefined;

function createRegistry(): vsctm.Registry {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  const onigLib = oniguruma
    .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength))
    .then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }));
  return new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const file = GRAMMAR_FILES[scopeName];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    // As `"injectTo": ["source.ts", "source.js", …]` in package.json does in the editor.
    getInjections: (scopeName) => (scopeName === 'source.ts' || scopeName === 'source.js' ? [INJECTION_SCOPE] : undefined),
  });
}

async function tokenize(source: string, scopeName = 'source.ts'): Promise<Token[]> {
  registry ??= createRegistry();
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} did not load`);
  const tokens: Token[] = [];
  let stack = vsctm.INITIAL;
  source.split('\n').forEach((text, line) => {
    const result = grammar.tokenizeLine(text, stack);
    for (const token of result.tokens) {
      tokens.push({
        line,
        start: token.startIndex,
        end: Math.min(token.endIndex, text.length),
        text: text.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/** The single token whose text is exactly `text` (the `nth` such token, 0-based). */
function tokenOf(tokens: Token[], text: string, nth = 0): Token {
  const matches = tokens.filter((token) => token.text === text);
  assert.ok(
    matches.length > nth,
    `no token ${JSON.stringify(text)}; tokens: ${JSON.stringify(tokens.map((token) => token.text))}`,
  );
  return matches[nth];
}

function hasScope(token: Token, scope: string): boolean {
  return token.scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}

async function expectScopes(source: string, expected: Array<[text: string, scope: string]>, scopeName = 'source.ts') {
  const tokens = await tokenize(source, scopeName);
  for (const [text, scope] of expected) {
    const token = tokenOf(tokens, text);
    assert.ok(hasScope(token, scope), `${JSON.stringify(text)} in ${JSON.stringify(source)}: ${token.scopes.join(' ')}`);
  }
  return tokens;
}

/** No part of `source` gets a scope from the injection. */
async function expectUncoloured(source: string) {
  const tokens = await tokenize(source);
  const coloured = tokens.filter((token) => token.scopes.some((scope) => scope.endsWith('.workload-hints')));
  assert.deepEqual(
    coloured.map((token) => `${token.text} ${token.scopes.at(-1)}`),
    [],
    `expected nothing coloured in ${JSON.stringify(source)}`,
  );
}

describe('syntaxes/workload-hints-pragmas.tmLanguage.json', () => {
  it('is an injection into line and block comments', () => {
    const grammar = JSON.parse(fs.readFileSync(INJECTION_PATH, 'utf8')) as Record<string, unknown>;
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
    assert.equal(grammar.injectionSelector, 'L:comment.line.double-slash, L:comment.block');
  });

  describe('@workload <label>', () => {
    for (const label of LABELS) {
      it(`colours the label ${label}`, async () => {
        const tokens = await expectScopes(`// @workload ${label}\nfunction f() {}`, [
          ['@', 'punctuation.definition.directive.workload-hints'],
          ['workload', KEYWORD],
          [label, LABEL],
        ]);
        assert.ok(hasScope(tokenOf(tokens, label), 'comment.line.double-slash.ts'));
      });
    }

    it('keeps the @ inside the directive scope', async () => {
      const tokens = await tokenize('// @workload cpu');
      assert.ok(hasScope(tokenOf(tokens, '@'), KEYWORD));
    });

    it('colours a pragma in a block comment', async () => {
      await expectScopes('/* @workload io */', [
        ['workload', KEYWORD],
        ['io', LABEL],
        ['*/', 'punctuation.definition.comment.ts'],
      ]);
    });

    it('colours a pragma in a JSDoc comment instead of a plain JSDoc tag', async () => {
      const tokens = await expectScopes('/** @workload mixed */', [
        ['workload', KEYWORD],
        ['mixed', LABEL],
      ]);
      assert.ok(hasScope(tokenOf(tokens, 'mixed'), 'comment.block.documentation.ts'));
      assert.ok(!hasScope(tokenOf(tokens, 'workload'), 'storage.type.class.jsdoc'));
    });

    it('colours an indented pragma above a method', async () => {
      await expectScopes('class A {\n  // @workload cpu\n  run() {}\n}', [['cpu', LABEL]]);
    });

    it('leaves text after the label alone', async () => {
      const tokens = await expectScopes('// @workload cpu hashing dominates', [['cpu', LABEL]]);
      const rest = tokens.find((token) => token.text.includes('hashing'));
      assert.ok(rest && !rest.scopes.some((scope) => scope.endsWith('.workload-hints')));
    });

    it('marks an unknown label invalid', async () => {
      await expectScopes('// @workload gpu', [
        ['workload', KEYWORD],
        ['gpu', BAD_LABEL],
      ]);
    });

    it('marks a label in the wrong case invalid (labels are lower case)', async () => {
      await expectScopes('// @workload CPU', [['CPU', BAD_LABEL]]);
    });

    it('marks a label that only starts like a known one invalid', async () => {
      await expectScopes('/* @workload iox */', [
        ['iox', BAD_LABEL],
        ['*/', 'punctuation.definition.comment.ts'],
      ]);
    });

    it('does not colour the @workloadArgs tag of the profile panel', async () => {
      await expectUncoloured('/** @workloadArgs [2000000] */');
      await expectUncoloured('// @workloadArgs ["a", 1]');
    });

    it('does not colour an e-mail-like word', async () => {
      await expectUncoloured('// ask ops@workload cpu team');
    });
  });

  describe('workload-hints-disable-next-line / -disable-line / -disable / -enable', () => {
    for (const rule of RULE_IDS) {
      it(`colours the rule id ${rule}`, async () => {
        await expectScopes(`// workload-hints-disable-next-line ${rule}`, [
          ['workload-hints-disable-next-line', KEYWORD],
          [rule, RULE],
        ]);
      });
    }

    it('colours a list of rule ids separated by commas and spaces', async () => {
      await expectScopes('// workload-hints-disable-next-line hot-loop, await-in-loop sequential-awaits', [
        ['hot-loop', RULE],
        [',', 'punctuation.separator.comma.workload-hints'],
        ['await-in-loop', RULE],
        ['sequential-awaits', RULE],
      ]);
    });

    it('leaves a `-- description` after the rule ids alone', async () => {
      const tokens = await expectScopes('// workload-hints-disable-next-line await-in-loop -- rate limit: one at a time', [
        ['await-in-loop', RULE],
      ]);
      for (const token of tokens.filter((t) => /rate|limit|--/.test(t.text))) {
        assert.ok(!token.scopes.some((scope) => scope.endsWith('.workload-hints')), token.text);
      }
    });

    it('colours a block directive and still closes the comment', async () => {
      const tokens = await expectScopes('/* workload-hints-disable blocking-sync-call */ readFileSync(p);', [
        ['workload-hints-disable', KEYWORD],
        ['blocking-sync-call', RULE],
        ['*/', 'punctuation.definition.comment.ts'],
      ]);
      assert.ok(!hasScope(tokenOf(tokens, 'readFileSync'), 'comment'));
    });

    it('does not colour a directive on a later line of a block comment (the analyzer ignores it)', async () => {
      await expectUncoloured('/*\n * workload-hints-disable sequential-awaits\n */\nconst a = 1;');
    });

    it('colours a directive without rule ids (all rules)', async () => {
      await expectScopes('/* workload-hints-disable */', [['workload-hints-disable', KEYWORD]]);
      await expectScopes('/* workload-hints-enable */', [['workload-hints-enable', KEYWORD]]);
    });

    it('colours workload-hints-enable with rule ids', async () => {
      await expectScopes('/* workload-hints-enable hot-loop */', [
        ['workload-hints-enable', KEYWORD],
        ['hot-loop', RULE],
      ]);
    });

    it('colours workload-hints-disable-line', async () => {
      await expectScopes('readFileSync(p); // workload-hints-disable-line blocking-sync-call', [
        ['workload-hints-disable-line', KEYWORD],
        ['blocking-sync-call', RULE],
      ]);
    });

    it('colours a directive written without a space after //', async () => {
      await expectScopes('//workload-hints-disable-next-line hot-loop', [
        ['workload-hints-disable-next-line', KEYWORD],
        ['hot-loop', RULE],
      ]);
    });

    it('marks -disable and -enable in a line comment as misplaced', async () => {
      await expectScopes('// workload-hints-disable hot-loop', [
        ['workload-hints-disable', MISPLACED],
        ['hot-loop', RULE],
      ]);
      await expectScopes('// workload-hints-enable', [['workload-hints-enable', MISPLACED]]);
    });

    it('marks -disable-next-line in a block comment as misplaced', async () => {
      await expectScopes('/* workload-hints-disable-next-line await-in-loop */', [
        ['workload-hints-disable-next-line', MISPLACED],
        ['*/', 'punctuation.definition.comment.ts'],
      ]);
    });

    it('does not colour a directive in a JSDoc comment (the analyzer ignores it)', async () => {
      await expectUncoloured('/** workload-hints-disable hot-loop */');
    });

    it('does not colour a directive mentioned in the middle of a comment', async () => {
      await expectUncoloured('// silence it with workload-hints-disable-next-line hot-loop');
      await expectUncoloured('/* see workload-hints-disable in the docs */');
    });

    it('colours a directive in a trailing comment', async () => {
      await expectScopes('await run(); // workload-hints-disable-next-line hot-loop', [['hot-loop', RULE]]);
    });

    it('marks an unknown rule id invalid', async () => {
      await expectScopes('// workload-hints-disable-next-line await-in-loops', [['await-in-loops', BAD_RULE]]);
    });

    it("marks another linter's rule id invalid next to a valid one", async () => {
      await expectScopes('// workload-hints-disable-next-line no-await-in-loop, hot-loop', [
        ['no-await-in-loop', BAD_RULE],
        ['hot-loop', RULE],
      ]);
    });

    it('marks an unknown rule id in a block comment invalid without eating the */', async () => {
      await expectScopes('/* workload-hints-disable hotloop*/', [
        ['hotloop', BAD_RULE],
        ['*/', 'punctuation.definition.comment.ts'],
      ]);
    });

    it('does not colour a longer word that merely contains a directive', async () => {
      await expectUncoloured('// my-workload-hints-disable-next-line hot-loop');
      await expectUncoloured('// workload-hints-disabled hot-loop');
      await expectUncoloured('// workload-hints-disable-next-line-x hot-loop');
    });
  });

  describe('outside comments', () => {
    it('does not colour pragma-like text in strings', async () => {
      await expectUncoloured("const a = '// @workload cpu';");
      await expectUncoloured('const b = "workload-hints-disable-next-line hot-loop";');
    });

    it('does not colour pragma-like text in template literals', async () => {
      await expectUncoloured('const c = `/* workload-hints-disable await-in-loop */ @workload io`;');
    });

    it('does not colour code or decorators named like the pragma', async () => {
      await expectUncoloured('@workload\nclass Job {}');
      await expectUncoloured('const workload = cpu - io;');
    });

    it('does not colour a regular expression that contains a pragma', async () => {
      await expectUncoloured('const re = /@workload cpu/;');
    });
  });

  describe('in JavaScript', () => {
    it('colours pragmas in .js comments', async () => {
      const tokens = await expectScopes(
        '// @workload neutral\n/* workload-hints-disable await-in-loop */',
        [
          ['neutral', LABEL],
          ['await-in-loop', RULE],
        ],
        'source.js',
      );
      assert.ok(hasScope(tokenOf(tokens, 'neutral'), 'comment.line.double-slash.js'));
      assert.ok(hasScope(tokenOf(tokens, 'await-in-loop'), 'comment.block.js'));
    });

    it('marks an unknown label invalid in .js', async () => {
      await expectScopes('// @workload fast', [['fast', BAD_LABEL]], 'source.js');
    });
  });
});
