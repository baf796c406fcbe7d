// Quick fixes for this extension's diagnostics, found through the diagnostic's `code`: the
// rewrite fixes a finding offers (edits computed lazily in the worker), "Disable for this
// line" and "Show documentation".
import * as vscode from 'vscode';
import type { Finding } from '../analysis/types';
import type { AnalysisClient } from './analysis-client';
import { fixToWorkspaceEdit, ruleOf, toRange, toWorkspaceEdit } from './convert';
import type { DocumentAnalyzer } from './documents';
import { disableNextLineEdit } from './pragma-edit';

/** A rewrite fix whose edit is computed on resolve. */
class RewriteAction extends vscode.CodeAction {
  constructor(
    title: string,
    readonly document: vscode.TextDocument,
    readonly finding: Finding,
    readonly fixId: string,
    readonly version = document.version,
  ) {
    super(title, vscode.CodeActionKind.QuickFix);
  }
}

export class FindingCodeActionProvider implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly documents: DocumentAnalyzer,
    private readonly client: AnalysisClient,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const report = this.documents.lastReport(document.uri);
    for (const diagnostic of context.diagnostics) {
      const rule = ruleOf(diagnostic);
      if (!rule) continue;
      const finding = report?.findings.find((f) => f.rule === rule && toRange(f.span, document).isEqual(diagnostic.range));
      for (const [index, fix] of (finding?.fixes ?? []).entries()) {
        const action = new RewriteAction(fix.title, document, finding!, fix.id);
        action.diagnostics = [diagnostic];
        action.isPreferred = index === 0;
        actions.push(action);
      }
      const lineStart = document.offsetAt(new vscode.Position(diagnostic.range.start.line, 0));
      const pragma = disableNextLineEdit(document.getText(), lineStart, rule);
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
    return actions;
  }

  async resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): Promise<vscode.CodeAction> {
    if (!(action instanceof RewriteAction)) return action;
    const { document, finding, fixId } = action;
    // The finding's offsets describe the text it was found in.
    if (document.version !== action.version) return action;
    const fixes = await this.client.request({
      type: 'fixes',
      path: document.uri.fsPath,
      text: document.getText(),
      finding,
      fixId,
    });
    if (!token.isCancellationRequested && document.version === action.version && fixes[0]) action.edit = fixToWorkspaceEdit(document, fixes[0]);
    return action;
  }
}
