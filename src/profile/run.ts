// Runs one profile end to end: locate the function, bundle it, run the harness in a child
// `node` under a watchdog, and turn what comes back into a `ProfileResult`. Temp files are
// removed and the child's process tree is killed on every path out.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from './args';
import { bundleTarget, resolveHarness, warmBundler } from './bundle';
import { firstUserFrame, OutputBuffer } from './capture';
import type { ChildFailure, ChildMessage, ChildReport, ExitReport, HarnessConfig, ParentMessage } from './harness/protocol';
import { mapHotLines } from './hot-lines';
import { locateFunction, type LocatedFunction } from './locate';
import { killQuietly, killTree, startOrphanGuard } from './process-tree';
import { createLineMapper } from './source-map';
import { refillSpare, sparesEnabled, takeSpare, type SpareOptions } from './spare';
import { staticReportOf } from './static-label';
import type { Label, ProfileHooks, ProfileOutcome, ProfilePhase, ProfileRequest, ProfileResult } from './types';
import { compareWithStatic, decideVerdict } from './verdict';

export const DEFAULTS = { runs: 5, warmup: 1, timeoutMs: 10_000, concurrency: 4, samplingIntervalUs: 250 } as const;
/** Added to every step's budget before the watchdog kills: IPC latency on a loaded machine. */
const GRACE_MS = 1_000;
/** Until the child's first message: Node's own start-up, slow on a loaded machine. */
const STARTUP_MS = 10_000;

/**
 * Children alive right now. They run in their own process group (so the tree can be killed
 * as one), which also means a Ctrl+C on the terminal does not reach them: while any is alive,
 * SIGINT/SIGTERM/SIGHUP kill them first and are then re-raised.
 */
