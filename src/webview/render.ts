// Builds the panel's result DOM from a ProfileResult: verdict against the static label, the
// CPU-vs-waiting chart, hot lines, the what-if chart and table, output or error. Only
// textContent and attributes (never innerHTML), classes for every style.
import type { HotLine, ProfileResult, WhatIfStrategy } from '../profile/types';
import { horizontalBars, splitBar } from './charts';
import type { FromWebview, PanelTarget } from './protocol';

const SVG_NS = 'http://www.w3.org/2000/svg';

type Child = Node | string | null | undefined | false;

/** An HTML element with attributes and children; strings become text nodes. */
export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function svg(tag: string, attrs: Record<string, string | number>, ...children: Array<SVGElement | string>): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

const LABEL_TEXT = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'Mixed', neutral: 'Neutral' } as const;
const LABEL_ICON = { cpu: 'flame', io: 'watch', mixed: 'arrow-swap', neutral: 'circle-outline' } as const;
const AGREEMENT_ICON = { confirmed: 'pass', contradicted: 'warning', partly: 'info', unknown: 'question' } as const;
const STRATEGY_TEXT: Record<WhatIfStrategy, string> = { sequential: 'Sequential', 'promise-all': 'Promise.all', 'worker-pool': 'Worker pool' };
const FORM_TEXT: Record<string, string> = {
  'promise-all': 'Promise.all',
  'bounded-concurrency': 'bounded concurrency',
  'async-api': 'async API',
  'worker-pool': 'worker pool',
  split: 'Promise.all + worker pool',
};

export function labelText(label: keyof typeof LABEL_TEXT | null): string {
  return label ? LABEL_TEXT[label] : 'no static label';
}

export function formatMs(n: number): string {
  if (n >= 1000) return `${(n / 1000).toFixed(2)} s`;
  if (n >= 10) return `${n.toFixed(0)} ms`;
  if (n >= 0.1) return `${n.toFixed(2)} ms`;
  return `${(n * 1000).toFixed(1)} µs`;
}

const pct = (n: number) => `${Math.round(Math.min(1, Math.max(0, n)) * 100)}%`;

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

export type Post = (message: FromWebview) => void;

function revealLink(post: Post, file: string, line: number, text: string, title?: string): HTMLElement {
  const link = h('a', { href: '#', class: 'reveal', title: title ?? `Show ${baseName(file)}:${line} in the editor` }, text);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    post({ type: 'reveal', file, line });
  });
  return link;
}

function section(title: string, iconName: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, icon(iconName), ` ${title}`), ...children);
}

/** The whole result area for one ProfileResult. */
export function renderResult(result: ProfileResult, target: PanelTarget | undefined, decorations: boolean, post: Post): HTMLElement {
  const root = h('div', { class: 'result' });
  if (result.outcome !== 'ok' || !result.verdict) {
    root.append(renderFailure(result, post));
  } else {
    root.append(renderVerdict(result, target, post), renderSplit(result), renderHotLines(result, decorations, post), renderWhatIf(result));
  }
  root.append(renderOutput(result));
  const t = result.timing;
  root.append(
    h('p', { class: 'footnote' }, `Took ${formatMs(t.totalMs)}: the function ${formatMs(t.functionMs)}, profiling ${formatMs(t.overheadMs)} (bundling ${formatMs(t.bundleMs)}, loading ${formatMs(t.loadMs)}).`),
  );
  return root;
}

function renderFailure(result: ProfileResult, post: Post): HTMLElement {
  const titles: Record<string, string> = {
    threw: 'The function threw',
    timeout: 'Timed out',
    'never-settled': 'Never settled',
    exited: 'Called process.exit',
    crashed: 'The process crashed',
    cancelled: 'Cancelled',
    'not-found': 'Function not found',
    'args-error': 'Arguments rejected',
    'bundle-error': 'Could not bundle the module',
  };
  const card = section(titles[result.outcome] ?? result.outcome, result.outcome === 'cancelled' ? 'debug-stop' : 'error', h('p', { class: 'message' }, result.message ?? ''));
  card.classList.add('failure');
  const error = result.error;
  if (error?.location) card.append(h('p', {}, revealLink(post, error.location.file, error.location.line, `Go to ${baseName(error.location.file)}:${error.location.line}`)));
  if (error?.stack) card.append(h('pre', { class: 'stack' }, error.stack));
  if (result.openHandles.length > 0) card.append(h('p', {}, `Open handles: ${result.openHandles.join(', ')}`));
  return card;
}

