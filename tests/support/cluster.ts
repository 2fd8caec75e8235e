// Several hub instances the way a city runs them: two hub server processes on one PostgreSQL database (a
// fresh one on the test tier's server, its first administrator set up by the product's command-line
// setup), two LiveKit nodes sharing rooms through Redis, a real Redis (Debian's redis-server) that also
// carries socket.io's broadcasts between the instances, and HAProxy in front of both the hubs and the
// LiveKit nodes with the deployment's own configuration (deploy/haproxy.cfg). Files go to a real
// S3-compatible server (Versity Gateway): each instance has a data folder of its own, as on separate
// machines. A test may SIGKILL an instance or a node, start it again, or restart Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLiveKitBinary } from '../../server/src/livekit/binary.ts';
import { launchLiveKit, type RunningLiveKit } from '../../server/src/livekit/launcher.ts';
import { ROOT } from './hub.ts';
import { startRedis, type RunningRedis } from './redis.ts';
import { startVersity } from './versitygw.ts';
import { stopChild, untilHealthy } from './child-process.ts';

export const CLUSTER_PORTS = { balancer: 18380, a: 18381, b: 18382, redis: 18390, livekitBalancer: 18470, livekit: [18480, 18490], livekitUdp: [18482, 18492], s3: 18580 };

const log = (m: string): void => {
  if (process.env.TIEPDAN_TEST_VERBOSE) console.log(`[cluster] ${m}`);
};

/** One hub server process of the cluster. */
export class HubInstance {
  private child: ChildProcess | undefined;
  constructor(
    readonly name: 'a' | 'b',
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const out = fs.openSync(this.logFile, 'a');
    // `node --import tsx` (not the tsx CLI, which forks): a signal sent to this PID reaches the hub itself.
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts'], { cwd: ROOT, env: { ...this.env, PORT: String(this.port) }, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    await untilHealthy(this.url, this.child, this.logFile);
  }

  /** Stops the process; SIGKILL is a crash (no shutdown, sockets cut). */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    return stopChild(this.child, signal);
  }

  output(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
  }
}

