// Keeps the analysis of every open TS/JS document current: debounces edits, sends the text
// and the changed range to the worker, drops results a newer edit made stale, and publishes
// diagnostics. Providers (lenses, hovers, actions) read reports from here.
import * as vscode from 'vscode';
import type { FileReport, Finding } from '../analysis/types';
import type { AnalysisClient } from './analysis-client';
import { composeChanges, enclosingChange } from './change-range';
import { readSettings, type Settings } from './config';
import { toDiagnostic, toRange } from './convert';
import { decodeList } from './report-delta';
import type {
  AnalysisTiming, AnalyzeDocumentRequest, ChangeRange, DocumentAnalysis, FileAnalysis, FindingsUpdate, ListBase, RuleInfo,
} from './worker-protocol';

export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;
const SCHEMES = ['file', 'untitled'];

export const DOCUMENT_SELECTOR: vscode.DocumentFilter[] = LANGUAGES.flatMap((language) =>
  SCHEMES.map((scheme) => ({ language, scheme })),
);

/** Published after each analysis whose result was used (not stale). */
export interface AnalysisEvent {
  uri: vscode.Uri;
  version: number;
  report: FileReport | undefined;
  skipped?: string;
  timing?: AnalysisTiming;
  /** From the change event (or request) to sending the text to the worker: debounce and queueing. */
  queuedMs: number;
  /** From sending the text to the worker (after the debounce) to the result, on the host. */
  roundTripMs: number;
  /** Rebuilding the findings and the report from the worker's lists, on the host. */
  applyMs: number;
  /** Handing the diagnostics to VS Code. */
  publishMs: number;
  /** From the change event of this version (or the analysis request) to its diagnostics handed to VS Code, debounce included. */
  findingsMs: number;
  /** From the change event of this version (or the analysis request) to the whole report (labels too), debounce included. */
  sinceChangeMs: number;
}

/** Findings of a version the worker sent ahead of its answer, and when they were published. */
interface EarlyFindings {
  version: number;
  findings: Finding[];
  syntaxErrors: FileReport['syntaxErrors'];
  applyMs: number;
  publishMs: number;
  /** Since the change, when the diagnostics were handed to VS Code; undefined when not yet. */
  findingsMs: number | undefined;
}

interface DocumentState {
  /** Version the worker has parsed last (its cache), and the edits made since then. */
  workerVersion: number | undefined;
  changeSinceWorker: ChangeRange | undefined;
  /** Cancels the scheduled analysis; undefined when none is scheduled. */
  timer: (() => void) | undefined;
  inFlight: boolean;
  /** Set when the document changed while a request was in flight. */
  rerun: boolean;
  report: FileReport | undefined;
  reportVersion: number;
  /** When the latest change (or the first request) arrived, for `sinceChangeMs`. */
  changedAt: number;
  /** The report of the worker's last answer (published or not): its next answer may refer to its items. */
  received: { version: number; report: FileReport } | undefined;
  /** The findings of the request in flight, sent ahead of its answer. */
  early: EarlyFindings | undefined;
  /** The diagnostics last published, by finding, so an unchanged finding keeps its object. */
  published: Map<string, vscode.Diagnostic>;
  /** The Diagnostic made for each finding object (the worker and the delta hand back unmoved ones). */
  byFinding: WeakMap<Finding, { id: string; diagnostic: vscode.Diagnostic }>;
  /** The diagnostics last published in each shard; undefined until the first publish. */
  shards: vscode.Diagnostic[][] | undefined;
}

/**
 * A file's diagnostics are spread over this many collections by function.
 * `DiagnosticCollection.set` converts and sends every diagnostic of the file on each call: 9 ms
 * per keystroke for the 501 findings of a 5,000-line file. Typing changes the findings of one
 * function, so only its shard is sent again. All shards carry the same `source`; only the
 * owner, which no API or view shows, differs.
 */
const SHARDS = 16;

function shardOf(functionName: string): number {
  let hash = 0;
  for (let i = 0; i < functionName.length; i++) hash = (Math.imul(hash, 31) + functionName.charCodeAt(i)) | 0;
  return (hash >>> 0) % SHARDS;
}

const EXTENSIONS: Record<string, string> = {
  typescript: '.ts',
  typescriptreact: '.tsx',
  javascript: '.js',
  javascriptreact: '.jsx',
};

