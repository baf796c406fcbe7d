// `analyze --format sarif`: valid against the SARIF 2.1.0 JSON schema, and carrying what GitHub
// code scanning needs to show an alert (driver name, rules with help and links, results with
// rule id, level, message and a physical location with a 1-based start line).
//
// The schema is test/fixtures/cli/sarif/sarif-schema-2.1.0.json: a byte-for-byte copy of
// `sarif-2.1.0.json` shipped by the npm package @microsoft/sarif-multitool-linux@5.7.0 (MIT,
// source microsoft/sarif-sdk); its README.md there says why it is a copy and how to refresh it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createTempProject, ensureBuilt, FIXTURES, runCliJson, type TempProject } from './support';

const PROJECT = path.join(FIXTURES, 'project');
const SCHEMA = JSON.parse(readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;

interface SarifRegion { startLine: number; startColumn?: number; endLine?: number; endColumn?: number }
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion } }>;
}
interface SarifRule { id: string; name?: string; shortDescription: { text: string }; fullDescription?: { text: string }; helpUri: string; help: { text: string; markdown?: string }; defaultConfiguration?: { level: string } }
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; semanticVersion?: string; informationUri?: string; rules: SarifRule[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ message: { text: string } }> }>;
    results: SarifResult[];
  }>;
}
interface JsonRun { files: Array<{ path: string; findings: Array<{ rule: string; line: number; column: number; endLine: number; endColumn: number; severity: string; message: string }> }> }

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile<SarifLog>(SCHEMA);

function assertValidSarif(log: unknown): asserts log is SarifLog {
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 10), null, 2));
}

describe('cli: analyze --format sarif', function () {
  this.timeout(120_000);
  let log: SarifLog;
  let json: JsonRun;

  before(async () => {
    ensureBuilt();
    const [sarif, plain] = await Promise.all([
      runCliJson(['analyze', '--format', 'sarif'], PROJECT),
      runCliJson<JsonRun>(['analyze', '--format', 'json'], PROJECT),
    ]);
    assertValidSarif(sarif.json);
    log = sarif.json;
    json = plain.json;
  });

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
  });

  it('the schema check is not vacuous: a broken log fails it', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'critical';
    delete (broken.runs[0].tool.driver as Partial<SarifLog['runs'][0]['tool']['driver']>).name;
    assert.equal(validateSarif(broken), false);
  });

  it('names the tool and describes every rule with a short description, help text and a help link', () => {
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'workload-hints');
    assert.deepEqual(driver.rules.map((r) => r.id).sort(), ['await-in-loop', 'blocking-sync-call', 'hot-loop', 'sequential-awaits']);
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0 && rule.shortDescription.text.length <= 1024, `${rule.id} shortDescription`);
      assert.ok(rule.help.text.length > 0, `${rule.id} help.text`);
      assert.match(rule.helpUri, new RegExp(`^https://.+/docs/rules/${rule.id}\\.md$`));
      assert.ok(rule.help.markdown?.includes(rule.helpUri), `${rule.id} help.markdown links the docs`);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration?.level ?? ''), `${rule.id} default level`);
    }
  });

  it('turns every finding into a result with rule id, level, message and a physical location', () => {
    const { results, tool } = log.runs[0];
    const findings = json.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
    assert.equal(results.length, findings.length);
    const level: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
    results.forEach((result, i) => {
      const finding = findings[i];
      assert.equal(result.ruleId, finding.rule);
      assert.equal(tool.driver.rules[result.ruleIndex!].id, result.ruleId, 'ruleIndex points at the rule');
      assert.equal(result.level, level[finding.severity]);
      assert.equal(result.message.text, finding.message);
      assert.equal(result.locations.length, 1);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, finding.path);
      assert.deepEqual(region, { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn });
    });
  });

  it('makes relative artifact URIs resolvable through %SRCROOT% = the working directory', () => {
    const run = log.runs[0];
    for (const result of run.results) assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    const root = run.originalUriBaseIds?.['%SRCROOT%']?.uri;
    assert.ok(root, 'originalUriBaseIds has %SRCROOT%');
    const resolved = new URL('src/server.ts', root);
    assert.equal(resolved.protocol, 'file:');
    assert.equal(decodeURIComponent(resolved.pathname), `${PROJECT.split(path.sep).join('/')}/src/server.ts`);
  });

  it('marks the result level of the request-handler sync call as error', () => {
    const sync = log.runs[0].results.find((r) => r.ruleId === 'blocking-sync-call');
    assert.equal(sync?.level, 'error');
    assert.equal(sync?.locations[0].physicalLocation.region.startLine, 6);
  });

  describe('awkward paths and skipped files', () => {
    let project: TempProject;
    let awkward: SarifLog;

    before(async () => {
      project = createTempProject();
      project.copyFixture('project/src/server.ts', 'my src/#1 100%/server.ts');
      project.write('lib/binary.js', Buffer.from([0x00, 0x01, 0x02]));
      const result = await runCliJson(['analyze', '--format', 'sarif'], project.dir);
      assertValidSarif(result.json);
      awkward = result.json;
    });
    after(() => project.dispose());

    it('percent-encodes spaces, # and % in artifact URIs so they stay valid URI references', () => {
      const uri = awkward.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
      assert.equal(uri, 'my%20src/%231%20100%25/server.ts');
      assert.equal(decodeURIComponent(new URL(uri, 'file:///root/').pathname), '/root/my src/#1 100%/server.ts');
    });

    it('reports a skipped file as a tool notification, not as a result', () => {
      const run = awkward.runs[0];
      assert.ok(run.results.every((r) => !r.locations[0].physicalLocation.artifactLocation.uri.includes('binary')));
      const notes = run.invocations?.[0].toolExecutionNotifications ?? [];
      assert.ok(notes.some((n) => /lib\/binary\.js: binary/.test(n.message.text)), JSON.stringify(notes));
      assert.equal(run.invocations?.[0].executionSuccessful, true);
    });

    it('gives a file outside the working directory an absolute file: URL, and a missing path an error notification', async () => {
      const { code, json: outside } = await runCliJson(['analyze', '--format', 'sarif', project.dir, 'no-such-dir'], PROJECT);
      assertValidSarif(outside);
      assert.equal(code, 2);
      const location = outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
      assert.equal(location.uriBaseId, undefined);
      assert.match(location.uri, /^file:\/\/\/.+\/my%20src\/%231%20100%25\/server\.ts$/);
      const invocation = outside.runs[0].invocations![0] as { executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> };
      assert.equal(invocation.executionSuccessful, false);
      const missing = invocation.toolExecutionNotifications.find((n) => n.message.text.startsWith('no-such-dir:'));
      assert.equal(missing?.level, 'error');
    });
  });
});
