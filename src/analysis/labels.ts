// Labels each function unit cpu / io / mixed / neutral from its facts, propagates labels
// along calls inside the file, and walks the decision tree of DESIGN.md to a recommendation.
import type * as ts from 'typescript';
import { describeBound } from './facts/bounds';
import type { CallFact, FileFacts, FunctionFacts } from './facts/types';
import { labelPragma } from './pragmas';
import { PROMISE_ALL_LIMIT } from './rules/await-in-loop';
import { hotReason } from './rules/hot-loop';
import { contextUnit } from './rules/rule';
import type { Finding, HotLoopThresholds, Label, Reason, Recommendation } from './types';

interface Evidence {
  kind: 'cpu' | 'io';
  weight: number;
  message: string;
  /** The line, or the node whose line it is (resolved only for the reasons that are kept). */
  line: number | ts.Node;
  /** Propagated from another function of the file (a call or an inline callback): reason kind `call`. */
  viaCall?: boolean;
}

export interface UnitLabel {
  label: Label;
  confidence: number;
  reasons: Reason[];
  recommendation: Recommendation;
}

const MAX_PASSES = 6;
const CPU_ON = 0.44;
const IO_ON = 0.3;

function lineOf(at: number | ts.Node, sourceFile: ts.SourceFile): number {
  if (typeof at === 'number') return at;
  return sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile)).line + 1;
}

function calleeText(call: CallFact): string {
  return [call.root, ...call.path].filter(Boolean).join('.') || 'a function';
}

/** Evidence a unit shows by itself, without looking at what it calls. */
function ownEvidence(unit: FunctionFacts, thresholds: HotLoopThresholds): Evidence[] {
  const evidence: Evidence[] = [];
  for (const loop of unit.loops) {
    const why = hotReason(loop, thresholds);
    if (why && !(loop.parent && hotReason(loop.parent, thresholds))) {
      evidence.push({ kind: 'cpu', weight: 0.75, message: why, line: loop.node });
    }
    if (loop.kind === 'for-await') evidence.push({ kind: 'io', weight: 0.5, message: `reads a stream with \`for await\` over ${describeBound(loop.bound)}`, line: loop.node });
  }
  for (const heavy of unit.heavyCalls) {
    evidence.push({ kind: 'cpu', weight: Math.min(0.7, heavy.cost / 50), message: `calls \`${heavy.name}\``, line: heavy.line });
  }
  if (unit.recursiveCalls >= 2) {
    evidence.push({ kind: 'cpu', weight: 0.55, message: `recursive, ${unit.recursiveCalls} self-calls per call (exponential work)`, line: unit.node });
  }
  for (const { call, api } of unit.syncCalls) {
    if (api.work === 'io') evidence.push({ kind: 'io', weight: 0.5, message: `blocks on \`${api.name}\` (${api.module})`, line: call.node });
  }
  for (const a of unit.awaits) {
    if (a.isSleep) {
      evidence.push({ kind: 'io', weight: 0.2, message: 'waits on a timer', line: a.node });
    } else if (a.call && !(a.call.resolved?.kind === 'local' && a.call.resolved.unit)) {
      const known = unit.asyncIoCalls.includes(a.call);
      evidence.push({ kind: 'io', weight: known ? 0.5 : 0.35, message: `awaits \`${calleeText(a.call)}\``, line: a.node });
    } else if (!a.call) {
      evidence.push({ kind: 'io', weight: 0.2, message: 'awaits a promise', line: a.node });
    }
  }
  for (const call of unit.asyncIoCalls) {
    if (!call.awaited) evidence.push({ kind: 'io', weight: 0.3, message: `starts \`${calleeText(call)}\``, line: call.node });
  }
  return evidence;
}

/** Evidence from calling other units of the same file, given their current labels. */
function callEvidence(unit: FunctionFacts, labels: ReadonlyMap<FunctionFacts, Label>): Evidence[] {
  const evidence: Evidence[] = [];
  // Top-level code that starts `main()` is not itself the work: keep `<module>` to its own statements.
  if (unit.kind === 'module') return evidence;
  for (const call of unit.calls) {
    const target = call.resolved?.kind === 'local' ? call.resolved.unit : undefined;
    if (!target || target === unit) continue;
    const label = labels.get(target) ?? 'neutral';
    const inLoop = call.loop !== undefined;
    if (label === 'cpu' || label === 'mixed') {
      evidence.push({
        kind: 'cpu', weight: inLoop ? 0.7 : 0.45,
        message: `calls \`${target.name}\` (${label === 'cpu' ? 'CPU-bound' : 'mixed'})${inLoop ? ' in a loop' : ''}`, line: call.node, viaCall: true,
      });
    }
    if (label === 'io' || label === 'mixed') {
      evidence.push({
        kind: 'io', weight: call.awaited ? 0.45 : 0.2,
        message: `${call.awaited ? 'awaits' : 'calls'} \`${target.name}\` (${label === 'io' ? 'I/O-bound' : 'mixed'})`, line: call.node, viaCall: true,
      });
    }
  }
  // Inline callbacks and IIFEs run as part of this unit.
  for (const child of unit.children) {
    if (!child.inlineLoop && !child.isIife) continue;
    const label = labels.get(child) ?? 'neutral';
    const where = child.inlineLoop ? `callback passed to \`${child.inlineLoop.callbackMethod}\`` : 'inline function';
    if (label === 'cpu' || label === 'mixed') evidence.push({ kind: 'cpu', weight: 0.6, message: `${where} is CPU-heavy`, line: child.node, viaCall: true });
    if ((label === 'io' || label === 'mixed') && child.isIife) evidence.push({ kind: 'io', weight: 0.3, message: `${where} waits on I/O`, line: child.node, viaCall: true });
  }
  return evidence;
}

