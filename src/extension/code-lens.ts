// A code lens above each function whose label is not neutral: the label and its main reason,
// plus a "Profile" lens once the profile feature registers `workloadHints.profileFunction`.
import * as vscode from 'vscode';
import { toRange } from './convert';
import type { DocumentAnalyzer } from './documents';
import { lensTitle } from './labels';

export const PROFILE_CONTEXT_KEY = 'workloadHints.profileAvailable';

export class FunctionCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private profileAvailable = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly documents: DocumentAnalyzer,
    private enabled: boolean,
  ) {
    this.subscription = documents.onDidAnalyze(() => this.changed.fire());
  }

  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    this.changed.fire();
  }

  /**
   * Hook for the profile feature: call with true after registering the
   * `workloadHints.profileFunction` command (arguments: document URI, function name, 1-based line).
   */
  get isProfileAvailable(): boolean {
    return this.profileAvailable;
  }

  setProfileAvailable(available: boolean): void {
    this.profileAvailable = available;
    void vscode.commands.executeCommand('setContext', PROFILE_CONTEXT_KEY, available);
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.enabled) return [];
    const report = await this.documents.reportFor(document, token);
    if (!report || token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const fn of report.functions) {
      if (fn.label === 'neutral' || fn.kind === 'module') continue;
      const range = toRange(fn.nameSpan, document);
      lenses.push(
        new vscode.CodeLens(range, {
          title: lensTitle(fn),
          tooltip: `Why ${fn.name} is labelled this way`,
          command: 'workloadHints.showFunctionDetails',
          arguments: [document.uri, fn.nameSpan.start],
        }),
      );
      if (this.profileAvailable) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(debug-start) Profile',
            tooltip: `Run ${fn.name} and measure CPU time against wall time`,
            command: 'workloadHints.profileFunction',
            arguments: [document.uri, fn.name, fn.line],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
