// Quick fixes for this extension's diagnostics, found through the diagnostic's `code`: the
// rewrite fixes a finding offers (computed and checked in the worker when the light bulb
// asks), "Disable for this line" and "Show documentation"; on a selection, "Move to a
// worker pool" as a refactoring with a preview.
import * as vscode from 'vscode';
import type { AnalysisClient } from './analysis-client';
import { fixToWorkspaceEdit, ruleOf, toRange, toWorkspaceEdit } from './convert';
import type { DocumentAnalyzer } from './documents';
import { disableNextLineEdit } from './pragma-edit';

/** The light bulb menu shows titles as plain text: drop the Markdown code marks. */
function plainTitle(title: string): string {
  return title.replace(/`/g, '');
}

export class FindingCodeActionProvider implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorMove],
  };

  constructor(
    private readonly documents: DocumentAnalyzer,
    private readonly client: AnalysisClient,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const report = this.documents.lastReport(document.uri);
    const version = document.version;
    const text = document.getText();
    for (const diagnostic of context.diagnostics) {
      const rule = ruleOf(diagnostic);
      if (!rule) continue;
      const finding = report?.findings.find((f) => f.rule === rule && toRange(f.span, document).isEqual(diagnostic.range));
      if (finding) {
        // The worker re-parses and re-analyses each fix's output before offering it.
        const fixes = await this.client.request({ type: 'fixes', path: document.uri.fsPath, text, finding });
        if (token.isCancellationRequested || document.version !== version) return [];
        for (const [index, fix] of fixes.entries()) {
          const action = new vscode.CodeAction(plainTitle(fix.title), fix.kind === 'refactor' ? vscode.CodeActionKind.RefactorMove : vscode.CodeActionKind.QuickFix);
          action.edit = fixToWorkspaceEdit(document, fix);
          action.diagnostics = [diagnostic];
          action.isPreferred = index === 0 && fix.kind === 'quickfix';
          actions.push(action);
        }
      }
      const lineStart = document.offsetAt(new vscode.Position(diagnostic.range.start.line, 0));
      const pragma = disableNextLineEdit(text, lineStart, rule);
      if (pragma) {
        const disable = new vscode.CodeAction(`Disable ${rule} for this line`, vscode.CodeActionKind.QuickFix);
        disable.edit = toWorkspaceEdit(document, [pragma]);
        disable.diagnostics = [diagnostic];
        actions.push(disable);
      }
      const docs = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
      docs.command = { title: docs.title, command: 'workloadHints.showRuleDocumentation', arguments: [rule] };
      actions.push(docs);
    }
    // On a selection: "Move to a worker pool" for the CPU-bound function it is in.
    const wantsRefactor = !context.only || context.only.contains(vscode.CodeActionKind.RefactorMove) || vscode.CodeActionKind.RefactorMove.contains(context.only);
    if (wantsRefactor && !range.isEmpty && !actions.some((a) => a.kind?.value === vscode.CodeActionKind.RefactorMove.value)) {
      const refactors = await this.client.request({
        type: 'refactors', path: document.uri.fsPath, text, start: document.offsetAt(range.start), end: document.offsetAt(range.end),
      });
      if (token.isCancellationRequested || document.version !== version) return [];
      for (const fix of refactors) {
        const action = new vscode.CodeAction(plainTitle(fix.title), vscode.CodeActionKind.RefactorMove);
        action.edit = fixToWorkspaceEdit(document, fix);
        actions.push(action);
      }
    }
    return actions;
  }
}