function decide(evidence: Evidence[]): { label: Label; confidence: number } {
  let cpuMiss = 1;
  let ioMiss = 1;
  for (const e of evidence) {
    if (e.kind === 'cpu') cpuMiss *= 1 - e.weight;
    else ioMiss *= 1 - e.weight;
  }
  const cpu = 1 - cpuMiss;
  const io = 1 - ioMiss;
  const round = (x: number) => Math.round(x * 100) / 100;
  if (cpu >= CPU_ON && io >= IO_ON) return { label: 'mixed', confidence: round(0.5 + 0.45 * Math.min(cpu, io)) };
  if (cpu >= CPU_ON) return { label: 'cpu', confidence: round(0.5 + 0.45 * cpu) };
  if (io >= IO_ON) return { label: 'io', confidence: round(0.5 + 0.45 * io) };
  return { label: 'neutral', confidence: round(0.95 - 0.5 * Math.max(cpu, io)) };
}

/** Calls to each unit from other units of the file. */
function callSitesByUnit(facts: FileFacts): Map<FunctionFacts, CallFact[]> {
  const sites = new Map<FunctionFacts, CallFact[]>();
  for (const u of facts.units) {
    for (const c of u.calls) {
      const target = c.resolved?.kind === 'local' ? c.resolved.unit : undefined;
      if (!target || target === u) continue;
      const list = sites.get(target);
      if (list) list.push(c);
      else sites.set(target, [c]);
    }
  }
  return sites;
}

/** `own` are the findings reported in functions of this unit's name. */
function recommend(
  unit: FunctionFacts, label: Label, own: readonly Finding[], labels: ReadonlyMap<FunctionFacts, Label>,
  callSites: ReadonlyMap<FunctionFacts, CallFact[]>,
): Recommendation {
  const context = contextUnit(unit);
  switch (label) {
    case 'neutral':
      return { form: 'leave', path: ['neutral: no heavy loops and no waits', 'leave it'] };
    case 'mixed':
      return { form: 'split', path: ['mixed: waits on I/O and computes', '`Promise.all` for the I/O part', 'worker pool for the CPU part'] };
    case 'cpu': {
      const path = ['CPU-bound'];
      const blockingCpu = unit.syncCalls.find((s) => s.api.work === 'cpu');
      if (blockingCpu) {
        return { form: 'async-api', path: [...path, `\`${blockingCpu.api.name}\` has an async twin on the libuv pool`, `\`${blockingCpu.api.asyncName}\``] };
      }
      // Pattern: main() { for (…) estimatePi(n) } — the many tasks are this unit's calls.
      const cpuCalls = unit.calls.filter((c) => c.resolved?.kind === 'local' && c.resolved.unit && c.resolved.unit !== unit &&
        (labels.get(c.resolved.unit) === 'cpu' || labels.get(c.resolved.unit) === 'mixed'));
      if (cpuCalls.length >= 2 || cpuCalls.some((c) => c.loop !== undefined)) {
        const target = (cpuCalls[0].resolved as { unit: FunctionFacts }).unit.name;
        const how = cpuCalls.some((c) => c.loop !== undefined) ? `calls \`${target}\` in a loop` : `calls CPU-bound functions ${cpuCalls.length}×`;
        return { form: 'worker-pool', path: [...path, how, 'many tasks and 2+ cores', 'run the calls on a worker pool sized to `os.availableParallelism()`'] };
      }
      const sites = callSites.get(unit) ?? [];
      const inLoop = sites.some((s) => s.loop !== undefined) || unit.inlineLoop !== undefined;
      if (sites.length >= 2 || inLoop) {
        const caller = sites[0]?.unit.name ?? unit.parent?.name ?? '<module>';
        path.push(inLoop ? `called in a loop in \`${caller}\`` : `called ${sites.length}× in \`${caller}\``, 'many tasks and 2+ cores', 'worker pool sized to `os.availableParallelism()`');
        return { form: 'worker-pool', path };
      }
      if (context.isHandler || context.isAsync) {
        path.push(context.isHandler ? 'runs inside a request handler: blocks every other request' : 'runs inside an async function: blocks every other task', 'worker pool');
        return { form: 'worker-pool', path };
      }
      path.push('one task', 'leave it (a pool only adds overhead for a single task)');
      return { form: 'leave', path };
    }
    case 'io': {
      const path = ['I/O-bound'];
      const loop = own.find((f) => f.rule === 'await-in-loop');
      if (loop) {
        const count = Number(loop.data.count);
        if (count >= 0 && count < PROMISE_ALL_LIMIT) {
          return { form: 'promise-all', path: [...path, `${count} independent waits in a loop`, `fewer than ${PROMISE_ALL_LIMIT}`, '`Promise.all`'] };
        }
        return { form: 'bounded-concurrency', path: [...path, `independent waits over ${loop.data.bound}`, count < 0 ? 'count unknown' : `${PROMISE_ALL_LIMIT} or more`, 'bounded concurrency (`p-map`)'] };
      }
      if (own.some((f) => f.rule === 'sequential-awaits')) {
        return { form: 'promise-all', path: [...path, 'independent consecutive awaits', 'fewer than 50', '`Promise.all`'] };
      }
      const sync = own.find((f) => f.rule === 'blocking-sync-call');
      if (sync) return { form: 'async-api', path: [...path, `blocks on \`${sync.data.name}\``, `\`${sync.data.asyncName}\` from \`${sync.data.asyncModule}\``] };
      return { form: 'leave', path: [...path, 'waits are already concurrent or depend on each other', 'leave it'] };
    }
  }
}

