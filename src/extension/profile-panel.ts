// The profile panel's editor side: the `workloadHints.profileFunction` command, the webview
// panel and its serializer, hot-line decorations, and the bridge to the profiler, which runs
// in a worker thread (dist/profile-worker.js) so this host never loads typescript.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FunctionInfo } from '../profile/host-protocol';
import { ProfileHost } from '../profile/host-client';
import type { ProfileProgress, ProfileResult } from '../profile/types';
import { createNonce, renderPanelHtml } from '../webview/html';
import { emptyState, isFromWebview, isPanelState, VIEW_TYPE, type FromWebview, type PanelState, type PanelTarget, type ToWebview } from '../webview/protocol';

export const PROFILE_COMMAND = 'workloadHints.profileFunction';
export const CLEAR_HIGHLIGHTS_COMMAND = 'workloadHints.clearProfileHighlights';
const ARGS_MEMORY_KEY = 'workloadHints.profile.args';

export interface ProfileSettings {
  /** Node binary for the child; empty: `node` on the PATH (the editor's own binary is Electron). */
  nodePath: string;
  runs: number;
  timeoutMs: number;
  /** K of the what-if comparison; 0 skips it. */
  concurrency: number;
}

export interface ProfilePanelDeps {
  /** Applies the recommended quick fix of the function (the rewrite layer). Absent: the button explains it is not available. */
  applyRecommendedFix?(uri: vscode.Uri, functionName: string, line: number): unknown;
  /** The `workloadHints.profile.*` settings; by default read here. */
  readSettings?(): ProfileSettings;
  log?: vscode.LogOutputChannel;
}

function defaultSettings(): ProfileSettings {
  const config = vscode.workspace.getConfiguration('workloadHints.profile');
  const int = (key: string, fallback: number, min: number) => {
    const value = config.get<number>(key);
    return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback;
  };
  return {
    nodePath: config.get<string>('nodePath', '') ?? '',
    runs: int('runs', 5, 1),
    timeoutMs: int('timeoutMs', 10_000, 100),
    concurrency: int('concurrency', 4, 0),
  };
}

/** Where each phase sits on the progress bar (0..1). */
function progressFraction(p: ProfileProgress): number {
  const within = (from: number, to: number) => from + ((to - from) * Math.min(p.index, p.total)) / Math.max(1, p.total);
  switch (p.phase) {
    case 'bundle':
      return 0.05;
    case 'load':
      return 0.1;
    case 'warmup':
      return within(0.1, 0.2);
    case 'run':
      return within(0.2, 0.6);
    case 'profile':
      return within(0.6, 0.75);
    case 'what-if':
      return within(0.75, 1);
  }
}

/** Registers the command, the clear-highlights command, the panel serializer and the decorations. */
export function registerProfilePanel(context: vscode.ExtensionContext, deps: ProfilePanelDeps = {}): vscode.Disposable {
  const controller = new ProfilePanelController(context, deps);
  const disposable = vscode.Disposable.from(
    controller,
    vscode.commands.registerCommand(PROFILE_COMMAND, (uri?: unknown, functionName?: unknown, line?: unknown) =>
      controller.profileCommand(uri instanceof vscode.Uri ? uri : undefined, typeof functionName === 'string' ? functionName : undefined, typeof line === 'number' ? line : undefined),
    ),
    vscode.commands.registerCommand(CLEAR_HIGHLIGHTS_COMMAND, () => controller.clearDecorations()),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => controller.revive(panel, state),
    }),
  );
  context.subscriptions.push(disposable);
  return disposable;
}

