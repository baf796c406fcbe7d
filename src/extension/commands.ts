// The palette commands (Analyze Workspace, Show Rule Documentation, Toggle Code Lens) and the
// internal ones behind the lens and the status bar item.
import * as vscode from 'vscode';
import { SECTION } from './config';
import type { DocumentAnalyzer } from './documents';
import { analyzeWorkspace } from './workspace-scan';

export interface CommandContext {
  extensionUri: vscode.Uri;
  workerScript: string;
  documents: DocumentAnalyzer;
  log: vscode.LogOutputChannel;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('workloadHints.analyzeWorkspace', () =>
      analyzeWorkspace(ctx.documents, ctx.workerScript, ctx.log),
    ),
    vscode.commands.registerCommand('workloadHints.showRuleDocumentation', (rule?: string) => showRuleDocumentation(ctx, rule)),
    vscode.commands.registerCommand('workloadHints.toggleCodeLens', toggleCodeLens),
    vscode.commands.registerCommand('workloadHints.showFunctionDetails', showFunctionDetails),
    vscode.commands.registerCommand('workloadHints.showProblems', showProblems),
  ];
}

/**
 * Opens a rule's page: the Markdown shipped in the extension (docs/rules/<id>.md) as a preview,
 * else its web address. Without a rule id, asks for one.
 * @returns the rule shown, or undefined when the pick was dismissed
 */
async function showRuleDocumentation(ctx: CommandContext, rule?: string): Promise<string | undefined> {
  const rules = await ctx.documents.ruleInfo();
  if (!rule) {
    const picked = await vscode.window.showQuickPick(
      [...rules.values()].map((info) => ({ label: info.id, description: info.defaultSeverity, detail: info.description })),
      { title: 'Workload Hints: Show Rule Documentation', placeHolder: 'Rule' },
    );
    rule = picked?.label;
  }
  if (!rule) return undefined;
  const local = vscode.Uri.joinPath(ctx.extensionUri, 'docs', 'rules', `${rule}.md`);
  const hasLocal = await vscode.workspace.fs.stat(local).then(
    () => true,
    () => false,
  );
  if (hasLocal) {
    await vscode.commands.executeCommand('markdown.showPreview', local);
  } else {
    const docs = rules.get(rule)?.docs;
    if (!docs) {
      void vscode.window.showWarningMessage(`Workload Hints: no documentation for rule "${rule}".`);
      return undefined;
    }
    await vscode.env.openExternal(vscode.Uri.parse(docs));
  }
  return rule;
}

/** Flips `workloadHints.codeLens.enabled` where it is set (workspace first, else user settings). */
async function toggleCodeLens(): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const enabled = !config.get<boolean>('codeLens.enabled', true);
  const inspected = config.inspect<boolean>('codeLens.enabled');
  const target =
    inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await config.update('codeLens.enabled', enabled, target);
  return enabled;
}

/** Puts the cursor on a function's name and shows its hover (the lens's click). */
async function showFunctionDetails(uri: vscode.Uri, offset: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const position = document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
}

/**
 * Opens the Problems panel with its filter focused. VS Code has no API to set the filter text,
 * so the status bar tooltip tells what to type (`workload-hints`).
 */
async function showProblems(): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await vscode.commands.executeCommand('problems.action.focusFilter');
}