/** Labels every unit of a file. Findings feed the recommendations. */
export function computeLabels(facts: FileFacts, findings: readonly Finding[], thresholds: HotLoopThresholds): Map<FunctionFacts, UnitLabel> {
  const own = new Map<FunctionFacts, Evidence[]>();
  for (const unit of facts.units) own.set(unit, ownEvidence(unit, thresholds));

  const pragmas = new Map<FunctionFacts, { label: Label; line: number }>();
  if (facts.sourceFile.text.includes('@workload')) {
    for (const unit of facts.units) {
      if (unit.kind === 'module') continue;
      const pragma = labelPragma(unit.declNode, facts.sourceFile);
      if (pragma && 'label' in pragma) pragmas.set(unit, pragma);
    }
  }

  const labels = new Map<FunctionFacts, Label>();
  const evidenceOf = new Map<FunctionFacts, Evidence[]>();
  // Only units that call other units of the file (or hold inline callbacks) can change after the first pass.
  const linked = facts.units.filter((u) => u.kind !== 'module' && (
    u.calls.some((c) => c.resolved?.kind === 'local' && c.resolved.unit !== undefined && c.resolved.unit !== u) ||
    u.children.some((c) => c.inlineLoop !== undefined || c.isIife)));
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    // Children before parents, so inline callbacks settle first.
    const units = pass === 0 ? facts.units : linked;
    for (let i = units.length - 1; i >= 0; i--) {
      const unit = units[i];
      const calls = callEvidence(unit, labels);
      const evidence = calls.length === 0 ? own.get(unit)! : [...own.get(unit)!, ...calls];
      evidenceOf.set(unit, evidence);
      const label = pragmas.get(unit)?.label ?? decide(evidence).label;
      if (labels.get(unit) !== label) {
        labels.set(unit, label);
        changed = true;
      }
    }
    if (!changed) break;
  }

  const result = new Map<FunctionFacts, UnitLabel>();
  const callSites = callSitesByUnit(facts);
  const findingsOf = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = findingsOf.get(finding.function);
    if (list) list.push(finding);
    else findingsOf.set(finding.function, [finding]);
  }
  for (const unit of facts.units) {
    const evidence = evidenceOf.get(unit)!;
    const pragma = pragmas.get(unit);
    const decided = decide(evidence);
    const label = pragma?.label ?? decided.label;
    const reasons: Reason[] = evidence.length === 0 ? [] : evidence
      .filter((e) => label === 'mixed' || label === 'neutral' || e.kind === label)
      .map((e) => ({ ...e, line: lineOf(e.line, facts.sourceFile) }))
      .sort((a, b) => b.weight - a.weight || a.line - b.line)
      .map((e) => ({ message: e.message, line: e.line, kind: e.viaCall ? 'call' : e.kind }));
    if (pragma) reasons.unshift({ message: `set by \`@workload ${pragma.label}\``, line: pragma.line, kind: 'pragma' });
    result.set(unit, {
      label,
      confidence: pragma ? 1 : decided.confidence,
      reasons,
      recommendation: recommend(unit, label, findingsOf.get(unit.name) ?? [], labels, callSites),
    });
  }
  return result;
}
