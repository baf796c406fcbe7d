// The one place that turns analyzer data into editor objects: spans and offsets into Ranges,
// findings into Diagnostics, offset edits into WorkspaceEdits.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Severity, Span } from '../analysis/types';
import type { FixEdits, OffsetEdit } from './worker-protocol';

export const DIAGNOSTIC_SOURCE = 'workload-hints';

/**
 * A span as a Range. With the document the span was computed on, offsets decide (exact for
 * any line terminator); without one (a scanned file), the 1-based line/column pairs do.
 */
export function toRange(span: Span, document?: vscode.TextDocument): vscode.Range {
  if (document) return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
  return new vscode.Range(span.line - 1, span.column - 1, span.endLine - 1, span.endColumn - 1);
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Diagnostic codes by rule and docs URL: parsing the URL per diagnostic showed in edit timings. */
const codes = new Map<string, { value: string; target: vscode.Uri }>();

/**
 * A finding as a Diagnostic whose `code` links the rule id to its documentation; its range is
 * given, or taken from the span on `document` (see `toRange`).
 */
export function toDiagnostic(
  finding: Finding, docsUrl: string | undefined, where?: vscode.TextDocument | vscode.Range,
): vscode.Diagnostic {
  const range = where instanceof vscode.Range ? where : toRange(finding.span, where);
  const diagnostic = new vscode.Diagnostic(range, finding.message, toSeverity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  if (docsUrl) {
    const key = `${finding.rule} ${docsUrl}`;
    let code = codes.get(key);
    if (!code) codes.set(key, (code = { value: finding.rule, target: vscode.Uri.parse(docsUrl) }));
    diagnostic.code = code;
  } else {
    diagnostic.code = finding.rule;
  }
  return diagnostic;
}

/** The rule id a diagnostic of this extension carries, or undefined for anyone else's. */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/**
 * Offset edits on `document` as a WorkspaceEdit. Edits are applied in order of position and
 * one that overlaps an earlier one is dropped, so a partial fix never garbles the text.
 */
export function toWorkspaceEdit(
  document: vscode.TextDocument, edits: readonly OffsetEdit[], edit = new vscode.WorkspaceEdit(),
  metadata?: vscode.WorkspaceEditEntryMetadata,
): vscode.WorkspaceEdit {
  let lastEnd = -1;
  for (const change of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (change.start < lastEnd) continue;
    const range = new vscode.Range(document.positionAt(change.start), document.positionAt(change.end));
    edit.replace(document.uri, range, change.newText, metadata);
    lastEnd = Math.max(change.end, change.start + 1);
  }
  return edit;
}

/** The metadata of a fix's edits: a `refactor` fix (it creates files) asks for the refactor preview. */
function fixMetadata(fix: FixEdits): vscode.WorkspaceEditEntryMetadata | undefined {
  return fix.kind === 'refactor' ? { needsConfirmation: true, label: fix.title } : undefined;
}

/**
 * A rewrite fix: edits in the document plus new files next to it (never overwriting one), as
 * one WorkspaceEdit (one undo). A `refactor` fix (it creates files) asks for the refactor preview.
 */
export function fixToWorkspaceEdit(document: vscode.TextDocument, fix: FixEdits): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const metadata = fixMetadata(fix);
  for (const file of fix.newFiles ?? []) {
    const uri = path.isAbsolute(file.path)
      ? document.uri.with({ path: vscode.Uri.file(file.path).path })
      : vscode.Uri.joinPath(document.uri, '..', file.path);
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(file.text) }, metadata);
  }
  return toWorkspaceEdit(document, fix.edits, edit, metadata);
}

/** The Range that covers all of `text` (as a document holding it numbers lines). */
function wholeTextRange(text: string): vscode.Range {
  const lines = text.split(/\r\n|\r|\n/);
  return new vscode.Range(0, 0, lines.length - 1, lines[lines.length - 1].length);
}

/**
 * The fix plus its missing package in package.json, as one WorkspaceEdit (one undo across both
 * files): `packageJsonText` is package.json as the editor has it, `updated` with the dependency.
 */
export function fixWithDependencyToWorkspaceEdit(
  document: vscode.TextDocument, fix: FixEdits, packageJson: vscode.Uri, packageJsonText: string, updated: string,
): vscode.WorkspaceEdit {
  const edit = fixToWorkspaceEdit(document, fix);
  edit.replace(packageJson, wholeTextRange(packageJsonText), updated, fixMetadata(fix));
  return edit;
}
