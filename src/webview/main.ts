// Browser entry of the profile panel (bundled to dist/webview.js): keeps the panel state,
// renders it, and talks to the extension through validated messages.
import { emptyState, isPanelState, isToWebview, type FromWebview, type PanelState } from './protocol';
import { h, icon, labelText, renderResult } from './render';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
let state: PanelState = isPanelState(saved) ? saved : emptyState();

const post = (message: FromWebview) => vscode.postMessage(message);

const ARGS_HINTS: Record<PanelState['argsSource'], string> = {
  jsdoc: 'from the @workloadArgs tag',
  'no-params': 'the function takes no parameters',
  none: 'a JSON array, or a JavaScript expression giving the array',
  remembered: 'as last used for this function',
  typed: 'a JSON array, or a JavaScript expression giving the array',
};

// The controls are built once, so typing in the argument box survives re-renders.
const title = h('h1', {});
const location = h('a', { href: '#', class: 'location' });
const staticBadge = h('span', { class: 'badge' });
const argsBox = h('textarea', { id: 'args', rows: '2', spellcheck: 'false', placeholder: '[1000000]' }) as HTMLTextAreaElement;
const argsHint = h('span', { class: 'hint' });
const runButton = h('button', { type: 'button', class: 'primary' }, icon('play'), ' Run profile') as HTMLButtonElement;
const cancelButton = h('button', { type: 'button', class: 'secondary' }, icon('debug-stop'), ' Cancel') as HTMLButtonElement;
const progressBar = h('progress', { max: '1', value: '0' }) as HTMLProgressElement;
const progressText = h('span', { class: 'progress-text' });
const progressRow = h('div', { class: 'progress' }, progressBar, progressText);
const errorBox = h('p', { class: 'panel-error' });
const results = h('div', { class: 'results' });

function mount(): void {
  const app = document.getElementById('app')!;
  app.append(
    h('header', { class: 'head' }, title, location, staticBadge),
    h('section', { class: 'controls' }, h('label', { for: 'args' }, 'Arguments ', argsHint), argsBox, h('div', { class: 'buttons' }, runButton, cancelButton), progressRow, errorBox),
    results,
  );
  location.addEventListener('click', (event) => {
    event.preventDefault();
    if (state.target) post({ type: 'reveal', file: state.target.file, line: state.target.line });
  });
  let argsTimer: ReturnType<typeof setTimeout> | undefined;
  argsBox.addEventListener('input', () => {
    state = { ...state, args: argsBox.value, argsSource: 'typed' };
    vscode.setState(state);
    argsHint.textContent = `(${ARGS_HINTS.typed})`;
    clearTimeout(argsTimer);
    argsTimer = setTimeout(() => post({ type: 'argsChanged', args: argsBox.value }), 400);
  });
  argsBox.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) run();
  });
  runButton.addEventListener('click', run);
  cancelButton.addEventListener('click', () => post({ type: 'cancel' }));
}

function run(): void {
  if (!state.target) return;
  post({ type: 'run', args: argsBox.value });
}

function update(): void {
  vscode.setState(state);
  const target = state.target;
  title.replaceChildren(icon('pulse'), ` ${target?.functionName ?? 'Profile'}`);
  location.textContent = target ? `${target.relativePath}:${target.line}` : '';
  staticBadge.textContent = target ? `static: ${labelText(target.staticLabel)}` : '';
  staticBadge.className = `badge label-${target?.staticLabel ?? 'none'}`;
  if (document.activeElement !== argsBox && argsBox.value !== state.args) argsBox.value = state.args;
  argsHint.textContent = `(${ARGS_HINTS[state.argsSource]})`;
  const running = state.running;
  runButton.disabled = !target || running !== undefined;
  cancelButton.hidden = running === undefined;
  progressRow.hidden = running === undefined;
  if (running) {
    progressBar.value = running.fraction;
    progressText.textContent = running.message;
  }
  errorBox.hidden = state.error === undefined;
  errorBox.textContent = state.error ?? '';
  results.replaceChildren(state.result ? renderResult(state.result, target, state.decorations, post) : h('p', { class: 'muted' }, target ? 'Run a profile to measure this function.' : 'Open a function and run "Workload Hints: Profile Function at Cursor".'));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isToWebview(message)) return;
  switch (message.type) {
    case 'state':
      state = message.state;
      break;
    case 'progress':
      state = { ...state, running: message.progress, error: undefined };
      break;
    case 'result':
      state = { ...state, running: undefined, result: message.result, error: undefined };
      break;
    case 'failed':
      state = { ...state, running: undefined, error: message.message };
      break;
    case 'decorations':
      state = { ...state, decorations: message.shown };
      break;
  }
  update();
});

mount();
update();
post({ type: 'ready' });