const liveChildren = new Set<number>();
const RELAYED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const killLiveChildren = () => liveChildren.forEach((pid) => killTree(pid));
function relaySignal(signal: NodeJS.Signals): void {
  killLiveChildren();
  liveChildren.clear();
  RELAYED_SIGNALS.forEach((s) => process.off(s, relaySignal));
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
function trackChild(pid: number): void {
  if (liveChildren.size === 0) {
    process.on('exit', killLiveChildren);
    RELAYED_SIGNALS.forEach((s) => process.on(s, relaySignal));
  }
  liveChildren.add(pid);
}
function untrackChild(pid: number): void {
  if (!liveChildren.delete(pid) || liveChildren.size > 0) return;
  process.off('exit', killLiveChildren);
  RELAYED_SIGNALS.forEach((s) => process.off(s, relaySignal));
}

/** The Node binary to use when the request names none: this process unless it is Electron. */
export function defaultNodePath(): string {
  return process.versions.electron ? 'node' : process.execPath;
}

/**
 * Profiles one function. Never throws for problems of the user's code: they are outcomes.
 * `timing.totalMs` runs from the call to the moment the child is gone and its temp folder
 * removed; everything in it but the function's own measured calls is `overheadMs`.
 */
export async function profileFunction(request: ProfileRequest, hooks: ProfileHooks = {}): Promise<ProfileResult> {
  const started = performance.now();
  const result = await runProfile(request, hooks);
  const totalMs = performance.now() - started;
  result.timing.totalMs = round(totalMs);
  result.timing.overheadMs = round(totalMs - result.timing.functionMs);
  return result;
}

async function runProfile(request: ProfileRequest, hooks: ProfileHooks): Promise<ProfileResult> {
  const file = path.resolve(request.file);
  const cwd = request.cwd ?? path.dirname(file);
  const concurrency = request.concurrency ?? DEFAULTS.concurrency;
  const base: ProfileResult = {
    function: request.functionName,
    file,
    outcome: 'ok',
    args: request.args ?? '',
    runs: [],
    hotLines: [],
    concurrency,
    whatIf: [],
    whatIfSkipped: [],
    openHandles: [],
    output: { stdout: '', stderr: '', truncated: false },
    timing: { totalMs: 0, bundleMs: 0, loadMs: 0, warmupMs: 0, functionMs: 0, overheadMs: 0 },
  };
  const stop = (outcome: ProfileOutcome, message: string, phase?: ProfilePhase): ProfileResult => ({ ...base, outcome, message, phase });

  if (hooks.signal?.aborted) return stop('cancelled', 'cancelled before it started');

  // Synchronous up to the spawn: in the CLI the event loop's first turn can hold a major GC
  // of the start-up's garbage, and the child should be booting during it.
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'workload-hints-profile-'));
  let child: ChildHandle | undefined;
  let spare: { key: string; options: SpareOptions } | undefined;
  try {
    let harnessPath: string;
    try {
      harnessPath = await resolveHarness(tempDir);
    } catch (err) {
      return stop('bundle-error', (err as Error).message, 'bundle');
    }
    // Node boots in the child (and esbuild in its service) while the function is located and
    // bundled here: the child waits for its config, which follows over IPC. It runs nothing of
    // the user's until then, and is killed like any other when we stop early. Long-lived
    // callers keep a spare booted for the next profile; only with a harness that outlives
    // this profile's temp folder.
    const nodePath = request.nodePath ?? defaultNodePath();
    if (sparesEnabled() && !harnessPath.startsWith(tempDir)) {
      spare = { key: JSON.stringify([nodePath, harnessPath, cwd]), options: spareOptions(nodePath, harnessPath, cwd) };
    }
    child = startChild(nodePath, harnessPath, tempDir, cwd, hooks, spare && takeSpare(spare.key));
    const prepareUrl = writePrepareModule(tempDir);
    if (prepareUrl) child.prepare(prepareUrl);
    warmBundler();

    let text: string;
    try {
      text = request.sourceText ?? (await fs.readFile(file, 'utf8'));
    } catch (err) {
      return stop('not-found', `cannot read ${file}: ${(err as Error).message}`);
    }
    const located = locateFunction(file, text, request.functionName, request.line);
    if (located.kind === 'not-found') {
      const known = located.candidates.length > 0 ? ` (functions here: ${located.candidates.slice(0, 12).join(', ')})` : '';
      return stop('not-found', located.reason + known);
    }
    const fn = located.fn;
    base.line = fn.line;
    base.endLine = fn.endLine;
    const argsText = request.args ?? fn.workloadArgs ?? '[]';
    base.args = argsText;
    const parsedArgs = parseArgs(argsText);
    if (!parsedArgs.ok) return stop('args-error', parsedArgs.message);

    hooks.onProgress?.({ phase: 'bundle', index: 1, total: 1, message: 'bundling the module' });
    const bundleStart = performance.now();
    const bundle = await bundleTarget({ file, sourceText: text, suffix: fn.exportSuffix, outDir: tempDir, cwd });
    base.timing.bundleMs = round(performance.now() - bundleStart);
    if (!bundle.ok || hooks.signal?.aborted) {
      return bundle.ok ? stop('cancelled', 'cancelled while bundling', 'bundle') : stop('bundle-error', `the module could not be bundled:\n${bundle.message}`, 'bundle');
    }

    const config: HarnessConfig = {
      bundlePath: bundle.bundlePath,
      userFile: file,
      access: fn.access,
      args: parsedArgs.spec,
      warmup: request.warmup ?? DEFAULTS.warmup,
      runs: Math.max(1, request.runs ?? DEFAULTS.runs),
      timeoutMs: request.timeoutMs ?? DEFAULTS.timeoutMs,
      concurrency,
      samplingIntervalUs: request.samplingIntervalUs ?? DEFAULTS.samplingIntervalUs,
      exitReportPath: path.join(tempDir, 'exit.json'),
    };
    // The analyzer runs while the child boots, never while it measures: on two cores the
    // parent's CPU work would compete with the measured calls.
    const staticLabel = request.staticLabel !== undefined ? request.staticLabel : staticLabelSafe(file, text, fn);
    child.start(config);
    const outcome = await child.done;
    base.output = { stdout: outcome.stdout.toString(), stderr: outcome.stderr.toString(), truncated: outcome.stdout.truncated || outcome.stderr.truncated };
    base.process = { pid: outcome.pid, exitCode: outcome.exitCode, signal: outcome.signal, killed: outcome.killed };
    const isUserFile = (f: string) => !f.startsWith(tempDir) && !f.includes(`${path.sep}node_modules${path.sep}`) && path.isAbsolute(f);

    if (outcome.cancelled) return stop('cancelled', 'cancelled; the process tree was killed', outcome.lastPhase);
    if (outcome.report) {
      return buildOkResult(base, outcome.report, { fn, file, text, mapPath: bundle.mapPath, staticLabel });
    }
    if (outcome.failure) {
      const failure = outcome.failure;
      base.timing.functionMs = round(failure.functionMs);
      base.openHandles = failure.openHandles ?? [];
      if (failure.stack || failure.name) {
        const stack = failure.stack ?? `${failure.name}: ${failure.message}`;
        base.error = { name: failure.name ?? 'Error', message: failure.message, stack, location: firstUserFrame(stack, isUserFile) };
      }
      return stop(outcomeOf(failure), describeFailure(failure), failure.phase);
    }
    const exitReport = await readExitReport(config.exitReportPath);
    if (outcome.timedOut) {
      const what = outcome.lastPhase === 'load' ? 'loading the module' : `the ${describeStep(outcome.lastPhase)}`;
      return stop('timeout', `${what} did not finish within ${config.timeoutMs} ms (the event loop was blocked); the process tree was killed`, outcome.lastPhase);
    }
    if (exitReport) {
      const location = exitReport.stack ? firstUserFrame(exitReport.stack, isUserFile) : undefined;
      const at = location ? ` at ${path.relative(cwd, location.file)}:${location.line}` : '';
      if (exitReport.stack) base.error = { name: 'ProcessExit', message: `process.exit(${exitReport.code})`, stack: exitReport.stack, location };
      return stop('exited', `the function called process.exit(${exitReport.code})${at} during the ${describeStep(exitReport.phase)}`, exitReport.phase);
    }
    if (outcome.spawnError) return stop('crashed', `could not start ${request.nodePath ?? defaultNodePath()}: ${outcome.spawnError}`);
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
    const tail = base.output.stderr.trim().split('\n').slice(-3).join('\n');
    return stop('crashed', `the child process ${how} during the ${describeStep(outcome.lastPhase)}${tail ? `:\n${tail}` : ''}`, outcome.lastPhase);
  } finally {
    if (child) {
      child.kill();
      await child.done;
    }
    rmSync(tempDir, { recursive: true, force: true });
    // After the result is handed over: the spare's start-up must not delay it.
    if (spare) {
      const { key, options } = spare;
      setImmediate(() => refillSpare(key, options));
    }
  }
}

