// The profile panel's HTML shell with its Content Security Policy. Plain string building
// (no DOM, no Node), used by the extension when it creates or revives the panel.

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh nonce per render (see createNonce). */
  nonce: string;
  /** Webview URIs (`webview.asWebviewUri`) of dist/webview.js, media/panel.css, dist/codicons/codicon.css. */
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** 128 bits from the platform's cryptographic RNG, base64-encoded. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The CSP: nothing by default; scripts only with the nonce; styles and fonts only from the
 * extension's own files (no inline styles, no `'unsafe-inline'`, nothing remote).
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(options.codiconUri)}">
<link rel="stylesheet" href="${e(options.styleUri)}">
<title>${e(options.title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${e(options.nonce)}" src="${e(options.scriptUri)}"></script>
</body>
</html>
`;
}
