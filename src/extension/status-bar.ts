// The status bar item for the active file: how many functions carry each label; a click
// opens the Problems panel.
import * as vscode from 'vscode';
import type { FileReport, Label } from '../analysis/types';
import type { DocumentAnalyzer } from './documents';
import { LABEL_ICON, LABEL_SHORT, LABEL_TEXT } from './labels';

const SHOWN: readonly Label[] = ['cpu', 'io', 'mixed'];

export class LabelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('workloadHints.labels', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly documents: DocumentAnalyzer) {
    this.item.name = 'Workload Hints';
    this.item.command = 'workloadHints.showProblems';
    this.subscriptions = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      documents.onDidAnalyze((event) => {
        if (event.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
      }),
    ];
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const report = document && this.documents.isAnalyzable(document) ? this.documents.lastReport(document.uri) : undefined;
    if (!report) {
      this.item.hide();
      return;
    }
    const counts = countLabels(report);
    const parts = SHOWN.filter((label) => counts[label] > 0).map((label) => `$(${LABEL_ICON[label]}) ${counts[label]} ${LABEL_SHORT[label]}`);
    this.item.text = parts.length > 0 ? parts.join('  ') : '$(check) no CPU/I/O hot spots';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Workload Hints** for this file\n\n');
    for (const label of [...SHOWN, 'neutral'] as Label[]) tooltip.appendMarkdown(`- ${LABEL_TEXT[label]}: ${counts[label]}\n`);
    const findings = report.findings.length;
    tooltip.appendMarkdown(
      `\n${findings} finding${findings === 1 ? '' : 's'}. Click to open the Problems panel; type \`workload-hints\` in its filter to see only these.`,
    );
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

function countLabels(report: FileReport): Record<Label, number> {
  const counts: Record<Label, number> = { cpu: 0, io: 0, mixed: 0, neutral: 0 };
  for (const fn of report.functions) if (fn.kind !== 'module') counts[fn.label]++;
  return counts;
}
