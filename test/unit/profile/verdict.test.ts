// Tests for src/profile/verdict.ts: the article's thresholds, event-loop utilization under
// foreign load, and the comparison with the static label.
import * as assert from 'node:assert/strict';
import { busyRatio, classify, compareWithStatic, decideVerdict } from '../../../src/profile/verdict';
import type { HotLine } from '../../../src/profile/types';

describe('profile/verdict', () => {
  it('classifies CPU/wall by the article: ≥ 0.8 cpu, ≤ 0.2 io, else mixed', () => {
    assert.deepEqual([0.8, 0.95, 1.4, 0.2, 0.05, 0.5].map(classify), ['cpu', 'cpu', 'cpu', 'io', 'io', 'mixed']);
  });

  it('lets CPU/wall decide when both measures agree', () => {
    const v = decideVerdict(0.93, 0.99);
    assert.equal(v.label, 'cpu');
    assert.equal(v.decidedBy, 'cpuRatio');
    assert.match(v.explanation, /CPU\/wall 0\.93 decided .* agrees/);
  });

  it('lets event-loop utilization decide for a busy loop that the OS descheduled', () => {
    const v = decideVerdict(0.55, 0.99);
    assert.equal(v.label, 'cpu');
    assert.equal(v.decidedBy, 'eventLoopUtilization');
    assert.equal(v.busyRatio, 0.98);
    assert.match(v.explanation, /CPU\/wall alone would say mixed/);
  });

  it('takes descheduled time out without pushing waiting code towards CPU-bound', () => {
    // Measured: requests to a local server on a loaded machine (load average 10 on 2 cores).
    assert.equal(busyRatio(0.15, 0.27).toFixed(2), '0.17');
    assert.equal(decideVerdict(0.15, 0.27).label, 'io');
    assert.equal(busyRatio(0.05, 0.04), 0.05);
  });

  it('keeps CPU/wall when the CPU time was spent off the main thread', () => {
    const v = decideVerdict(1.6, 0.1);
    assert.equal(v.label, 'cpu');
    assert.equal(v.decidedBy, 'cpuRatio');
    assert.match(v.explanation, /above 1 because threads besides the event loop/);
    assert.match(decideVerdict(0.9, 0.4).explanation, /off the main thread/);
  });

  const hot: HotLine = { file: '/w/a.ts', line: 42, share: 0.63, selfMs: 10, inFunction: true };
  const compare = (staticLabel: Parameters<typeof compareWithStatic>[0]['staticLabel'], cpu: number, elu: number, wallMs = 50) =>
    compareWithStatic({ verdict: decideVerdict(cpu, elu), staticLabel, wallMs, hottest: hot, functionFile: '/w/a.ts' });

  it('confirms a matching label with the figures', () => {
    const c = compare('cpu', 0.91, 0.9);
    assert.equal(c.agreement, 'confirmed');
    assert.equal(c.reason, 'labelled CPU-bound, and the event loop was busy computing 91% of the time it ran (time the OS gave to other processes left out), most of it at L42 (63% of samples)');
  });

  it('contradicts a wrong label and says why', () => {
    assert.deepEqual(compare('io', 0.91, 0.9), {
      staticLabel: 'io',
      agreement: 'contradicted',
      reason: 'labelled I/O-bound, but the event loop was busy computing 91% of the time it ran (time the OS gave to other processes left out), most of it at L42 (63% of samples)',
    });
    assert.match(compare('cpu', 0.05, 0.04).reason, /^labelled CPU-bound, but the event loop sat idle, waiting, 95% of the time it ran/);
  });

  it('calls one side being mixed a partial agreement', () => {
    assert.equal(compare('mixed', 0.95, 1).agreement, 'partly');
    assert.equal(compare('io', 0.5, 0.5).agreement, 'partly');
  });

  it('treats neutral as confirmed only for quick calls', () => {
    assert.equal(compare('neutral', 1, 1, 0.01).agreement, 'confirmed');
    assert.equal(compare('neutral', 1, 1, 30).agreement, 'contradicted');
  });

  it('says unknown without a static label', () => {
    assert.equal(compare(null, 1, 1).agreement, 'unknown');
  });
});
