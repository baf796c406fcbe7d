// Kills a child process together with everything it started: its process group (the child
// is spawned detached, as a group leader) and any descendant that left the group.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

/** Pids of every live descendant of `pid` (children first), read before anything is killed. */
export function descendantsOf(pid: number): number[] {
  const parents = readParentTable();
  const children = new Map<number, number[]>();
  for (const [child, parent] of parents) {
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** Child pid → parent pid for every process visible to us. */
function readParentTable(): Map<number, number> {
  const table = new Map<number, number>();
  if (process.platform === 'linux') {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        // Format: pid (comm) state ppid …; comm may hold spaces and parentheses.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        table.set(Number(entry), Number(fields[1]));
      } catch {
        // The process ended while we read.
      }
    }
    return table;
  }
  if (process.platform !== 'win32') {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid && ppid) table.set(pid, ppid);
    }
  }
  return table;
}

/** True while `pid` exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGKILL to one process, ignoring that it may be gone already. */
export function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Sends SIGKILL to `pid`, its process group and every descendant. Safe to call for a process
 * that already ended. Returns the pids it signalled.
 */
export function killTree(pid: number): number[] {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
    return [pid];
  }
  let descendants: number[] = [];
  try {
    descendants = descendantsOf(pid);
  } catch {
    // Without a process table the group kill below still reaches most of the tree.
  }
  const signalled: number[] = [];
  const kill = (target: number) => {
    try {
      process.kill(target, 'SIGKILL');
      signalled.push(Math.abs(target));
    } catch {
      // Already gone.
    }
  };
  kill(-pid);
  kill(pid);
  descendants.forEach(kill);
  return signalled;
}

/**
 * The orphan guard: a tiny detached `node` that kills the child's process group if this
 * process dies first (an editor window closed mid-profile; `kill -9` of the CLI). Without
 * it a function stuck in an infinite loop would outlive everything: our watchdog timer dies
 * with us, and the child's own loop is blocked. It then removes the temp folder too. Exits
 * by itself once the child is gone. It runs below normal priority: it only has to boot and
 * poll, and at normal priority its start-up (a whole Node's) took the CPU from the function
 * being measured (under load the function's own time read ~20% higher). Not the lowest
 * priority: next to a function spinning in a loop, a guard at the lowest would need seconds
 * to boot on a busy machine; at this one, about one.
 */
const GUARD_SOURCE = `
const [parent, child] = process.argv.slice(1, 3).map(Number);
const tempDir = process.argv[3];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent) || process.ppid !== parent) {
    try { process.kill(-child, 'SIGKILL'); } catch {}
    try { process.kill(child, 'SIGKILL'); } catch {}
    if (tempDir) try { require('node:fs').rmSync(tempDir, { recursive: true, force: true }); } catch {}
    process.exit(0);
  }
}, 500);
`;

/** Starts the orphan guard for `childPid` (POSIX only); returns its pid. */
export function startOrphanGuard(nodePath: string, childPid: number, tempDir: string): number | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const guard = spawn(nodePath, ['-e', GUARD_SOURCE, String(process.pid), String(childPid), tempDir], {
      stdio: 'ignore',
      detached: true,
      windowsHide: true,
    });
    guard.on('error', () => undefined);
    guard.unref();
    if (guard.pid) lowerPriority(guard.pid, os.constants.priority.PRIORITY_BELOW_NORMAL);
    return guard.pid;
  } catch {
    return undefined;
  }
}

/**
 * Sets the nice value of `pid`. On Linux with autogroup scheduling a process in its own
 * session (the detached guard) competes as a group of its own, where its nice value alone
 * changes nothing: the group's is set too.
 */
function lowerPriority(pid: number, nice: number): void {
  try {
    os.setPriority(pid, nice);
  } catch {
    // It still runs, at normal priority.
  }
  if (process.platform !== 'linux') return;
  try {
    fs.writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch {
    // No autogroup scheduling here, or not allowed: the nice value above is what counts.
  }
}
