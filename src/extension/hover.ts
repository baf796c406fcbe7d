// The hover on a function's name: label, confidence, every reason linked to its line, and the
// path through the decision tree to the recommended form.
import * as vscode from 'vscode';
import type { FunctionReport } from '../analysis/types';
import { toRange } from './convert';
import type { DocumentAnalyzer } from './documents';
import { FORM_TEXT, LABEL_ICON, LABEL_TEXT } from './labels';

export class FunctionHoverProvider implements vscode.HoverProvider {
  constructor(private readonly documents: DocumentAnalyzer) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const report = await this.documents.reportFor(document, token, 2000);
    if (!report || token.isCancellationRequested) return undefined;
    const offset = document.offsetAt(position);
    const fn = report.functions.find((f) => f.kind !== 'module' && f.nameSpan.start <= offset && offset <= f.nameSpan.end);
    if (!fn) return undefined;
    return new vscode.Hover(describeFunction(fn, document.uri), toRange(fn.nameSpan, document));
  }
}

/** The hover text for one function. */
export function describeFunction(fn: FunctionReport, uri: vscode.Uri): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`$(${LABEL_ICON[fn.label]}) **${LABEL_TEXT[fn.label]}** · `);
  md.appendMarkdown(`\`${fn.name.replace(/`/g, '')}\``);
  md.appendMarkdown(` · confidence ${Math.round(fn.confidence * 100)}%\n\n`);
  for (const reason of fn.reasons) {
    const link = uri.with({ fragment: `L${reason.line}` }).toString();
    md.appendMarkdown(`- ${reason.message} ([L${reason.line}](${link}))\n`);
  }
  const { form, path } = fn.recommendation;
  if (path.length > 0) md.appendMarkdown(`\n**Decision tree:** ${path.join(' → ')}`);
  else md.appendMarkdown(`\n**Recommended:** ${FORM_TEXT[form]}`);
  return md;
}
