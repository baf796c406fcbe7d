// Entry of the VS Code extension: wires the analyzer (in a worker thread) to diagnostics,
// lenses, hovers, quick fixes, the status bar and commands. Holds no analysis logic and does
// not load typescript: the worker does.
import * as vscode from 'vscode';
import type { FileReport } from '../analysis/types';
import { AnalysisClient } from './analysis-client';
import { FindingCodeActionProvider } from './code-actions';
import { FunctionCodeLensProvider } from './code-lens';
import { registerCommands } from './commands';
import { SECTION, readSettings } from './config';
import { DOCUMENT_SELECTOR, DocumentAnalyzer, type AnalysisEvent } from './documents';
import { FunctionHoverProvider } from './hover';
import { fixToWorkspaceEdit } from './convert';
import { registerProfilePanel } from './profile-panel';
import { LabelStatusBar } from './status-bar';

/** What `activate` returns: used by the integration tests and by the profile feature. */
export interface WorkloadHintsApi {
  /** Wall time of activation on the extension host thread: `moduleLoadMs + activateMs`. */
  activationMs: number;
  /** Evaluating dist/extension.js (from its first line to the end of this module). */
  moduleLoadMs: number;
  /** Running `activate()`. */
  activateMs: number;
  onDidAnalyze: vscode.Event<AnalysisEvent>;
  reportFor(document: vscode.TextDocument): Promise<FileReport | undefined>;
  /** Shows the "Profile" lens; call after registering `workloadHints.profileFunction`. */
  setProfileAvailable(available: boolean): void;
  /** Whether the "Profile" lens is shown. */
  isProfileAvailable(): boolean;
}

/** Set by the bundle's first line (scripts/build.mjs banner). */
declare const __workloadHintsLoadStart: number | undefined;
const moduleLoadMs = typeof __workloadHintsLoadStart === 'number' ? performance.now() - __workloadHintsLoadStart : 0;

export function activate(context: vscode.ExtensionContext): WorkloadHintsApi {
  const start = performance.now();
  const log = vscode.window.createOutputChannel('Workload Hints', { log: true });
  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'extension-worker.js').fsPath;
  const client = new AnalysisClient(workerScript, (line) => log.info(line));
  const documents = new DocumentAnalyzer(client, log);
  const lenses = new FunctionCodeLensProvider(documents, readSettings().codeLens);
  const startTimer = setTimeout(() => documents.start(), 0);

  context.subscriptions.push(
    log,
    { dispose: () => client.dispose() },
    { dispose: () => clearTimeout(startTimer) },
    documents,
    lenses,
    new LabelStatusBar(documents),
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new FunctionHoverProvider(documents)),
    vscode.languages.registerCodeActionsProvider(
      DOCUMENT_SELECTOR,
      new FindingCodeActionProvider(documents, client),
      FindingCodeActionProvider.metadata,
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      documents.reconfigure();
      lenses.setEnabled(readSettings().codeLens);
    }),
    ...registerCommands({ extensionUri: context.extensionUri, workerScript, documents, log }),
  );

  // The profile panel: "Apply recommended fix" applies the first checked fix of the function's findings.
  const applyRecommendedFix = async (uri: vscode.Uri, functionName: string): Promise<boolean> => {
    const document = await vscode.workspace.openTextDocument(uri);
    const report = await documents.reportFor(document);
    const text = document.getText();
    for (const finding of report?.findings.filter((f) => f.function === functionName) ?? []) {
      const [fix] = await client.request({ type: 'fixes', path: uri.fsPath, text, finding });
      if (fix && document.getText() === text) return vscode.workspace.applyEdit(fixToWorkspaceEdit(document, fix));
    }
    void vscode.window.showInformationMessage(`Workload Hints: no safe rewrite for \`${functionName}\` in its current form.`);
    return false;
  };
  context.subscriptions.push(registerProfilePanel(context, { log, applyRecommendedFix }));
  lenses.setProfileAvailable(true);

  const activateMs = performance.now() - start;
  const activationMs = moduleLoadMs + activateMs;
  log.info(`activated in ${activationMs.toFixed(1)} ms (module ${moduleLoadMs.toFixed(1)} ms, activate() ${activateMs.toFixed(1)} ms)`);
  return {
    activationMs,
    moduleLoadMs,
    activateMs,
    onDidAnalyze: documents.onDidAnalyze,
    reportFor: (document) => documents.reportFor(document),
    setProfileAvailable: (available) => lenses.setProfileAvailable(available),
    isProfileAvailable: () => lenses.isProfileAvailable,
  };
}

export function deactivate(): void {}