export interface Cluster {
  /** Where everyone connects: the load balancer. */
  url: string;
  instances: [HubInstance, HubInstance];
  redis: RunningRedis;
  /** The two nodes; the hubs and the browsers reach them through the load balancer only. */
  livekit: [RunningLiveKit, RunningLiveKit];
  livekitKeys: { apiKey: string; apiSecret: string };
  /** Which node (0 or 1) hosts a room now, from the nodes' own logs; null when none does yet. */
  nodeHolding(roomName: string): number | null;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole cluster. A test gets a fresh database on the test tier's PostgreSQL; a benchmark passes
 * one of its own (migrated, its first administrator set up).
 */
export async function startCluster(name: string, opts: { databaseUrl?: string } = {}): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-cluster-'));
  fs.chmodSync(dir, 0o755);
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => {});
    if (!process.env.TIEPDAN_KEEP_TEST_DATA) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    let database: { url: string };
    if (opts.databaseUrl) database = { url: opts.databaseUrl };
    else {
      // Loaded here: it reads the test tier's database from vitest, which a benchmark does not run in.
      const own = await (await import('./own-database.ts')).ownDatabase(name);
      stops.push(own.drop);
      database = own;
    }
    const redis = await startRedis(CLUSTER_PORTS.redis, dir);
    stops.push(redis.stop);
    const s3 = await startVersity(ROOT, CLUSTER_PORTS.s3, dir);
    stops.push(s3.stop);
    const url = `http://127.0.0.1:${CLUSTER_PORTS.balancer}`;
    const keys = { apiKey: 'tiepdan', apiSecret: randomBytes(32).toString('base64url') };
    const binary = await ensureLiveKitBinary(ROOT, process.env.LIVEKIT_BIN, log);
    const node = async (n: 0 | 1): Promise<RunningLiveKit> => {
      const lk = await launchLiveKit({
        binary,
        dataDir: path.join(dir, `livekit-${n + 1}`),
        port: CLUSTER_PORTS.livekit[n]!,
        udpPort: CLUSTER_PORTS.livekitUdp[n]!,
        nodeIp: process.env.LIVEKIT_NODE_IP ?? '127.0.0.1',
        bindAddress: '127.0.0.1',
        // Through the load balancer, as every node's webhooks go in a deployment: any instance takes them.
        webhookUrl: `${url}/api/livekit/webhook`,
        redisAddress: redis.address,
        ...keys,
        log,
      });
      stops.push(lk.stop);
      return lk;
    };
    const livekit: [RunningLiveKit, RunningLiveKit] = [await node(0), await node(1)];
    // The balancer first: the hubs reach LiveKit through it from their first second.
    const balancerLog = path.join(dir, 'haproxy.log');
    const out = fs.openSync(balancerLog, 'a');
    const balancer = spawn('haproxy', ['-db', '-f', path.join(ROOT, 'deploy', 'haproxy.cfg')], {
      env: {
        ...process.env,
        LISTEN: `127.0.0.1:${CLUSTER_PORTS.balancer}`,
        HUB_A: `127.0.0.1:${CLUSTER_PORTS.a}`,
        HUB_B: `127.0.0.1:${CLUSTER_PORTS.b}`,
        LIVEKIT_LISTEN: `127.0.0.1:${CLUSTER_PORTS.livekitBalancer}`,
        LIVEKIT_A: `127.0.0.1:${CLUSTER_PORTS.livekit[0]}`,
        LIVEKIT_B: `127.0.0.1:${CLUSTER_PORTS.livekit[1]}`,
      },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    balancer.once('error', (e) => fs.appendFileSync(balancerLog, `haproxy could not start (apt-get install haproxy): ${e.message}\n`));
    stops.push(() => stopChild(balancer));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOST: '127.0.0.1',
      // The intake's scans must be readable whichever instance serves the download: on S3, not in a folder.
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'tiepdan-files',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      DATABASE_URL: database.url,
      LIVEKIT_URL: `ws://127.0.0.1:${CLUSTER_PORTS.livekitBalancer}`,
      LIVEKIT_API_KEY: keys.apiKey,
      LIVEKIT_API_SECRET: keys.apiSecret,
      REDIS_URL: redis.url,
      SEED_DEMO: 'false',
      WEB_BUILD: 'never',
    };
    for (const k of ['PUBLIC_URL', 'LIVEKIT_PUBLIC_URL', 'CLOCK_CONTROL', 'SMTP_URL']) delete env[k];
    const instances: [HubInstance, HubInstance] = [
      new HubInstance('a', CLUSTER_PORTS.a, { ...env, DATA_DIR: path.join(dir, 'hub-a') }, path.join(dir, 'hub-a.log')),
      new HubInstance('b', CLUSTER_PORTS.b, { ...env, DATA_DIR: path.join(dir, 'hub-b') }, path.join(dir, 'hub-b.log')),
    ];
    stops.push(() => Promise.all(instances.map((i) => i.stop())));
    await Promise.all(instances.map((i) => i.start()));
    await untilHealthy(url, balancer, balancerLog, 20_000);
    // The node that starts a participant's session in a room is the room's host (another node may only relay signalling).
    const nodeHolding = (roomName: string): number | null => {
      let newest: { node: number; at: string } | null = null;
      for (const n of [0, 1]) {
        const file = path.join(dir, `livekit-${n + 1}`, 'livekit', 'livekit.log');
        const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
        const last = lines.filter((l) => l.includes('starting RTC session') && l.includes(`"room": "${roomName}"`)).pop();
        if (last && (!newest || last.slice(0, 24) > newest.at)) newest = { node: n, at: last.slice(0, 24) };
      }
      return newest?.node ?? null;
    };
    return { url, instances, redis, livekit, livekitKeys: keys, nodeHolding, databaseUrl: database.url, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
