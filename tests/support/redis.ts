// Debian's redis-server, started by the test command and the benchmarks the way they start LiveKit: on a
// port of its own, in memory only (no snapshot, no append-only file), stopped with the run. A test may
// stop it and start it again on the same port, as an operator restarting Redis would.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stopChild } from './child-process.ts';

export interface RunningRedis {
  url: string;
  /** host:port, as LiveKit's configuration names it. */
  address: string;
  /** Stops it (as a crash would: SIGKILL) and starts it again empty on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Answers PING with PONG: Redis accepts commands. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export async function startRedis(port: number, dir: string): Promise<RunningRedis> {
  const logFile = path.join(dir, `redis-${port}.log`);
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const out = fs.openSync(logFile, 'a');
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const failed = new Promise<Error>((resolve) => c.once('error', (e) => resolve(new Error(`redis-server could not start (apt-get install redis-server): ${e.message}`))));
    child = c;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ready = await Promise.race([pong(port), failed]);
      if (ready instanceof Error) throw ready;
      if (ready) return;
      if (c.exitCode !== null) throw new Error(`redis-server exited with ${c.exitCode}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    async restart() {
      await stopChild(child, 'SIGKILL');
      await launch();
    },
    stop: () => stopChild(child),
  };
}
