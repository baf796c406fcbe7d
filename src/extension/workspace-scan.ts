// "Workload Hints: Analyze Workspace": finds every TS/JS file (honouring .gitignore,
// `files.exclude` and `workloadHints.exclude`), analyses them in dedicated workers (one per
// spare core) with a cancellable progress notification, and publishes the findings.
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import type { Label } from '../analysis/types';
import { AnalysisClient } from './analysis-client';
import { readSettings } from './config';
import type { DocumentAnalyzer } from './documents';
import { joinGlobs } from './globs';
import { LABEL_TEXT } from './labels';

const INCLUDE = '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}';
/** Declaration files match INCLUDE but hold no code to analyse. */
const DECLARATIONS = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];
const MAX_FILES = 200_000;
const BATCH_SIZE = 40;
const MAX_WORKERS = 4;

export interface ScanSummary {
  files: number;
  analyzed: number;
  skipped: number;
  functions: Record<Label, number>;
  findings: number;
  durationMs: number;
  /**
   * Of `durationMs`: finding and filtering the files; the workers' answers (from each request to
   * its answer, summed over requests, which overlap with publishing); publishing.
   */
  phases: { findMs: number; analyzeMs: number; publishMs: number };
  cancelled: boolean;
}

export async function analyzeWorkspace(
  documents: DocumentAnalyzer,
  workerScript: string,
  log: vscode.LogOutputChannel,
): Promise<ScanSummary | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Workload Hints: open a folder to analyse a workspace.');
    return undefined;
  }
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Workload Hints', cancellable: true },
    (progress, token) => scan(folders, documents, workerScript, log, progress, token),
  );
  const text = describeSummary(summary);
  const { findMs, analyzeMs, publishMs } = summary.phases;
  log.info(
    `workspace scan: ${text} (${summary.skipped} skipped; finding files ${Math.round(findMs)} ms, ` +
    `waiting for the workers ${Math.round(analyzeMs)} ms, publishing ${Math.round(publishMs)} ms)`,
  );
  void vscode.window.showInformationMessage(`Workload Hints: ${text}`, 'Show Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return summary;
}

/** E.g. "Analysed 120 of 120 files in 3.2 s: 14 CPU-bound, 30 I/O-bound and 2 mixed functions; 25 findings." */
function describeSummary(summary: ScanSummary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const labels = (['cpu', 'io', 'mixed'] as const)
    .filter((label) => summary.functions[label] > 0)
    .map((label) => `${summary.functions[label]} ${label === 'mixed' ? 'mixed' : LABEL_TEXT[label]}`);
  const total = summary.functions.cpu + summary.functions.io + summary.functions.mixed;
  const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
  const functions = total === 0 ? 'no CPU- or I/O-bound functions' : `${list} function${total === 1 ? '' : 's'}`;
  return (
    `${summary.cancelled ? 'Cancelled after' : 'Analysed'} ${summary.analyzed} of ${plural(summary.files, 'file')} in ` +
    `${(summary.durationMs / 1000).toFixed(1)} s: ${functions}; ${plural(summary.findings, 'finding')}.`
  );
}

async function scan(
  folders: readonly vscode.WorkspaceFolder[],
  documents: DocumentAnalyzer,
  workerScript: string,
  log: vscode.LogOutputChannel,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<ScanSummary> {
  const started = performance.now();
  const summary: ScanSummary = {
    files: 0,
    analyzed: 0,
    skipped: 0,
    functions: { cpu: 0, io: 0, mixed: 0, neutral: 0 },
    findings: 0,
    durationMs: 0,
    phases: { findMs: 0, analyzeMs: 0, publishMs: 0 },
    cancelled: false,
  };
  // One worker per spare core (up to 4); the extension host thread only dispatches batches.
  const clients = Array.from(
    { length: Math.max(1, Math.min(MAX_WORKERS, availableParallelism() - 1)) },
    (_, i) => new AnalysisClient(workerScript, (line) => log.info(`[scan ${i + 1}] ${line}`)),
  );
  const cancel = token.onCancellationRequested(() => clients.forEach((client) => client.terminate()));
  try {
    const settings = readSettings();
    progress.report({ message: 'finding files…' });
    const files: string[] = [];
    for (const folder of folders) {
      const filesExclude = vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude', {});
      const exclude = joinGlobs([
        ...Object.entries(filesExclude)
          .filter(([, on]) => on === true)
          .map(([glob]) => glob),
        ...settings.exclude,
        ...DECLARATIONS,
      ]);
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, INCLUDE), exclude ?? null, MAX_FILES, token);
      if (token.isCancellationRequested) break;
      const paths = uris.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath).sort();
      files.push(...(await clients[0].request({ type: 'filterIgnored', root: folder.uri.fsPath, paths })));
    }
    summary.files = files.length;
    summary.phases.findMs = performance.now() - started;
    let next = 0;
    let done = 0;
    const request = (client: AnalysisClient) => {
      if (next >= files.length || token.isCancellationRequested) return undefined;
      const batch = files.slice(next, next + BATCH_SIZE);
      next += batch.length;
      const sent = performance.now();
      const answer = client.request({ type: 'analyzeFiles', paths: batch, options: settings.analyze }).then((results) => {
        summary.phases.analyzeMs += performance.now() - sent;
        return results;
      });
      // Awaited only after the batch before it is published: a cancellation may reject it first.
      answer.catch(() => undefined);
      return answer;
    };
    const drain = async (client: AnalysisClient) => {
      // The worker analyses the next batch while this one is published.
      let pending = request(client);
      while (pending) {
        const results = await pending;
        pending = request(client);
        const publishing = performance.now();
        await documents.publishScanned(results);
        summary.phases.publishMs += performance.now() - publishing;
        for (const result of results) {
          if (result.kind === 'skipped') {
            summary.skipped++;
            continue;
          }
          summary.analyzed++;
          summary.findings += result.report.findings.length;
          for (const fn of result.report.functions) if (fn.kind !== 'module') summary.functions[fn.label]++;
        }
        done += results.length;
        progress.report({ message: `${done} / ${files.length} files`, increment: (results.length / files.length) * 100 });
      }
    };
    await Promise.all(clients.map(drain));
  } catch (error) {
    if (!token.isCancellationRequested) throw error;
  } finally {
    cancel.dispose();
    clients.forEach((client) => client.dispose());
  }
  summary.cancelled = token.isCancellationRequested;
  summary.durationMs = performance.now() - started;
  return summary;
}
