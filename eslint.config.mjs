// Lint rules for the project. The layering promise of DESIGN.md is enforced here: only
// src/extension may import `vscode`; src/analysis imports nothing but typescript and itself.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  paths: [{ name: 'vscode', message: 'Only src/extension may import vscode (DESIGN.md layering).' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'examples/**', 'test/fixtures/**', '.test-artifacts/**', '.scratch/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly', module: 'writable', __dirname: 'readonly', __filename: 'readonly', process: 'readonly',
        console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', performance: 'readonly',
        URL: 'readonly', structuredClone: 'readonly', fetch: 'readonly', AbortController: 'readonly', queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-imports': ['error', noVscode],
    },
  },
  {
    files: ['src/extension/**', 'test/integration/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/analysis/**'],
    rules: {
      'no-restricted-imports': ['error', {
        ...noVscode,
        patterns: [{
          group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', '**/rewrite', '**/rewrite/**', '**/cli/**', '**/profile/**', '**/extension/**', '**/webview/**'],
          message: 'src/analysis is pure: it imports only typescript and itself.',
        }],
      }],
    },
  },
  {
    files: ['src/rewrite/**'],
    rules: {
      'no-restricted-imports': ['error', {
        ...noVscode,
        patterns: [{ group: ['**/cli/**', '**/profile/**', '**/extension/**', '**/webview/**'], message: 'src/rewrite imports only analysis.' }],
      }],
    },
  },
  {
    files: ['src/webview/**'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly', HTMLElement: 'readonly', SVGElement: 'readonly' } },
  },
);
