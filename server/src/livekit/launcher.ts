// Starts the project's own LiveKit server: our key and secret, webhooks to our server, and no public
// STUN or external-IP discovery, so no media packet leaves the machine unless an operator says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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
  log: (m: string) => void;
}

export interface RunningLiveKit {
  url: string;
  apiKey: string;
  apiSecret: string;
  process: ChildProcess;
  stop(): Promise<void>;
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
  };
}

export async function launchLiveKit(o: LaunchOptions): Promise<RunningLiveKit> {
  const dir = path.join(o.dataDir, 'livekit');
  fs.mkdirSync(dir, { recursive: true });
  const keys = loadOrCreateKeys(dir, o.apiKey, o.apiSecret);
  // JSON is valid YAML, so the config needs no YAML library.
  const configFile = path.join(dir, 'livekit.yaml');
  fs.writeFileSync(configFile, JSON.stringify(liveKitConfig(o, keys), null, 2), { mode: 0o600 });
  const logFile = fs.openSync(path.join(dir, 'livekit.log'), 'a');
  const child = spawn(o.binary, ['--config', configFile], { stdio: ['ignore', logFile, logFile] });
  fs.closeSync(logFile);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `ws://127.0.0.1:${o.port}`;
  const ready = waitForHttp(`http://127.0.0.1:${o.port}/`, 20_000);
  const outcome = await Promise.race([ready.then(() => 'ready' as const), exited.then(() => 'exited' as const)]);
  if (outcome === 'exited') {
    throw new Error(`LiveKit server stopped while starting; see ${path.join(dir, 'livekit.log')} (is port ${o.port} or UDP ${o.udpPort} in use?)`);
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { url, ...keys, process: child, stop };
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