class ProfilePanelController implements vscode.Disposable {
  private readonly host: ProfileHost;
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private state: PanelState = emptyState();
  private runId = 0;
  private running: AbortController | undefined;
  private readonly decoration: vscode.TextEditorDecorationType;
  /** Hot lines shown in editors: file → (line, share). */
  private highlights = new Map<string, Array<{ line: number; share: number }>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: ProfilePanelDeps,
  ) {
    this.host = new ProfileHost(vscode.Uri.joinPath(context.extensionUri, 'dist', 'profile-worker.js').fsPath);
    this.decoration = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground') },
    });
    this.disposables.push(this.decoration, vscode.window.onDidChangeVisibleTextEditors(() => this.applyDecorations()));
  }

  private get settings(): ProfileSettings {
    return (this.deps.readSettings ?? defaultSettings)();
  }

  /**
   * Resolves to the run's result once it finishes (what the integration tests check), or to
   * undefined when nothing ran: restricted mode, no function, arguments still to be typed, a
   * failure, or a run replaced by a newer one.
   */
  async profileCommand(uri?: vscode.Uri, functionName?: string, line?: number): Promise<ProfileResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      const choice = await vscode.window.showWarningMessage(
        "Profiling runs the function's code in a Node process, so it is disabled in Restricted Mode. Trust this workspace to profile it.",
        manage,
      );
      if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const editor = vscode.window.activeTextEditor;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Open a TypeScript or JavaScript file and put the cursor in a function to profile it.');
      return;
    }
    if (document.uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('Save the file first: only files on disk can be profiled (their imports are resolved from there).');
      return;
    }
    const cursorLine = line ?? (editor && editor.document === document ? editor.selection.active.line + 1 : undefined);
    let described: { info?: FunctionInfo; reason?: string };
    try {
      described = await this.host.describe(document.uri.fsPath, document.getText(), functionName, cursorLine);
    } catch (err) {
      void vscode.window.showErrorMessage(`Workload Hints could not read the function: ${(err as Error).message}`);
      return;
    }
    if (!described.info) {
      void vscode.window.showInformationMessage(`Nothing to profile here: ${described.reason ?? 'no function found'}.`);
      return;
    }
    const info = described.info;
    const target: PanelTarget = {
      file: document.uri.fsPath,
      relativePath: vscode.workspace.asRelativePath(document.uri, false),
      functionName: info.name,
      line: info.line,
      staticLabel: info.staticLabel,
      recommendation: info.recommendation,
    };
    const remembered = this.rememberedArgs(target);
    const args = remembered ?? info.args.text;
    this.cancelRun();
    this.state = { ...emptyState(), target, args, argsSource: remembered !== undefined ? 'remembered' : info.args.source, decorations: this.highlights.size > 0 };
    this.showPanel();
    this.post({ type: 'state', state: this.state });
    // Run at once unless the user still has to type the arguments.
    if (remembered !== undefined || info.args.source !== 'none') return this.run(args);
    return undefined;
  }

  /** Revives a panel after a reload; a run in flight does not survive it. */
  revive(panel: vscode.WebviewPanel, saved: unknown): void {
    this.state = isPanelState(saved) ? { ...saved, running: undefined } : emptyState();
    this.adopt(panel);
  }

  private showPanel(): void {
    if (this.panel) {
      this.panel.title = this.title();
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    this.adopt(panel);
  }

  private title(): string {
    return this.state.target ? `Profile: ${this.state.target.functionName}` : 'Profile';
  }

  private adopt(panel: vscode.WebviewPanel): void {
    const extension = this.context.extensionUri;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extension, 'media'), vscode.Uri.joinPath(extension, 'dist')],
    };
    const asUri = (...segments: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extension, ...segments)).toString();
    panel.webview.html = renderPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      codiconUri: asUri('dist', 'codicons', 'codicon.css'),
      title: this.title(),
    });
    this.panel = panel;
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => {
        this.cancelRun();
        this.panel = undefined;
        vscode.Disposable.from(...this.panelDisposables).dispose();
        this.panelDisposables = [];
      }),
    ];
  }

  private post(message: ToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private onMessage(message: unknown): void {
    if (!isFromWebview(message)) {
      this.deps.log?.warn(`profile panel: ignored an invalid message ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    const handlers: { [K in FromWebview['type']]: (m: Extract<FromWebview, { type: K }>) => unknown } = {
      ready: () => this.post({ type: 'state', state: this.state }),
      run: (m) => this.run(m.args),
      cancel: () => this.cancelRun(),
      argsChanged: (m) => {
        this.state = { ...this.state, args: m.args, argsSource: 'typed' };
        this.rememberArgs(m.args);
      },
      reveal: (m) => this.reveal(m.file, m.line),
      clearDecorations: () => this.clearDecorations(),
      applyFix: () => this.applyFix(),
    };
    void (handlers[message.type] as (m: FromWebview) => unknown)(message);
  }

  private async run(args: string): Promise<ProfileResult | undefined> {
    const target = this.state.target;
    // The page can ask for a run at any time (a revived panel, too): trust is checked each time.
    if (!target || !vscode.workspace.isTrusted) return undefined;
    this.cancelRun();
    const runId = ++this.runId;
    const abort = new AbortController();
    this.running = abort;
    this.state = { ...this.state, args, running: { runId, message: 'starting', fraction: 0 }, error: undefined };
    this.rememberArgs(args);
    this.post({ type: 'progress', progress: this.state.running! });

    const settings = this.settings;
    const uri = vscode.Uri.file(target.file);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === target.file);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Profiling ${target.functionName}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let last = 0;
          return this.host.profile(
            {
              file: target.file,
              functionName: target.functionName,
              line: target.line,
              args,
              sourceText: document?.isDirty ? document.getText() : undefined,
              runs: settings.runs,
              timeoutMs: settings.timeoutMs,
              concurrency: settings.concurrency,
              nodePath: settings.nodePath || undefined,
              cwd: folder?.uri.fsPath ?? path.dirname(target.file),
              staticLabel: target.staticLabel,
            },
            {
              signal: abort.signal,
              onProgress: (p) => {
                if (runId !== this.runId) return;
                const fraction = progressFraction(p);
                progress.report({ message: p.message, increment: Math.max(0, (fraction - last) * 100) });
                last = fraction;
                this.state = { ...this.state, running: { runId, message: p.message, fraction } };
                this.post({ type: 'progress', progress: this.state.running! });
              },
            },
          );
        },
      );
      if (runId !== this.runId) return undefined;
      this.finishRun(runId, result);
      return result;
    } catch (err) {
      if (runId !== this.runId) return undefined;
      this.running = undefined;
      const message = `The profiler failed: ${(err as Error).message}`;
      this.deps.log?.error(message);
      this.state = { ...this.state, running: undefined, error: message };
      this.post({ type: 'failed', runId, message });
      return undefined;
    }
  }

  private finishRun(runId: number, result: ProfileResult): void {
    this.running = undefined;
    this.state = { ...this.state, running: undefined, result };
    this.post({ type: 'result', runId, result });
    if (result.outcome === 'ok') {
      this.highlights = new Map();
      for (const hot of result.hotLines) {
        this.highlights.set(hot.file, [...(this.highlights.get(hot.file) ?? []), { line: hot.line, share: hot.share }]);
      }
      this.applyDecorations();
    }
  }

  /** A second run replaces the first: the first one's process tree is killed. */
  private cancelRun(): void {
    if (!this.running) return;
    this.running.abort();
    this.running = undefined;
    this.runId++;
    this.state = { ...this.state, running: undefined };
  }

  private applyDecorations(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const lines = this.highlights.get(editor.document.uri.fsPath) ?? [];
      // Several hot entries can share a line (own samples and calls out of it): add them up.
      const byLine = new Map<number, number>();
      for (const l of lines) byLine.set(l.line, (byLine.get(l.line) ?? 0) + l.share);
      editor.setDecorations(
        this.decoration,
        [...byLine]
          .map(([line, share]) => ({ line, share }))
          .filter((l) => l.line <= editor.document.lineCount)
          .map((l) => ({
            range: editor.document.lineAt(l.line - 1).range,
            hoverMessage: `Workload Hints profile: ${Math.round(l.share * 100)}% of the CPU samples landed on this line`,
            renderOptions: { after: { contentText: `▮ ${Math.round(l.share * 100)}% of CPU samples` } },
          })),
      );
    }
    const shown = this.highlights.size > 0;
    if (this.state.decorations !== shown) {
      this.state = { ...this.state, decorations: shown };
      this.post({ type: 'decorations', shown });
    }
  }

  clearDecorations(): void {
    this.highlights = new Map();
    this.applyDecorations();
  }

  /** Opens a file the panel showed (the target, a hot line or an error frame), never any other. */
  private async reveal(file: string, line: number): Promise<void> {
    const result = this.state.result;
    const known = new Set<string>([this.state.target?.file ?? '', ...(result?.hotLines.map((h) => h.file) ?? []), result?.error?.location?.file ?? '']);
    if (!known.has(file)) {
      this.deps.log?.warn(`profile panel: refused to reveal ${file}, which the panel did not show`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const position = new vscode.Position(Math.min(line, document.lineCount) - 1, 0);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  }

  private async applyFix(): Promise<void> {
    const target = this.state.target;
    if (!target) return;
    if (!this.deps.applyRecommendedFix) {
      void vscode.window.showInformationMessage('Applying the recommended fix from the profile panel is not available in this build; use the quick fix (Ctrl+.) on the function.');
      return;
    }
    await this.deps.applyRecommendedFix(vscode.Uri.file(target.file), target.functionName, target.line);
  }

  private argsKey(target: PanelTarget): string {
    return `${target.file}#${target.functionName}`;
  }

  private rememberedArgs(target: PanelTarget): string | undefined {
    return this.context.workspaceState.get<Record<string, string>>(ARGS_MEMORY_KEY, {})[this.argsKey(target)];
  }

  private rememberArgs(args: string): void {
    const target = this.state.target;
    if (!target) return;
    const memory = { ...this.context.workspaceState.get<Record<string, string>>(ARGS_MEMORY_KEY, {}), [this.argsKey(target)]: args };
    void this.context.workspaceState.update(ARGS_MEMORY_KEY, memory);
  }

  dispose(): void {
    this.cancelRun();
    this.panel?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
    void this.host.dispose();
  }
}
