// "Disable for this line": the pragma goes above the finding's line with its indentation and
// line ending, or the rule joins a pragma that is already there.
import * as assert from 'node:assert/strict';
import { disableNextLineEdit } from '../../../src/extension/pragma-edit';

function disable(text: string, line: number, rule: string): string {
  const lineStart = text.split('\n').slice(0, line).reduce((sum, l) => sum + l.length + 1, 0);
  const edit = disableNextLineEdit(text, lineStart, rule);
  return edit ? text.slice(0, edit.start) + edit.newText + text.slice(edit.end) : text;
}

describe('extension/pragma-edit', () => {
  it('inserts an indented pragma above the line', () => {
    assert.equal(
      disable('function f() {\n    for (const x of xs) {}\n}\n', 1, 'await-in-loop'),
      'function f() {\n    // workload-hints-disable-next-line await-in-loop\n    for (const x of xs) {}\n}\n',
    );
  });

  it('keeps CRLF line endings', () => {
    assert.equal(disable('a();\r\n\tb();\r\n', 1, 'hot-loop'), 'a();\r\n\t// workload-hints-disable-next-line hot-loop\r\n\tb();\r\n');
  });

  it('works on the first line of a file', () => {
    assert.equal(disable('readFileSync(p);\n', 0, 'blocking-sync-call'), '// workload-hints-disable-next-line blocking-sync-call\nreadFileSync(p);\n');
  });

  it('adds the rule to a pragma already above the line, before its `--` comment', () => {
    assert.equal(
      disable('  // workload-hints-disable-next-line hot-loop -- measured\n  x();\n', 1, 'await-in-loop'),
      '  // workload-hints-disable-next-line hot-loop await-in-loop -- measured\n  x();\n',
    );
    assert.equal(
      disable('// workload-hints-disable-next-line hot-loop\nx();\n', 1, 'await-in-loop'),
      '// workload-hints-disable-next-line hot-loop await-in-loop\nx();\n',
    );
  });

  it('offers nothing when the rule (or every rule) is already disabled', () => {
    assert.equal(disableNextLineEdit('// workload-hints-disable-next-line hot-loop\nx();\n', 45, 'hot-loop'), undefined);
    assert.equal(disableNextLineEdit('// workload-hints-disable-next-line\nx();\n', 36, 'hot-loop'), undefined);
  });
});
