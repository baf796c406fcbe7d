// Reads the `workloadHints.*` settings into the analyzer's options and the editor's switches.
import * as vscode from 'vscode';
import { DEFAULT_HOT_LOOP, DEFAULT_MAX_FILE_SIZE, RULE_IDS } from '../analysis/types';
import type { AnalyzeOptions, RuleId, SeveritySetting } from '../analysis/types';

export const SECTION = 'workloadHints';

export interface Settings {
  analyze: AnalyzeOptions;
  codeLens: boolean;
  /** Glob patterns of files neither analysed on open nor scanned. */
  exclude: string[];
  /** Milliseconds to wait after the last keystroke before analysing. */
  delayMs: number;
}

const SEVERITIES: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const severity: Partial<Record<RuleId, SeveritySetting>> = {};
  for (const rule of RULE_IDS) {
    const value = config.get<string>(`severity.${rule}`);
    if (value && (SEVERITIES as readonly string[]).includes(value)) severity[rule] = value as SeveritySetting;
  }
  return {
    analyze: {
      severity,
      hotLoop: {
        minIterations: positive(config.get('hotLoop.minIterations'), DEFAULT_HOT_LOOP.minIterations),
        minBodyCost: positive(config.get('hotLoop.minBodyCost'), DEFAULT_HOT_LOOP.minBodyCost),
      },
      maxFileSize: positive(config.get('maxFileSize'), DEFAULT_MAX_FILE_SIZE),
    },
    codeLens: config.get<boolean>('codeLens.enabled', true),
    exclude: config.get<string[]>('exclude', []).filter((glob) => typeof glob === 'string' && glob.length > 0),
    delayMs: Math.max(0, config.get<number>('diagnostics.delay', 200)),
  };
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