export class DocumentAnalyzer implements vscode.Disposable {
  /** Shard 0 also holds the findings of files seen only by a workspace scan. */
  private readonly collections = Array.from({ length: SHARDS }, (_, shard) =>
    vscode.languages.createDiagnosticCollection(shard === 0 ? 'workload-hints' : `workload-hints-${shard}`),
  );
  private readonly states = new Map<string, DocumentState>();
  private readonly onDidAnalyzeEmitter = new vscode.EventEmitter<AnalysisEvent>();
  readonly onDidAnalyze = this.onDidAnalyzeEmitter.event;
  private settings: Settings = readSettings();
  private rules: Promise<Map<string, RuleInfo>> | undefined;
  /** The rules once loaded, for publishing synchronously when findings arrive. */
  private loadedRules: Map<string, RuleInfo> | undefined;
  /** Files whose diagnostics came from a workspace scan; they stay listed after closing. */
  private readonly scanned = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: AnalysisClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      ...this.collections,
      this.onDidAnalyzeEmitter,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onDidChange(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.onDidClose(document)),
      vscode.window.tabGroups.onDidChangeTabs((event) => this.onDidChangeTabs(event)),
    );
  }

  /** Starts analysing the documents already open (deferred: activation only wires). */
  start(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** Re-reads settings and re-analyses the documents being tracked or shown in a tab. */
  reconfigure(): void {
    this.settings = readSettings();
    const shown = shownInTabs();
    for (const document of vscode.workspace.textDocuments) {
      if (!this.states.has(key(document.uri)) && !shown.has(key(document.uri))) continue;
      if (!this.isAnalyzable(document)) this.forget(document, true);
      else this.schedule(document, 0);
    }
  }

  isAnalyzable(document: vscode.TextDocument): boolean {
    if (vscode.languages.match(DOCUMENT_SELECTOR, document) === 0) return false;
    return !this.settings.exclude.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  }

  /** The report for `document` as it is now, waiting (up to `timeoutMs`) for a pending analysis. */
  async reportFor(document: vscode.TextDocument, token?: vscode.CancellationToken, timeoutMs = 5000): Promise<FileReport | undefined> {
    const state = this.states.get(key(document.uri));
    if (state && state.reportVersion === document.version) return state.report;
    if (!this.isAnalyzable(document)) return undefined;
    if (!state || (!state.timer && !state.inFlight)) this.schedule(document, 0);
    return new Promise((resolve) => {
      const disposables: vscode.Disposable[] = [];
      const finish = (report: FileReport | undefined) => {
        clearTimeout(timer);
        vscode.Disposable.from(...disposables).dispose();
        resolve(report);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      disposables.push(
        this.onDidAnalyze((event) => {
          if (key(event.uri) === key(document.uri) && event.version === document.version) finish(event.report);
        }),
      );
      if (token) disposables.push(token.onCancellationRequested(() => finish(undefined)));
    });
  }

  /** The last report computed for `uri`, whatever its version. */
  lastReport(uri: vscode.Uri): FileReport | undefined {
    return this.states.get(key(uri))?.report;
  }

  async docsUrl(rule: string): Promise<string | undefined> {
    return (await this.ruleInfo()).get(rule)?.docs;
  }

  /** Rule metadata from the worker (loaded once). */
  ruleInfo(): Promise<Map<string, RuleInfo>> {
    this.rules ??= this.client.request({ type: 'rules' }).then(
      (rules) => (this.loadedRules = new Map(rules.map((rule) => [rule.id, rule]))),
      (error: Error) => {
        this.rules = undefined;
        throw error;
      },
    );
    return this.rules;
  }

  /** Publishes a scanned file's findings unless it is open in an editor (its live analysis wins). */
  async publishScanned(results: readonly FileAnalysis[]): Promise<void> {
    const rules = await this.ruleInfo();
    // One call for the batch: each call sends a message to the editor's main process.
    const entries: Array<[vscode.Uri, vscode.Diagnostic[]]> = [];
    for (const result of results) {
      const uri = vscode.Uri.file(result.path);
      this.scanned.add(key(uri));
      if (this.states.has(key(uri))) continue;
      entries.push([
        uri,
        result.kind === 'analyzed' ? result.report.findings.map((finding) => toDiagnostic(finding, rules.get(finding.rule)?.docs)) : [],
      ]);
    }
    if (entries.length > 0) this.collections[0].set(entries);
  }

  dispose(): void {
    for (const state of this.states.values()) state.timer?.();
    this.states.clear();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private onDidChange(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const state = this.states.get(key(event.document.uri));
    if (state && state.workerVersion !== undefined) {
      state.changeSinceWorker = composeChanges(state.changeSinceWorker, enclosingChange(event.contentChanges));
    }
    if (state) state.changedAt = performance.now();
    this.schedule(event.document, this.settings.delayMs);
  }

  /**
   * VS Code keeps a document open for minutes after its last tab closes (extensions may hold
   * it), so closing the last tab that shows it counts as closing it; reopening re-analyses.
   */
  private onDidChangeTabs(event: vscode.TabChangeEvent): void {
    const shown = shownInTabs();
    for (const tab of event.closed) {
      const uri = tabUri(tab);
      if (!uri || shown.has(uri)) continue;
      const document = vscode.workspace.textDocuments.find((d) => key(d.uri) === uri);
      if (document && this.states.has(uri)) this.onDidClose(document);
    }
    for (const tab of [...event.opened, ...event.changed]) {
      const uri = tabUri(tab);
      const document = uri && !this.states.has(uri) ? vscode.workspace.textDocuments.find((d) => key(d.uri) === uri) : undefined;
      if (document) this.schedule(document, 0);
    }
  }

  private onDidClose(document: vscode.TextDocument): void {
    this.forget(document, !this.scanned.has(key(document.uri)));
    if (this.scanned.has(key(document.uri)) && document.uri.scheme === 'file') {
      // The last published findings may describe unsaved text: re-read the file as saved.
      this.client
        .request({ type: 'analyzeFiles', paths: [document.uri.fsPath], options: this.settings.analyze })
        .then((results) => this.publishScanned(results))
        .catch((error: Error) => this.log.warn(`re-analysing ${document.uri.fsPath}: ${error.message}`));
    }
  }

  private forget(document: vscode.TextDocument, clearDiagnostics: boolean): void {
    const id = key(document.uri);
    const state = this.states.get(id);
    if (state) {
      state.timer?.();
      this.states.delete(id);
      if (this.client.started) void this.client.request({ type: 'forgetDocument', key: id }).catch(() => undefined);
    }
    if (clearDiagnostics) {
      this.clearDiagnostics(document.uri);
    } else if (state?.shards) {
      // The diagnostics stay listed, in shard 0 where a scan's results go, so the next scan result replaces them all.
      this.clearDiagnostics(document.uri);
      this.collections[0].set(document.uri, state.shards.flat());
    }
  }

  private clearDiagnostics(uri: vscode.Uri): void {
    for (const collection of this.collections) collection.delete(uri);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!this.isAnalyzable(document)) return;
    const id = key(document.uri);
    let state = this.states.get(id);
    if (!state) {
      state = {
        workerVersion: undefined,
        changeSinceWorker: undefined,
        timer: undefined,
        inFlight: false,
        rerun: false,
        report: undefined,
        reportVersion: -1,
        changedAt: performance.now(),
        received: undefined,
        early: undefined,
        published: new Map(),
        byFinding: new WeakMap(),
        shards: undefined,
      };
      this.states.set(id, state);
    }
    state.timer?.();
    const current = state;
    current.timer = later(delayMs, () => {
      current.timer = undefined;
      void this.run(document, current);
    });
  }

  private async run(document: vscode.TextDocument, state: DocumentState): Promise<void> {
    if (state.inFlight) {
      state.rerun = true;
      return;
    }
    if (document.isClosed || this.states.get(key(document.uri)) !== state) return;
    state.inFlight = true;
    state.rerun = false;
    const version = document.version;
    const started = performance.now();
    const queuedMs = started - state.changedAt;
    // The worker holds the text of `workerVersion`: send it the change only.
    let incremental: AnalyzeDocumentRequest['incremental'];
    if (state.workerVersion !== undefined) {
      const change = state.changeSinceWorker ?? { start: 0, oldLength: 0, newLength: 0 };
      const end = document.lineAt(document.lineCount - 1).range.end;
      incremental = {
        baseVersion: state.workerVersion,
        change,
        newText: document.getText(new vscode.Range(document.positionAt(change.start), document.positionAt(change.start + change.newLength))),
        length: document.offsetAt(end),
      };
    }
    state.workerVersion = version;
    state.changeSinceWorker = undefined;
    state.early = undefined;
    let result: { version: number; report: FileReport; timing: AnalysisTiming } | { version: number; skipped: string } | undefined;
    try {
      const [analysis] = await Promise.all([
        this.client.request(
          {
            type: 'analyzeDocument',
            key: key(document.uri),
            path: analyzerPath(document),
            version,
            text: incremental ? undefined : document.getText(),
            incremental,
            reportBase: state.received?.version,
            options: this.settings.analyze,
          },
          (update) => this.onFindings(document, state, update),
        ),
        this.ruleInfo(),
      ]);
      if (analysis.kind === 'needsText') {
        // The worker restarted or let this document go: send the whole text.
        state.workerVersion = undefined;
        state.received = undefined;
        state.rerun = true;
      } else {
        result = this.receive(state, analysis);
      }
    } catch (error) {
      // The worker may have lost its cache, or the host the report it referred to: parse and
      // send in full next time, and retry at once when this attempt relied on either.
      if (incremental || state.received) state.rerun = true;
      state.workerVersion = undefined;
      state.received = undefined;
      this.log.error(`analysing ${document.uri.toString(true)}: ${(error as Error).message}`);
    } finally {
      state.inFlight = false;
    }
    const roundTripMs = performance.now() - started;
    if (this.states.get(key(document.uri)) !== state || document.isClosed) return;
    if (result && result.version === document.version) await this.publish(document, state, result, { queuedMs, roundTripMs });
    if (state.rerun || document.version !== version) {
      state.rerun = false;
      if (!state.timer) void this.run(document, state);
    }
  }

  /** The items of `list`, whose entries may refer to the report the host received last. */
  private decode<T>(state: DocumentState, base: ListBase, list: Array<T | number>, from: (report: FileReport) => T[]): T[] {
    if (base.baseVersion === undefined) return list as T[];
    const received = state.received;
    if (received?.version !== base.baseVersion) {
      throw new Error(`the worker referred to the report of version ${base.baseVersion}, but the host holds ${received?.version ?? 'none'}`);
    }
    return decodeList(from(received.report), list, base.shift);
  }

  /**
   * The findings, sent by the worker before it labels the functions: published at once when
   * they describe the document as it is (the labels follow in the answer).
   */
  private onFindings(document: vscode.TextDocument, state: DocumentState, update: FindingsUpdate): void {
    const started = performance.now();
    const findings = this.decode(state, update, update.findings, (report) => report.findings);
    const syntaxErrors = this.decode(state, update, update.syntaxErrors, (report) => report.syntaxErrors);
    const decoded = performance.now();
    const early: EarlyFindings = { version: update.version, findings, syntaxErrors, applyMs: decoded - started, publishMs: 0, findingsMs: undefined };
    state.early = early;
    const rules = this.loadedRules;
    if (!rules || document.isClosed || document.version !== update.version || this.states.get(key(document.uri)) !== state) return;
    this.publishDiagnostics(document, state, findings, rules);
    const now = performance.now();
    early.publishMs = now - decoded;
    early.findingsMs = now - state.changedAt;
  }

  /** The worker's answer completed with the findings it sent ahead. */
  private receive(
    state: DocumentState, analysis: Exclude<DocumentAnalysis, { kind: 'needsText' }>,
  ): { version: number; report: FileReport; timing: AnalysisTiming } | { version: number; skipped: string } {
    if (analysis.kind === 'skipped') {
      // The worker keeps nothing of a skipped file: the next request sends the whole text.
      state.workerVersion = undefined;
      state.received = undefined;
      return { version: analysis.version, skipped: analysis.reason };
    }
    const early = state.early;
    if (early?.version !== analysis.version) throw new Error(`no findings came ahead of the answer for version ${analysis.version}`);
    const started = performance.now();
    const functions = this.decode(state, analysis, analysis.functions, (report) => report.functions);
    early.applyMs += performance.now() - started;
    const report: FileReport = { path: analysis.path, functions, findings: early.findings, syntaxErrors: early.syntaxErrors };
    state.received = { version: analysis.version, report };
    return { version: analysis.version, report, timing: analysis.timing };
  }

  private async publish(
    document: vscode.TextDocument, state: DocumentState,
    result: { version: number; report: FileReport; timing: AnalysisTiming } | { version: number; skipped: string },
    times: { queuedMs: number; roundTripMs: number },
  ): Promise<void> {
    const rules = await this.ruleInfo();
    if (document.version !== result.version || document.isClosed) return;
    state.reportVersion = result.version;
    if ('skipped' in result) {
      const started = performance.now();
      state.report = undefined;
      state.published.clear();
      state.shards = undefined;
      this.clearDiagnostics(document.uri);
      this.log.info(`skipped ${document.uri.toString(true)}: ${result.skipped}`);
      const now = performance.now();
      this.onDidAnalyzeEmitter.fire({
        uri: document.uri,
        version: result.version,
        report: undefined,
        skipped: result.skipped,
        ...times,
        applyMs: 0,
        publishMs: now - started,
        findingsMs: now - state.changedAt,
        sinceChangeMs: now - state.changedAt,
      });
      return;
    }
    state.report = result.report;
    const early = state.early;
    let publishMs = early?.publishMs ?? 0;
    let findingsMs = early?.findingsMs;
    if (findingsMs === undefined) {
      // The rules were still loading when the findings came, or the document changed since: publish now.
      const started = performance.now();
      this.publishDiagnostics(document, state, result.report.findings, rules);
      const now = performance.now();
      publishMs = now - started;
      findingsMs = now - state.changedAt;
    }
    this.onDidAnalyzeEmitter.fire({
      uri: document.uri,
      version: result.version,
      report: result.report,
      timing: result.timing,
      ...times,
      applyMs: early?.applyMs ?? 0,
      publishMs,
      findingsMs,
      sinceChangeMs: performance.now() - state.changedAt,
    });
  }

  /**
   * Hands `findings` to VS Code. A finding still at the same place keeps its Diagnostic; a
   * shard whose diagnostics are all the same objects as last time is not sent again.
   */
  private publishDiagnostics(document: vscode.TextDocument, state: DocumentState, findings: readonly Finding[], rules: Map<string, RuleInfo>): void {
    const published = new Map<string, vscode.Diagnostic>();
    const shards: vscode.Diagnostic[][] = Array.from({ length: SHARDS }, () => []);
    for (const finding of findings) {
      // An unmoved finding is the very object decoded last time (report-delta keeps it).
      const same = state.byFinding.get(finding);
      if (same) {
        published.set(same.id, same.diagnostic);
        shards[shardOf(finding.function)].push(same.diagnostic);
        continue;
      }
      const range = toRange(finding.span, document);
      const { start, end } = range;
      const id = `${start.line}:${start.character}:${end.line}:${end.character}:${finding.rule}:${finding.severity}:${finding.message}`;
      const diagnostic = state.published.get(id) ?? toDiagnostic(finding, rules.get(finding.rule)?.docs, range);
      published.set(id, diagnostic);
      state.byFinding.set(finding, { id, diagnostic });
      shards[shardOf(finding.function)].push(diagnostic);
    }
    for (let shard = 0; shard < SHARDS; shard++) {
      const before = state.shards?.[shard];
      const after = shards[shard];
      if (before?.length === after.length && after.every((diagnostic, i) => diagnostic === before[i])) continue;
      this.collections[shard].set(document.uri, after);
    }
    state.published = published;
    state.shards = shards;
  }
}

/** Runs `run` after `delayMs` and returns what cancels it; 0 runs it on the next turn (a 0 ms timeout waits 1 ms). */
function later(delayMs: number, run: () => void): () => void {
  if (delayMs <= 0) {
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  }
  const timeout = setTimeout(run, delayMs);
  return () => clearTimeout(timeout);
}

function key(uri: vscode.Uri): string {
  return uri.toString();
}

function shownInTabs(): Set<string> {
  return new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs.map(tabUri)).filter((uri) => uri !== undefined));
}

function tabUri(tab: vscode.Tab): string | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return key(input.uri);
  if (input instanceof vscode.TabInputTextDiff) return key(input.modified);
  return undefined;
}

/** The file name the analyzer sees; untitled documents get one from their language. */
function analyzerPath(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  return `${document.uri.path || 'untitled'}${EXTENSIONS[document.languageId] ?? '.ts'}`;
}
