// Child processes the hub owns (PostgreSQL, LiveKit) outlive a hub that is killed with SIGKILL: nothing can
// stop them then. So every child's PID is written where the next start looks, and the next start stops
// what it finds of its own before it begins. "Its own" is checked on the command line, so a PID that the
// system has since given to another program is left alone.
import fs from 'node:fs';

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to another user (PostgreSQL runs as `postgres` when we are root).
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** An orphan that has exited but was not yet reaped by its new parent still answers signal 0. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The process's command line (arguments joined by spaces), or null when it is gone or unreadable. */
export function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

/** Whether `pid` is alive and its command line contains every one of `marks`. */
export function isOurs(pid: number, marks: string[]): boolean {
  if (!isAlive(pid)) return false;
  const cmd = commandLine(pid);
  // Without /proc (not Linux) a live PID recorded by us is trusted.
  if (cmd === null) return !fs.existsSync('/proc/self');
  return marks.every((m) => cmd.includes(m));
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Stops a process left behind by an earlier hub: each signal in turn, waiting for it to take effect.
 * Returns false if it is still alive after the last one.
 */
export async function stopLeftover(pid: number, steps: { signal: NodeJS.Signals; waitMs: number }[]): Promise<boolean> {
  for (const { signal, waitMs } of steps) {
    try {
      process.kill(pid, signal);
    } catch {
      return true; // already gone
    }
    if (await waitForExit(pid, waitMs)) return true;
  }
  return !isAlive(pid);
}

export function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]!.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The last lines of a log file, for an error message that says what really failed. */
export function tailOf(file: string, lines = 12): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').filter((l) => l.trim()).slice(-lines).join('\n');
  } catch {
    return '';
  }
}
