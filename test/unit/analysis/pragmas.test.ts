// The suppression directives: which findings `workload-hints-disable-next-line`,
// `-disable-line` and `/* workload-hints-disable … */ … /* workload-hints-enable */` hide.
import * as assert from 'node:assert/strict';
import { analyze, code } from './rule-tester';

function reported(source: string): string[] {
  return analyze(source).findings.map((f) => `${f.rule}@${f.span.line}`);
}

describe('suppression pragmas', () => {
  it('disable-next-line hides the named rule on the next line only', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      // workload-hints-disable-next-line blocking-sync-call
      fs.readFileSync('a');
      fs.readFileSync('b');
    `), ['blocking-sync-call@4']);
  });

  it('disable-next-line without rule ids hides every rule', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      // workload-hints-disable-next-line
      fs.readFileSync('a');
    `), []);
  });

  it('disable-next-line takes a comma-separated list and a -- description', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      export async function f(urls: string[]) {
        // workload-hints-disable-next-line hot-loop, await-in-loop -- the API allows one call at a time
        for (const u of urls) await fetch(u + fs.readFileSync('a'));
      }
    `), ['blocking-sync-call@4']);
  });

  it('disable-line in a trailing comment hides its own line', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      fs.readFileSync('a'); // workload-hints-disable-line blocking-sync-call
      fs.readFileSync('b');
    `), ['blocking-sync-call@3']);
  });

  it('a disable block lasts until the matching enable', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      /* workload-hints-disable blocking-sync-call */
      fs.readFileSync('a');
      fs.readFileSync('b');
      /* workload-hints-enable blocking-sync-call */
      fs.readFileSync('c');
    `), ['blocking-sync-call@6']);
  });

  it('a disable block without enable lasts to the end of the file', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      fs.readFileSync('a');
      /* workload-hints-disable */
      fs.readFileSync('b');
      fs.readFileSync('c');
    `), ['blocking-sync-call@2']);
  });

  it('a disable block for one rule leaves the others', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      /* workload-hints-disable hot-loop */
      fs.readFileSync('a');
      /* workload-hints-enable */
    `), ['blocking-sync-call@3']);
  });

  it('a directive that is not at the start of its comment is ignored', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      // see workload-hints-disable-next-line in the docs
      fs.readFileSync('a');
    `), ['blocking-sync-call@3']);
  });

  it('a directive in a JSDoc comment or on a later line of a block comment is ignored (as the grammar shows)', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      /** workload-hints-disable blocking-sync-call */
      fs.readFileSync('a');
      /*
       * workload-hints-disable blocking-sync-call
       */
      fs.readFileSync('b');
    `), ['blocking-sync-call@3', 'blocking-sync-call@7']);
  });

  it('disable-next-line in a block comment is not a directive (and opens no block)', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      /* workload-hints-disable-next-line */
      fs.readFileSync('a');
      fs.readFileSync('b');
    `), ['blocking-sync-call@3', 'blocking-sync-call@4']);
  });

  it('directive text inside a string or template literal suppresses nothing', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      const help = \`usage:
      // workload-hints-disable-next-line blocking-sync-call\`;
      fs.readFileSync('a');
      const other = '/* workload-hints-disable */';
      fs.readFileSync('b');
    `), ['blocking-sync-call@4', 'blocking-sync-call@6']);
  });

  it('a string that looks like an open block does not swallow a real directive after it', () => {
    assert.deepEqual(reported(code`
      import fs from 'fs';
      const s = '/* workload-hints-disable';
      // workload-hints-disable-next-line blocking-sync-call
      fs.readFileSync('a');
      const t = '*/';
      fs.readFileSync('b');
    `), ['blocking-sync-call@6']);
  });
});
