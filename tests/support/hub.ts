// Starts the real parts for the integration and end-to-end tests: embedded PostgreSQL in a fresh folder,
// the project's LiveKit server, and the hub server as a child process (so a test can restart or kill it
// while PostgreSQL and LiveKit keep running).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded-postgres.ts';
import { ensureLiveKitBinary } from '../../server/src/livekit/binary.ts';
import { launchLiveKit, type RunningLiveKit } from '../../server/src/livekit/launcher.ts';
import { stopChild, untilHealthy } from './child-process.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SERVER_PORT = 18080;

export interface TestHub {
  baseUrl: string;
  databaseUrl: string;
  livekit: { url: string; apiKey: string; apiSecret: string };
  restartServer(signal?: NodeJS.Signals): Promise<void>;
  /** Process ids, for benchmarks that measure CPU and memory. */
  pids(): { server: number | undefined; livekit: number | undefined };
  stop(): Promise<void>;
}

const log = (m: string): void => {
  if (process.env.TIEPDAN_TEST_VERBOSE) console.log(`[hub] ${m}`);
};

export async function startTestHub(): Promise<TestHub> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-test-'));
  fs.chmodSync(dataDir, 0o755);
  const pgPort = 55000 + Math.floor(Math.random() * 1000);
  const lkPort = 17880;
  const db: EmbeddedDatabase = await startEmbeddedPostgres(dataDir, pgPort, log);
  const binary = await ensureLiveKitBinary(ROOT, process.env.LIVEKIT_BIN, log);
  const nodeIp = process.env.LIVEKIT_NODE_IP ?? '127.0.0.1';
  const livekit: RunningLiveKit = await launchLiveKit({
    binary,
    dataDir,
    port: lkPort,
    udpPort: 17882,
    nodeIp,
    bindAddress: '127.0.0.1',
    webhookUrl: `http://127.0.0.1:${SERVER_PORT}/api/livekit/webhook`,
    log,
  });
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(SERVER_PORT),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    SEED_DEMO: 'true',
    // Short, so a test can see a sanctioned site publish again and be caught a second time.
    MEDIA_SANCTION_SECONDS: '3',
    // The access table tries the clock's route; nothing on the shared hub moves it further than a second.
    CLOCK_CONTROL: 'true',
  };
  let server: ChildProcess | undefined;
  const serverLog = fs.openSync(path.join(dataDir, 'server.log'), 'a');

  const startServer = async (): Promise<void> => {
    // `node --import tsx` (not the tsx CLI, which forks a second process) so a signal reaches the server itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts'], {
      cwd: ROOT,
      env: serverEnv,
      stdio: ['ignore', serverLog, serverLog],
    });
    server = child;
    await untilHealthy(`http://127.0.0.1:${SERVER_PORT}`, child, path.join(dataDir, 'server.log'));
  };
  const stopServer = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => stopChild(server, signal);

  try {
    await startServer();
  } catch (err) {
    // A server that cannot start must not leave its PostgreSQL and LiveKit running behind the failed run.
    await stopServer('SIGKILL').catch(() => {});
    await livekit.stop().catch(() => {});
    await db.stop().catch(() => {});
    throw err;
  }
  return {
    baseUrl: `http://127.0.0.1:${SERVER_PORT}`,
    databaseUrl: db.url,
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    pids: () => ({ server: server?.pid, livekit: livekit.process.pid }),
    async restartServer(signal) {
      await stopServer(signal);
      await startServer();
    },
    async stop() {
      await stopServer();
      await livekit.stop();
      await db.stop();
      if (!process.env.TIEPDAN_KEEP_TEST_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
