// Tests for the profile panel's pure parts: message validators on both ends, the HTML shell's
// CSP, and chart geometry.
import * as assert from 'node:assert/strict';
import { horizontalBars, splitBar } from '../../../src/webview/charts';
import { contentSecurityPolicy, createNonce, renderPanelHtml } from '../../../src/webview/html';
import { emptyState, isFromWebview, isPanelState, isProfileResult, isToWebview, MAX_ARGS_LENGTH } from '../../../src/webview/protocol';
import type { ProfileResult } from '../../../src/profile/types';

const RESULT: ProfileResult = {
  function: 'estimatePi',
  file: '/w/pi.ts',
  line: 4,
  endLine: 12,
  outcome: 'ok',
  args: '[1000]',
  verdict: { label: 'cpu', decidedBy: 'cpuRatio', cpuRatio: 0.97, eventLoopUtilization: 1, busyRatio: 1, explanation: '…' },
  comparison: { staticLabel: 'cpu', agreement: 'confirmed', reason: '…' },
  runs: [{ wallMs: 10, cpuMs: 9.7, eventLoopUtilization: 1, calls: 1 }],
  wallMs: 10,
  cpuMs: 9.7,
  maxBlockMs: 11,
  peakRssMb: 50,
  peakHeapMb: 5,
  hotLines: [{ file: '/w/pi.ts', line: 7, share: 0.5, selfMs: 5, text: 'x', inFunction: true }],
  concurrency: 4,
  whatIf: [{ strategy: 'sequential', wallMs: 40, speedup: 1, peakRssMb: 50, invocations: 4 }, { strategy: 'worker-pool', wallMs: 20, speedup: 2, peakRssMb: 70, invocations: 4, workers: 2, setupMs: 60 }],
  whatIfSkipped: [{ strategy: 'promise-all', reason: 'r' }],
  returnValue: '3.14',
  openHandles: [],
  output: { stdout: '', stderr: '', truncated: false },
  timing: { totalMs: 900, bundleMs: 30, loadMs: 10, warmupMs: 40, functionMs: 200, overheadMs: 700 },
  process: { pid: 1, exitCode: 0, signal: null, killed: false },
};

describe('webview/protocol', () => {
  it('accepts every message the page may send and nothing else', () => {
    const valid = [
      { type: 'ready' },
      { type: 'run', args: '[1]' },
      { type: 'cancel' },
      { type: 'argsChanged', args: '' },
      { type: 'reveal', file: '/w/pi.ts', line: 3 },
      { type: 'clearDecorations' },
      { type: 'applyFix' },
    ];
    for (const m of valid) assert.equal(isFromWebview(m), true, JSON.stringify(m));
    const invalid = [
      null,
      'run',
      [],
      { type: 'exec', command: 'rm' },
      { type: 'run' },
      { type: 'run', args: 5 },
      { type: 'run', args: 'x'.repeat(MAX_ARGS_LENGTH + 1) },
      { type: 'reveal', file: '', line: 3 },
      { type: 'reveal', file: '/w/a.ts', line: 0 },
      { type: 'reveal', file: '/w/a.ts', line: 1.5 },
    ];
    for (const m of invalid) assert.equal(isFromWebview(m), false, JSON.stringify(m)?.slice(0, 80));
  });

  it('accepts what the extension sends and rejects malformed results', () => {
    assert.equal(isProfileResult(RESULT), true);
    assert.equal(isToWebview({ type: 'result', runId: 1, result: RESULT }), true);
    assert.equal(isToWebview({ type: 'progress', progress: { runId: 1, message: 'run 1/5', fraction: 0.4 } }), true);
    assert.equal(isToWebview({ type: 'failed', runId: 1, message: 'x' }), true);
    assert.equal(isToWebview({ type: 'decorations', shown: true }), true);
    assert.equal(isToWebview({ type: 'state', state: { ...emptyState(), result: RESULT } }), true);

    assert.equal(isToWebview({ type: 'progress', progress: { runId: 1, message: 'x', fraction: 2 } }), false);
    assert.equal(isToWebview({ type: 'result', runId: 1, result: { ...RESULT, outcome: 'great' } }), false);
    assert.equal(isProfileResult({ ...RESULT, hotLines: [{ file: '/w/pi.ts', line: '7' }] }), false);
    assert.equal(isProfileResult({ ...RESULT, verdict: { ...RESULT.verdict, label: 'neutral' } }), false);
    assert.equal(isProfileResult({ ...RESULT, whatIf: [{ strategy: 'threads', wallMs: 1, speedup: 1, peakRssMb: 1, invocations: 1 }] }), false);
    assert.equal(isProfileResult({ ...RESULT, wallMs: Number.NaN }), false);
    assert.equal(isToWebview({ type: 'eval', code: '1' }), false);
  });

  it('validates a revived state', () => {
    assert.equal(isPanelState(emptyState()), true);
    assert.equal(isPanelState({ args: '', argsSource: 'jsdoc', decorations: false, target: { file: '/a', relativePath: 'a', functionName: 'f', line: 1, staticLabel: null } }), true);
    assert.equal(isPanelState({ args: '', argsSource: 'somewhere', decorations: false }), false);
    assert.equal(isPanelState(undefined), false);
  });
});

describe('webview/html', () => {
  it('has a strict CSP: nothing by default, nonce for scripts, no inline styles, nothing remote', () => {
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc');
    assert.equal(csp, "default-src 'none'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; script-src 'nonce-abc'");
    assert.doesNotMatch(csp, /unsafe/);
  });

  it('renders the shell with escaped values and the nonce on the only script', () => {
    const html = renderPanelHtml({ cspSource: 'vscode-resource:', nonce: 'n0nce', scriptUri: 'vscode-resource:/dist/webview.js', styleUri: 's.css', codiconUri: 'c.css', title: 'Profile <f>' });
    assert.match(html, /<title>Profile &lt;f&gt;<\/title>/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="n0nce" src="vscode-resource:\/dist\/webview.js"><\/script>/);
    assert.doesNotMatch(html, /style=|<style/);
  });

  it('makes fresh 128-bit nonces', () => {
    const a = createNonce();
    assert.notEqual(a, createNonce());
    assert.equal(Buffer.from(a, 'base64').length, 16);
  });
});

describe('webview/charts', () => {
  it('splits the bar into on-CPU and waiting, clamped', () => {
    assert.deepEqual(splitBar(0.25, 400, 20).map((s) => [s.className, s.x, s.width]), [['seg-cpu', 0, 100], ['seg-wait', 100, 300]]);
    assert.deepEqual(splitBar(1.7, 400, 20).map((s) => s.width), [400, 0]);
  });

  it('scales bars to the largest value and leaves room for the texts', () => {
    const chart = horizontalBars(
      [
        { label: 'a', value: 100, text: '100', className: 'x' },
        { label: 'b', value: 50, text: '50', className: 'y' },
        { label: 'c', value: 0, text: '0', className: 'z' },
      ],
      { width: 400, labelWidth: 100, textWidth: 100, barHeight: 10, gap: 5 },
    );
    assert.deepEqual(chart.rows.map((r) => r.bar.width), [200, 100, 0]);
    assert.deepEqual(chart.rows.map((r) => r.bar.y), [0, 15, 30]);
    assert.equal(chart.rows[0].textX, 306);
    assert.equal(chart.height, 40);
  });
});
