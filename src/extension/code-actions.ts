// Quick fixes for this extension's diagnostics, found through the diagnostic's `code`: the
// rewrite fixes a finding offers (computed and checked in the worker when the light bulb
// asks), each with an "… and add p-map to package.json" twin when the nearest package.json
// lacks the package it needs, "Disable for this line" and "Show documentation"; on a
// selection, "Move to a worker pool" as a refactoring with a preview.
import * as vscode from 'vscode';
import { dependencyNote, withDependency } from '../rewrite/package-json';
import type { AnalysisClient } from './analysis-client';
import { fixToWorkspaceEdit, fixWithDependencyToWorkspaceEdit, ruleOf, toRange, toWorkspaceEdit } from './convert';
import type { DocumentAnalyzer } from './documents';
import { disableNextLineEdit } from './pragma-edit';
import type { FixEdits } from './worker-protocol';

/** The light bulb menu shows titles as plain text: drop the Markdown code marks. */
function plainTitle(title: string): string {
  return title.replace(/`/g, '');
}

/** package.json as the editor has it: the open document (unsaved changes included), else the file. */
async function readPackageJson(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * "… and add p-map to package.json": the fix and the dependency it needs in one WorkspaceEdit,
 * or undefined when package.json cannot be read or parsed, or already lists it (unsaved edits count).
 */
async function withDependencyAction(document: vscode.TextDocument, fix: FixEdits, kind: vscode.CodeActionKind): Promise<vscode.CodeAction | undefined> {
  const needs = fix.dependency;
  if (!needs) return undefined;
  const uri = vscode.Uri.file(needs.packageJson);
  const text = await readPackageJson(uri);
  if (text === undefined) return undefined;
  let updated: string;
  try {
    updated = withDependency(text, needs.name, needs.version);
  } catch {
    return undefined;
  }
  if (updated === text) return undefined;
  const title = `${plainTitle(fix.title).replace(plainTitle(dependencyNote(needs.name)), '')} and add ${needs.name} to package.json`;
  const action = new vscode.CodeAction(title, kind);
  action.edit = fixWithDependencyToWorkspaceEdit(document, fix, uri, text, updated);
  return action;
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
          const kind = fix.kind === 'refactor' ? vscode.CodeActionKind.RefactorMove : vscode.CodeActionKind.QuickFix;
          const action = new vscode.CodeAction(plainTitle(fix.title), kind);
          action.edit = fixToWorkspaceEdit(document, fix);
          action.diagnostics = [diagnostic];
          action.isPreferred = index === 0 && fix.kind === 'quickfix';
          actions.push(action);
          const withPackage = await withDependencyAction(document, fix, kind);
          if (token.isCancellationRequested || document.version !== version) return [];
          if (withPackage) {
            withPackage.diagnostics = [diagnostic];
            actions.push(withPackage);
          }
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
        const withPackage = await withDependencyAction(document, fix, vscode.CodeActionKind.RefactorMove);
        if (token.isCancellationRequested || document.version !== version) return [];
        if (withPackage) actions.push(withPackage);
      }
    }
    return actions;
  }
}