function spareOptions(nodePath: string, harnessPath: string, cwd: string): SpareOptions {
  return {
    spawn: () => spawnHarness(nodePath, harnessPath, cwd),
    discard: (child) => {
      if (!child.pid) return;
      killTree(child.pid);
      untrackChild(child.pid);
    },
  };
}

function staticLabelSafe(file: string, text: string, fn: LocatedFunction): Label | null {
  try {
    return staticReportOf(file, text, fn.name, fn.line)?.label ?? null;
  } catch {
    return null;
  }
}

function describeStep(phase: ProfilePhase | undefined): string {
  switch (phase) {
    case 'load':
      return 'module load';
    case 'warmup':
      return 'warm-up';
    case 'run':
      return 'measured runs';
    case 'profile':
      return 'profiled runs';
    case 'what-if':
      return 'what-if comparison';
    default:
      return 'start-up';
  }
}

function outcomeOf(failure: ChildFailure): ProfileOutcome {
  switch (failure.kind) {
    case 'never-settled':
      return 'never-settled';
    case 'timeout':
      return 'timeout';
    case 'args-error':
      return 'args-error';
    case 'not-a-function':
      return 'not-found';
    default:
      return 'threw';
  }
}

function describeFailure(failure: ChildFailure): string {
  const handles = failure.openHandles && failure.openHandles.length > 0 ? ` (open handles: ${failure.openHandles.join(', ')})` : '';
  switch (failure.kind) {
    case 'threw':
      return failure.message.startsWith('uncaught') ? failure.message : `threw during the ${describeStep(failure.phase)}: ${failure.message}`;
    case 'never-settled':
      return `never settled during the ${describeStep(failure.phase)}: ${failure.message}`;
    case 'timeout':
      return `timed out during the ${describeStep(failure.phase)}: ${failure.message}; still pending${handles}`;
    default:
      return failure.message;
  }
}

