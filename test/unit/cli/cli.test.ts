// The `workload-hints` command as a user runs it: help, version and exit codes
// (0 clean, 1 error-severity findings, 2 usage errors and unreadable paths).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, FIXTURES, ROOT, runCli } from './support';

const PROJECT = path.join(FIXTURES, 'project');
const CLEAN = path.join(FIXTURES, 'clean');

describe('cli: help, version and exit codes', function () {
  this.timeout(120_000);
  before(ensureBuilt);

  describe('help and version', () => {
    for (const flag of ['--help', '-h', 'help']) {
      it(`\`${flag}\` prints the usage with every command and exits 0`, async () => {
        const { code, stdout, stderr } = await runCli([flag], ROOT);
        assert.equal(code, 0, stderr);
        assert.match(stdout, /^Usage: workload-hints <command>/);
        for (const command of ['analyze [paths…]', 'fix <file>', 'profile <file>']) assert.ok(stdout.includes(command), `help names ${command}`);
        assert.match(stdout, /Exit codes: 0 .*1 .*2 /s);
        assert.equal(stderr, '');
      });
    }

    it('no command prints the usage and exits 2', async () => {
      const { code, stdout, stderr } = await runCli([], ROOT);
      assert.equal(code, 2);
      assert.match(stdout + stderr, /Usage: workload-hints <command>/);
    });

    for (const flag of ['--version', '-v']) {
      it(`\`${flag}\` prints the package version alone`, async () => {
        const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
        const { code, stdout, stderr } = await runCli([flag], ROOT);
        assert.equal(code, 0, stderr);
        assert.equal(stdout, `${version}\n`);
      });
    }

    for (const args of [['analyze', '--help'], ['analyze', '-h']]) {
      it(`\`${args.join(' ')}\` lists the analyze options without analysing`, async () => {
        const { code, stdout, stderr } = await runCli(args, PROJECT);
        assert.equal(code, 0, stderr);
        assert.match(stdout, /^Usage: workload-hints analyze \[paths…\]/);
        for (const option of ['--format text|json|sarif', '--rule ID=SEVERITY', '--ignore GLOB', '--max-file-size BYTES', '--jobs N']) {
          assert.ok(stdout.includes(option), `analyze --help names ${option}`);
        }
        assert.ok(!stdout.includes('src/server.ts'), 'nothing was analysed');
      });
    }
  });

  describe('exit codes', () => {
    it('0 for a folder without findings', async () => {
      const { code, stdout, stderr } = await runCli(['analyze'], CLEAN);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /0 findings/);
    });

    it('0 when the findings are below error severity', async () => {
      const { code, stderr } = await runCli(['analyze', 'src/batch.ts', 'src/pi.js'], PROJECT);
      assert.equal(code, 0, stderr);
    });

    it('1 when a finding has error severity (a sync call in a request handler)', async () => {
      const { code, stdout } = await runCli(['analyze'], PROJECT);
      assert.equal(code, 1);
      assert.match(stdout, /src\/server\.ts:6:16 {2}error {2}.* {2}blocking-sync-call$/m);
    });

    it('1 for every format, not only text', async () => {
      for (const format of ['json', 'sarif']) {
        const { code } = await runCli(['analyze', '--format', format], PROJECT);
        assert.equal(code, 1, format);
      }
    });

    it('0 once `--rule blocking-sync-call=off` drops the only error', async () => {
      const { code, stdout, stderr } = await runCli(['analyze', '--rule', 'blocking-sync-call=off'], PROJECT);
      assert.equal(code, 0, stderr);
      assert.ok(!stdout.includes('blocking-sync-call'), stdout);
      assert.match(stdout, /hot-loop/, 'the other rules still report');
    });

    // A severity set with --rule is used as given; only default severities shift with the context.
    it('1 when `--rule hot-loop=error` raises a finding', async () => {
      const { code, stdout } = await runCli(['analyze', 'src/pi.js', '--rule', 'hot-loop=error'], PROJECT);
      assert.equal(code, 1);
      assert.match(stdout, /^src\/pi\.js:4:3 {2}error {2}.* {2}hot-loop$/m);
    });

    const usageErrors: Array<{ name: string; args: string[]; message: RegExp }> = [
      { name: 'an unknown option', args: ['analyze', '--bogus'], message: /--bogus/ },
      { name: 'an unknown format', args: ['analyze', '--format', 'xml'], message: /unknown format 'xml'/ },
      { name: 'a missing option value', args: ['analyze', '--format'], message: /--format/ },
      { name: 'an unknown rule', args: ['analyze', '--rule', 'no-such-rule=off'], message: /unknown rule 'no-such-rule'/ },
      { name: 'an unknown severity', args: ['analyze', '--rule', 'hot-loop=loud'], message: /unknown severity 'loud'/ },
      { name: 'a rule without a severity', args: ['analyze', '--rule', 'hot-loop'], message: /--rule takes ID=SEVERITY .*not 'hot-loop'/ },
      { name: 'a --jobs that is not a positive whole number', args: ['analyze', '--jobs', '0'], message: /--jobs/ },
      { name: 'a --max-file-size that is not a number', args: ['analyze', '--max-file-size', 'big'], message: /--max-file-size/ },
      { name: 'an unknown command', args: ['frobnicate'], message: /unknown command 'frobnicate'/ },
    ];
    for (const { name, args, message } of usageErrors) {
      it(`2 for ${name}, with the reason and a help hint on stderr and nothing on stdout`, async () => {
        const { code, stdout, stderr } = await runCli(args, PROJECT);
        assert.equal(code, 2);
        assert.match(stderr, message);
        assert.match(stderr, /Run 'workload-hints (analyze )?--help' for usage\./);
        assert.equal(stdout, '');
      });
    }

    it('2 for a missing path, while the other paths are still analysed and printed', async () => {
      const { code, stdout, stderr } = await runCli(['analyze', 'no/such/dir', 'src/server.ts', 'missing.ts'], PROJECT);
      assert.equal(code, 2);
      assert.match(stderr, /cannot analyse no\/such\/dir: no such file or directory/);
      assert.match(stderr, /cannot analyse missing\.ts: no such file or directory/);
      assert.match(stdout, /^src\/server\.ts:6:16 {2}error/m);
      assert.match(stdout, /^1 file, /m);
    });

    it('2 for a missing path also in JSON, which still holds the files that were read', async () => {
      const { code, stdout, stderr } = await runCli(['analyze', 'src/pi.js', 'gone', '--format', 'json'], PROJECT);
      assert.equal(code, 2);
      assert.match(stderr, /cannot analyse gone/);
      const json = JSON.parse(stdout) as { files: Array<{ path: string }> };
      assert.deepEqual(json.files.map((f) => f.path), ['src/pi.js']);
    });

    it('2 for a path that is neither a folder nor a source file', async () => {
      const { code, stderr } = await runCli(['analyze', path.join(FIXTURES, 'sarif', 'README.md')], PROJECT);
      assert.equal(code, 2);
      assert.match(stderr, /not a TypeScript or JavaScript file/);
    });
  });
});
