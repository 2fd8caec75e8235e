// Starts the project's own LiveKit server: our key and secret, webhooks to our server, and no public
// STUN or external-IP discovery, so no media packet leaves the machine unless an operator says so. The
// hub supervises it: a LiveKit that dies is started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isOurs, readPid, stopLeftover, tailOf } from '../lifecycle/processes.ts';

export interface LaunchOptions {
  binary: string;
  dataDir: string;
  port: number;
  udpPort: number;
  nodeIp: string;
  bindAddress: string;
  webhookUrl: string;
  apiKey?: string;
  apiSecret?: string;
  /** Several LiveKit nodes: the Redis they share rooms through (host:port). One node alone needs none. */
  redisAddress?: string;
  log: (m: string) => void;
}

export interface RunningLiveKit {
  url: string;
  apiKey: string;
  apiSecret: string;
  /** The current server process (a new one after each restart). */
  process: ChildProcess;
  /** Called when the server process dies by itself, and again once a restart is answering. */
  onCrash(listener: (event: { kind: 'exited'; code: number | null; signal: string | null } | { kind: 'restarted'; afterMs: number }) => void): void;
  /** Stops the server for good: SIGTERM (LiveKit drains for up to 5 s), or SIGKILL for a node that dies. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Keys are generated once per data folder, so tokens and webhooks stay valid across restarts. */
function loadOrCreateKeys(dir: string, apiKey?: string, apiSecret?: string): { apiKey: string; apiSecret: string } {
  if (apiKey && apiSecret) return { apiKey, apiSecret };
  const file = path.join(dir, 'keys.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as { apiKey: string; apiSecret: string };
  const keys = { apiKey: `API${randomBytes(6).toString('hex')}`, apiSecret: randomBytes(32).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export function liveKitConfig(o: LaunchOptions, keys: { apiKey: string; apiSecret: string }): Record<string, unknown> {
  return {
    port: o.port,
    bind_addresses: [o.bindAddress],
    rtc: {
      udp_port: o.udpPort,
      tcp_port: 0,
      use_external_ip: false,
      node_ip: o.nodeIp,
      ips: { includes: [`${o.nodeIp}/32`] },
      // Points at nothing on purpose: clients must never be handed Google's public STUN servers.
      stun_servers: ['127.0.0.1:3478'],
    },
    keys: { [keys.apiKey]: keys.apiSecret },
    webhook: { api_key: keys.apiKey, urls: [o.webhookUrl] },
    room: { auto_create: true, empty_timeout: 300, departure_timeout: 20 },
    logging: { level: 'info', json: false },
    ...(o.redisAddress ? { redis: { address: o.redisAddress } } : {}),
  };
}

/** Pauses between restarts of a server that keeps dying; back to the first after a minute of good health. */
const RESTART_BACKOFF_MS = [250, 1000, 2000, 5000, 10_000];
const HEALTHY_AFTER_MS = 60_000;

/**
 * Starts LiveKit and keeps it running: a server that dies (killed, crashed) is started again with the same
 * configuration and keys, so tokens and webhooks stay valid. Its PID is kept in DATA_DIR/livekit/livekit.pid,
 * and one left running by a hub that was killed is stopped before a new one starts.
 */
export async function launchLiveKit(o: LaunchOptions): Promise<RunningLiveKit> {
  const dir = path.join(o.dataDir, 'livekit');
  fs.mkdirSync(dir, { recursive: true });
  const keys = loadOrCreateKeys(dir, o.apiKey, o.apiSecret);
  // JSON is valid YAML, so the config needs no YAML library.
  const configFile = path.join(dir, 'livekit.yaml');
  const logPath = path.join(dir, 'livekit.log');
  const pidFile = path.join(dir, 'livekit.pid');
  await stopLeftoverLiveKit(pidFile, configFile, o.log);
  fs.writeFileSync(configFile, JSON.stringify(liveKitConfig(o, keys), null, 2), { mode: 0o600 });
  const url = `ws://127.0.0.1:${o.port}`;
  const listeners: Parameters<RunningLiveKit['onCrash']>[0][] = [];
  let stopping = false;
  let restarts = 0;

  const spawnOnce = async (): Promise<ChildProcess> => {
    const logFile = fs.openSync(logPath, 'a');
    const child = spawn(o.binary, ['--config', configFile], { stdio: ['ignore', logFile, logFile] });
    fs.closeSync(logFile);
    if (child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
    const exited = new Promise<'exited'>((resolve) => child.once('exit', () => resolve('exited')));
    const ready = waitForHttp(`http://127.0.0.1:${o.port}/`, 20_000).then(() => 'ready' as const);
    if ((await Promise.race([ready, exited])) === 'exited') {
      throw new Error(`LiveKit server stopped while starting (is port ${o.port} or UDP ${o.udpPort} in use?):\n${tailOf(logPath)}\nFull log: ${logPath}`);
    }
    return child;
  };

  const running: RunningLiveKit = {
    url,
    ...keys,
    process: await spawnOnce(),
    onCrash: (l) => void listeners.push(l),
    async stop(signal = 'SIGTERM') {
      stopping = true;
      const child = running.process;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(pidFile, { force: true });
    },
  };

  const supervise = (child: ChildProcess, startedAt: number): void => {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const down = Date.now();
      if (down - startedAt > HEALTHY_AFTER_MS) restarts = 0;
      o.log(`LiveKit server exited by itself (${signal ?? `code ${code}`}); restarting it. Log: ${logPath}`);
      for (const l of listeners) l({ kind: 'exited', code, signal });
      const again = async (): Promise<void> => {
        const pause = RESTART_BACKOFF_MS[Math.min(restarts++, RESTART_BACKOFF_MS.length - 1)]!;
        await new Promise((r) => setTimeout(r, pause));
        if (stopping) return;
        try {
          running.process = await spawnOnce();
          o.log(`LiveKit server is back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
          supervise(running.process, Date.now());
          for (const l of listeners) l({ kind: 'restarted', afterMs: Date.now() - down });
        } catch (e) {
          o.log(`LiveKit server could not be restarted: ${e instanceof Error ? e.message : String(e)}`);
          void again();
        }
      };
      void again();
    });
  };
  supervise(running.process, Date.now());
  return running;
}

/** A LiveKit left running by a hub that was killed holds our ports: stop it if it is ours (it runs our config). */
async function stopLeftoverLiveKit(pidFile: string, configFile: string, log: (m: string) => void): Promise<void> {
  const pid = readPid(pidFile);
  if (pid === null) return;
  if (isOurs(pid, [configFile])) {
    log(`LiveKit (PID ${pid}) was still running from an earlier start that did not stop cleanly; stopping it`);
    const stopped = await stopLeftover(pid, [
      { signal: 'SIGTERM', waitMs: 5000 },
      { signal: 'SIGKILL', waitMs: 2000 },
    ]);
    if (!stopped) throw new Error(`LiveKit (PID ${pid}) from an earlier start does not stop; stop it by hand (kill -9 ${pid}).`);
  }
  fs.rmSync(pidFile, { force: true });
}
async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`LiveKit did not answer on ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