async function readExitReport(file: string): Promise<ExitReport | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as ExitReport;
  } catch {
    return undefined;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
/** Four significant digits: per-call times of quick functions are fractions of a ms. */
const round4 = (n: number) => (n === 0 ? 0 : Number(n.toPrecision(4)));

interface OkContext {
  fn: LocatedFunction;
  file: string;
  text: string;
  mapPath: string;
  staticLabel: Label | null;
}

function buildOkResult(base: ProfileResult, report: ChildReport, ctx: OkContext): ProfileResult {
  const runs = report.runs.map((r) => ({ ...r, wallMs: round4(r.wallMs), cpuMs: round4(r.cpuMs), eventLoopUtilization: round(r.eventLoopUtilization) }));
  const calls = Math.max(1, report.runs.reduce((sum, r) => sum + r.calls, 0));
  const cpuRatio = report.totalWallMs > 0 ? report.totalCpuMs / report.totalWallMs : 0;
  const verdict = decideVerdict(round(cpuRatio), round(report.eventLoopUtilization));
  const sourceLines = new Map<string, string[] | null>();
  const lineText = (f: string, line: number) => {
    if (!sourceLines.has(f)) {
      try {
        sourceLines.set(f, (f === ctx.file ? ctx.text : readFileSync(f, 'utf8')).split('\n'));
      } catch {
        sourceLines.set(f, null);
      }
    }
    return sourceLines.get(f)?.[line - 1];
  };
  let hotLines: ProfileResult['hotLines'] = [];
  try {
    const mapper = createLineMapper(readFileSync(ctx.mapPath, 'utf8'), ctx.mapPath);
    hotLines = mapHotLines(report.profile, mapper, {
      functionFile: ctx.file,
      functionLine: ctx.fn.line,
      functionEndLine: ctx.fn.endLine,
      lineText,
    }).map((h) => ({ ...h, share: Math.round(h.share * 1000) / 1000, selfMs: round(h.selfMs) }));
  } catch {
    // A profile without hot lines is still a profile.
  }
  const wallMs = report.totalWallMs / calls;
  const hottest = hotLines[0];
  const onCpuSamples = report.profile.totalSamples - report.profile.idleSamples;
  return {
    ...base,
    verdict,
    comparison: compareWithStatic({ verdict, staticLabel: ctx.staticLabel, wallMs, hottest, functionFile: ctx.file }),
    runs,
    wallMs: round4(wallMs),
    cpuMs: round4(report.totalCpuMs / calls),
    maxBlockMs: round(report.maxBlockMs),
    peakRssMb: round(report.peakRssMb),
    peakHeapMb: round(report.peakHeapMb),
    hotLines,
    gcShare: onCpuSamples > 0 ? Math.round((report.profile.gcSamples / onCpuSamples) * 1000) / 1000 : undefined,
    whatIf: report.whatIf,
    whatIfSkipped: report.whatIfSkipped,
    returnValue: report.returnValue,
    openHandles: report.openHandles,
    timing: { ...base.timing, loadMs: round(report.loadMs), warmupMs: round(report.warmupMs.reduce((sum, ms) => sum + ms, 0)), functionMs: round(report.functionMs) },
  };
}

interface ChildOutcome {
  pid: number;
  exitCode: number | null;
  signal: string | null;
  stdout: OutputBuffer;
  stderr: OutputBuffer;
  report?: ChildReport;
  failure?: ChildFailure;
  lastPhase?: ProfilePhase;
  timedOut: boolean;
  cancelled: boolean;
  killed: boolean;
  spawnError?: string;
}

interface ChildHandle {
  /** Resolves once the child is gone (and its group killed). */
  done: Promise<ChildOutcome>;
  /** Has the booting child import an empty module (see `writePrepareModule`). */
  prepare(moduleUrl: string): void;
  /** Hands the child its config: the harness waits for it after booting. */
  start(config: HarnessConfig): void;
  /** Kills the process tree, unless the child has already ended. */
  kill(): void;
}

/** Spawns the harness: an argument array (no shell), its own process group, tracked until it is gone. */
function spawnHarness(nodePath: string, harnessPath: string, cwd: string): ChildProcess {
  const child = spawn(nodePath, ['--enable-source-maps', harnessPath], {
    cwd,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  if (child.pid) trackChild(child.pid);
  return child;
}

/**
 * Spawns the harness (or takes `spare`, one `spawnHarness` booted earlier) and supervises it
 * until it is gone: the watchdog re-armed by each progress message, cancellation, output
 * capture, the orphan guard.
 */
function startChild(nodePath: string, harnessPath: string, tempDir: string, cwd: string, hooks: ProfileHooks, spare?: ChildProcess): ChildHandle {
  const outcome: ChildOutcome = {
    pid: 0,
    exitCode: null,
    signal: null,
    stdout: new OutputBuffer(),
    stderr: new OutputBuffer(),
    timedOut: false,
    cancelled: false,
    killed: false,
  };
  let child: ChildProcess;
  try {
    child = spare ?? spawnHarness(nodePath, harnessPath, cwd);
  } catch (err) {
    outcome.spawnError = (err as Error).message;
    return { done: Promise.resolve(outcome), prepare: () => undefined, start: () => undefined, kill: () => undefined };
  }
  let exited = false;
  outcome.pid = child.pid ?? 0;
  // Started once the child has spoken, so the two Node start-ups do not compete for the CPU.
  let guardPid: number | undefined;
  const guard = () => {
    if (guardPid === undefined && child.pid) guardPid = startOrphanGuard(nodePath, child.pid, tempDir) ?? 0;
  };
  const kill = () => {
    if (!child.pid || outcome.killed || exited) return;
    outcome.killed = true;
    killTree(child.pid);
  };
  let watchdog: NodeJS.Timeout | undefined;
  const arm = (budgetMs: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      outcome.timedOut = true;
      kill();
    }, budgetMs + GRACE_MS);
  };
  arm(STARTUP_MS);
  const onAbort = () => {
    outcome.cancelled = true;
    kill();
  };
  hooks.signal?.addEventListener('abort', onAbort, { once: true });

  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => outcome.stdout.append(chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => outcome.stderr.append(chunk));
  child.on('message', (message: ChildMessage) => {
    guard();
    if (message.type === 'progress') {
      outcome.lastPhase = message.phase;
      arm(message.budgetMs);
      hooks.onProgress?.({
        phase: message.phase,
        index: message.index,
        total: message.total,
        strategy: message.strategy,
        message: progressMessage(message),
      });
    } else if (message.type === 'done') {
      outcome.report = message.report;
    } else if (message.type === 'failed') {
      outcome.failure = message.failure;
    }
  });
  child.on('error', (err) => {
    outcome.spawnError = err.message;
  });
  const done = new Promise<ChildOutcome>((resolve) => {
    let closeFallback: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(closeFallback);
      clearTimeout(watchdog);
      hooks.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    child.on('exit', (code, signal) => {
      exited = true;
      clearTimeout(watchdog);
      outcome.exitCode = code;
      outcome.signal = signal;
      if (child.pid) {
        // Anything the function started and left behind in the group goes too.
        killTree(child.pid);
        untrackChild(child.pid);
      }
      if (guardPid) killQuietly(guardPid);
      guardPid = 0;
      // A grandchild in its own session may still hold the pipes: do not wait for it.
      closeFallback = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, 1_000);
    });
    child.on('close', (code, signal) => {
      outcome.exitCode ??= code;
      outcome.signal ??= signal;
      finish();
    });
  });
  const send = (message: ParentMessage) => {
    if (!exited && child.connected) child.send(message, (err) => err && kill());
  };
  return {
    done,
    prepare: (moduleUrl) => send({ type: 'prepare', moduleUrl }),
    start: (config) => send({ type: 'config', config }),
    kill,
  };
}

/**
 * An empty ES module next to where the bundle will be. The child imports it while it waits
 * for its config: the first import of a process starts Node's ES module loader, and one from
 * the same folder also caches the package scope lookup, so the bundle's own import (timed as
 * `loadMs`) took ~2 ms instead of ~10–15.
 */
function writePrepareModule(tempDir: string): string | undefined {
  const file = path.join(tempDir, 'prepare.mjs');
  try {
    writeFileSync(file, 'export {};\n');
  } catch {
    // Only a head start: the bundle's import starts the loader anyway.
    return undefined;
  }
  return pathToFileURL(file).href;
}

function progressMessage(message: Extract<ChildMessage, { type: 'progress' }>): string {
  switch (message.phase) {
    case 'load':
      return 'loading the module';
    case 'warmup':
      return `warm-up ${message.index}/${message.total}`;
    case 'run':
      return `run ${message.index}/${message.total}`;
    case 'profile':
      return `profiling ${message.index}/${message.total}`;
    case 'what-if':
      return `what-if ${message.index}/${message.total}: ${message.strategy ?? ''}`;
    default:
      return message.phase;
  }
}
