// `analyze --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it — one run, the
// rules with help text and links, one result per finding with a physical location.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type Severity } from '../analysis';
import type { AnalysisRun } from './analysis-run';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/workload-hints/workload-hints';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function pascalCase(id: string): string {
  return id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/**
 * A display path as a SARIF artifact location: relative paths become percent-encoded URI
 * references under %SRCROOT% (a space or `#` in a folder name would otherwise make the URI
 * invalid), absolute ones (files outside the working directory) become file: URLs.
 */
function toArtifactLocation(displayPath: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(displayPath)) return { uri: pathToFileURL(displayPath).href };
  return { uri: displayPath.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function toSarif(run: AnalysisRun, version: string, cwd: string): object {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const results = run.reports.flatMap((report) => report.findings.map((finding) => ({
    ruleId: finding.rule,
    ruleIndex: ruleIndex.get(finding.rule),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{
      physicalLocation: {
        artifactLocation: toArtifactLocation(report.path),
        region: {
          startLine: finding.span.line, startColumn: finding.span.column,
          endLine: finding.span.endLine, endColumn: finding.span.endColumn,
        },
      },
      logicalLocations: [{ name: finding.function, kind: 'function' }],
    }],
    properties: { severity: finding.severity, fixes: finding.fixes.map((f) => f.id) },
  })));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'workload-hints',
          semanticVersion: version,
          informationUri: INFORMATION_URI,
          rules: RULES.map((rule) => ({
            id: rule.id,
            name: pascalCase(rule.id),
            shortDescription: { text: rule.description.split(/(?<=[.:;])\s/)[0] },
            fullDescription: { text: rule.description },
            helpUri: rule.docs,
            help: {
              text: `${rule.description} See ${rule.docs}`,
              markdown: `${rule.description}\n\n[Documentation, examples and quick fixes](${rule.docs})`,
            },
            defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            properties: { tags: ['performance', 'concurrency'], precision: 'high' },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
      invocations: [{
        executionSuccessful: run.errors.length === 0,
        toolExecutionNotifications: [
          ...run.skipped.map((s) => ({ ...s, level: 'note' })),
          ...run.errors.map((s) => ({ ...s, level: 'error' })),
        ].map((s) => ({
          level: s.level,
          message: { text: `${s.path}: ${s.reason}` },
          locations: [{ physicalLocation: { artifactLocation: toArtifactLocation(s.path) } }],
        })),
      }],
      results,
    }],
  };
}
