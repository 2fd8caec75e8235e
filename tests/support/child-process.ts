// The two things every server a test starts needs from its child process: to be waited for until it
// answers, and to be stopped (SIGKILL for a crash) and waited for until it has exited.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

const tail = (logFile: string): string => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '');

/** Resolves once `<url>/api/health` answers 200; rejects with the log's end if the process exits first or it takes too long. */
export async function untilHealthy(url: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url} exited (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends `signal` and resolves once the process has exited; nothing to do for one that never started or is gone. */
export async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