function renderVerdict(result: ProfileResult, target: PanelTarget | undefined, post: Post): HTMLElement {
  const v = result.verdict!;
  const comparison = result.comparison;
  const card = section('Verdict', 'pulse');
  card.append(
    h('div', { class: `verdict label-${v.label}` }, icon(LABEL_ICON[v.label]), h('span', { class: 'verdict-label' }, LABEL_TEXT[v.label]), h('span', { class: 'decided' }, `decided by ${v.decidedBy === 'cpuRatio' ? 'CPU / wall' : 'event-loop utilization'}`)),
    h('p', { class: 'explanation' }, v.explanation),
  );
  if (comparison) {
    card.append(
      h('p', { class: `comparison agreement-${comparison.agreement}` }, icon(AGREEMENT_ICON[comparison.agreement]), ` Static label ${labelText(comparison.staticLabel)}: `, h('strong', {}, comparison.agreement), ` — ${comparison.reason}`),
    );
  }
  const form = target?.recommendation;
  if (form && form !== 'leave') {
    const button = h('button', { class: 'secondary', type: 'button', title: 'Apply the quick fix the analyzer recommends for this function' }, icon('lightbulb'), ` Apply recommended fix (${FORM_TEXT[form] ?? form})`);
    button.addEventListener('click', () => post({ type: 'applyFix' }));
    card.append(h('div', { class: 'actions' }, button));
  }
  return card;
}

function renderSplit(result: ProfileResult): HTMLElement {
  const v = result.verdict!;
  const width = 400;
  const segments = splitBar(v.busyRatio, width, 22);
  const chart = svg(
    'svg',
    { class: 'split-chart', viewBox: `0 0 ${width} 22`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `on-CPU ${pct(v.busyRatio)}, waiting ${pct(1 - v.busyRatio)}` },
    ...segments.filter((s) => s.width > 0).map((s) => svg('rect', { x: s.x, y: s.y, width: s.width, height: s.height, class: s.className }, svg('title', {}, `${s.label} ${pct(s.share)}`))),
  );
  const legend = h(
    'div',
    { class: 'legend' },
    ...segments.map((s) => h('span', { class: 'legend-item' }, h('span', { class: `swatch ${s.className}` }), ` ${s.label} ${pct(s.share)}`)),
  );
  const stat = (name: string, value: string, title?: string) => h('div', { class: 'stat', title }, h('span', { class: 'stat-name' }, name), h('span', { class: 'stat-value' }, value));
  const calls = result.runs.reduce((sum, r) => sum + r.calls, 0);
  const stats = h(
    'div',
    { class: 'stats' },
    stat('CPU / wall', v.cpuRatio.toFixed(2), 'process.cpuUsage() over wall time, measured runs'),
    stat('Event-loop utilization', v.eventLoopUtilization.toFixed(2), 'performance.eventLoopUtilization() over the measured runs'),
    stat('Wall per call', formatMs(result.wallMs ?? 0)),
    stat('CPU per call', formatMs(result.cpuMs ?? 0)),
    stat('Longest block', formatMs(result.maxBlockMs ?? 0), 'Longest event-loop delay (monitorEventLoopDelay)'),
    stat('Peak RSS', `${(result.peakRssMb ?? 0).toFixed(0)} MB`),
    stat('Peak heap', `${(result.peakHeapMb ?? 0).toFixed(1)} MB`),
    stat('Runs', `${result.runs.length} (${calls} calls)`),
  );
  return section('CPU vs waiting', 'graph', chart, legend, stats);
}

function renderHotLines(result: ProfileResult, decorations: boolean, post: Post): HTMLElement {
  const card = section('Hot lines', 'flame');
  if (result.hotLines.length === 0) {
    card.append(h('p', { class: 'muted' }, 'No samples landed on your code (the time went to waiting, Node internals or native code).'));
    return card;
  }
  const rows = result.hotLines.map((line: HotLine) => {
    const where = line.file === result.file ? `L${line.line}` : `${baseName(line.file)}:${line.line}`;
    const bar = svg('svg', { class: 'share-bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' }, svg('rect', { x: 0, y: 0, width: Math.max(1, Math.round(line.share * 100)), height: 10, class: 'seg-cpu' }));
    const row = h(
      'tr',
      { class: 'hot', tabindex: '0', title: `${formatMs(line.selfMs)} of samples — click to show in the editor` },
      h('td', { class: 'share' }, bar),
      h('td', { class: 'num' }, pct(line.share)),
      h('td', {}, revealLink(post, line.file, line.line, where)),
      h('td', { class: 'code' }, line.via ? h('span', { class: 'via' }, `in ${line.via}, called from: `) : null, line.text ?? ''),
    );
    const reveal = () => post({ type: 'reveal', file: line.file, line: line.line });
    row.addEventListener('click', reveal);
    row.addEventListener('keydown', (event) => event.key === 'Enter' && reveal());
    return row;
  });
  card.append(h('table', { class: 'hot-lines' }, h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { class: 'num' }, 'Share'), h('th', {}, 'Line'), h('th', {}, 'Code'))), h('tbody', {}, ...rows)));
  if (result.gcShare !== undefined && result.gcShare >= 0.05) card.append(h('p', { class: 'muted' }, `Garbage collection: ${pct(result.gcShare)} of the samples.`));
  if (decorations) {
    const clear = h('button', { class: 'secondary', type: 'button' }, icon('clear-all'), ' Clear editor highlights');
    clear.addEventListener('click', () => post({ type: 'clearDecorations' }));
    card.append(h('div', { class: 'actions' }, clear));
  }
  return card;
}

function renderWhatIf(result: ProfileResult): HTMLElement {
  const card = section(`What if it ran ${result.concurrency}×?`, 'split-horizontal');
  if (result.whatIf.length === 0 && result.whatIfSkipped.length === 0) {
    card.append(h('p', { class: 'muted' }, 'Not run (concurrency 0).'));
    return card;
  }
  const chart = horizontalBars(
    result.whatIf.map((w) => ({ label: STRATEGY_TEXT[w.strategy], value: w.wallMs, text: `${formatMs(w.wallMs)} · ${w.speedup.toFixed(2)}×`, className: `bar-${w.strategy}` })),
    { width: 400, labelWidth: 90, textWidth: 110, barHeight: 18, gap: 8 },
  );
  if (chart.rows.length > 0) {
    card.append(
      svg(
        'svg',
        { class: 'bar-chart', viewBox: `0 0 ${chart.width} ${chart.height}`, role: 'img', 'aria-label': 'Wall time of each strategy' },
        ...chart.rows.flatMap((row) => [
          svg('text', { x: 0, y: row.textY, class: 'chart-label' }, row.label),
          svg('rect', { x: row.bar.x, y: row.bar.y, width: row.bar.width, height: row.bar.height, class: row.bar.className }),
          svg('text', { x: row.textX, y: row.textY, class: 'chart-value' }, row.text),
        ]),
      ),
    );
  }
  const body = result.whatIf.map((w) =>
    h(
      'tr',
      {},
      h('td', {}, STRATEGY_TEXT[w.strategy]),
      h('td', { class: 'num' }, formatMs(w.wallMs)),
      h('td', { class: 'num' }, `${w.speedup.toFixed(2)}×`),
      h('td', { class: 'num' }, `${w.peakRssMb.toFixed(0)} MB`),
      h('td', { class: 'muted' }, w.workers ? `${w.workers} workers; start-up ${formatMs(w.setupMs ?? 0)} not counted` : ''),
    ),
  );
  const skipped = result.whatIfSkipped.map((s) => h('tr', { class: 'skipped' }, h('td', {}, STRATEGY_TEXT[s.strategy]), h('td', { colspan: '4', class: 'muted' }, `skipped: ${s.reason}`)));
  card.append(
    h(
      'table',
      { class: 'what-if' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Strategy'), h('th', { class: 'num' }, 'Time'), h('th', { class: 'num' }, 'Speedup'), h('th', { class: 'num' }, 'Peak memory'), h('th', {}, ''))),
      h('tbody', {}, ...body, ...skipped),
    ),
  );
  return card;
}

function renderOutput(result: ProfileResult): HTMLElement {
  const parts: Child[] = [];
  if (result.returnValue !== undefined) parts.push(h('h3', {}, 'Returned'), h('pre', {}, result.returnValue));
  if (result.outcome === 'ok' && result.openHandles.length > 0) {
    parts.push(h('p', { class: 'warning-text' }, icon('warning'), ` Left open after the calls: ${result.openHandles.join(', ')}`));
  }
  if (result.output.stdout) parts.push(h('h3', {}, 'stdout'), h('pre', {}, result.output.stdout));
  if (result.output.stderr) parts.push(h('h3', {}, 'stderr'), h('pre', { class: 'stderr' }, result.output.stderr));
  if (result.output.truncated) parts.push(h('p', { class: 'muted' }, 'Output was long; its middle was dropped.'));
  if (parts.length === 0) parts.push(h('p', { class: 'muted' }, 'No output.'));
  return section('Output', 'output', ...parts);
}
