// Queue change to every client updated, at several socket counts in one run (400, 1,000 and 2,000 by
// default; a quarter bridge-operator sockets, three quarters observer sockets, as the original 100 + 300):
// from the intent leaving a moderator's socket to the patch applied at the last client. Beside each, in the
// same run, a bare socket.io broadcast of the same payload to as many sockets: the floor we cannot beat.
// The hub's clients are kept and topped up from one count to the next (joining is paced by the account's
// rate limit), so the 400 figures are taken exactly as before, and each count is measured against its
// own baseline right after it.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import type { LivePatch } from '../protocol/index.ts';
import { createBenchSession, follow, INTENT_EVERY_MS, openSocket, pace, processUsage, signIn, summary, type BenchSocket } from './common.ts';

const BRIDGES = ['diemcau.badinh', 'diemcau.hoankiem', 'diemcau.caugiay', 'diemcau.hadong', 'diemcau.longbien', 'diemcau.socson'];

/** Socket counts measured by default; the first keeps the result keys the README's figures came from. */
export const QUEUE_SOCKET_COUNTS = [400, 1000, 2000];
/** Sockets opened at once; the next batch starts when every socket of this one is connected. */
const CONNECT_BATCH = 50;
/**
 * `live:sync` asks in flight at once while joining. Every observer socket is the one account `giamsat`,
 * whose intents are limited to 20 a second after a burst of 40 (realtime/rate-limit.ts): a refused ask
 * waits the seconds it is told (follow), so this only bounds how many refusals the hub answers.
 */
const JOIN_CONCURRENCY = 25;
/** A round whose patch has not reached every client by then fails the benchmark (a lost socket, a stuck hub). */
const ROUND_TIMEOUT_MS = 30_000;

export interface QueueLatencyOptions {
  /** Socket counts, ascending; each is split 1:3 between bridge-operator and observer sockets. */
  counts?: number[];
  rounds?: number;
  warmup?: number;
  /** The hub server's process id, to check its open-file limit and measure its CPU beside ours. */
  serverPid?: () => number | undefined;
}

interface PhaseLoad {
  /** CPU of the benchmark process (all its threads) over the timed rounds, in cores. */
  benchCpuCores: number;
  /** Share of the benchmark's main thread busy over the timed rounds (1 = never idle). */
  benchEventLoopUtilization: number;
  /** CPU of the hub server process over the timed rounds, in cores (hub phase only). */
  serverCpuCores?: number;
}

interface CountResult {
  sockets: number;
  bridgeSockets: number;
  observerSockets: number;
  payloadBytes: number;
  hubMs: ReturnType<typeof summary>;
  bareBroadcastMs: ReturnType<typeof summary>;
  ratioP50: number;
  ratioP99: number;
  /** Seconds to open and join the sockets added for this count (paced by the observer account's limit). */
  joinSeconds: number;
  /** Rounds in which some client's first new patch was not the one of the timed intent (expected 0). */
  strayPatchRounds: number;
  hubLoad: PhaseLoad;
  bareLoad: PhaseLoad;
}

export async function queueLatency(baseUrl: string, databaseUrl: string, options: QueueLatencyOptions = {}): Promise<Record<string, unknown>> {
  const counts = options.counts ?? QUEUE_SOCKET_COUNTS;
  const rounds = options.rounds ?? 200;
  const warmup = options.warmup ?? 10;
  if (counts.length === 0 || counts.some((n, i) => n < 4 || n % 4 !== 0 || (i > 0 && n <= counts[i - 1]!))) {
    throw new Error(`queue benchmark: socket counts must be ascending multiples of 4, got ${counts.join(', ')}`);
  }
  const most = counts.at(-1)!;
  checkOpenFileLimits(most, options.serverPid?.());

  const { id: sessionId, sites } = await createBenchSession(databaseUrl, 'Đo độ trễ hàng chờ');
  const cookies = Object.fromEntries(await Promise.all([...BRIDGES, 'giamsat', 'dieuphoi'].map(async (u) => [u, await signIn(baseUrl, u)] as const)));
  // The same accounts at every count: one sign-in each, any number of sockets sharing its cookie.
  const bridgeClients: BenchSocket[] = [];
  const observerClients: BenchSocket[] = [];
  let moderator: BenchSocket | undefined;
  let entryId = '';
  let version = 0;
  const results: CountResult[] = [];
  try {
    for (const n of counts) {
      // Top up to n: bridge sockets to n/4, observer sockets to 3n/4, so the proportion holds at every count.
      const joinStarted = performance.now();
      const bridgeUsers = Array.from({ length: n / 4 - bridgeClients.length }, (_, k) => BRIDGES[(bridgeClients.length + k) % BRIDGES.length]!);
      const addedBridges = await openSockets(baseUrl, bridgeUsers.map((u) => cookies[u]));
      bridgeClients.push(...addedBridges);
      const addedObservers = await openSockets(baseUrl, Array.from({ length: (3 * n) / 4 - observerClients.length }, () => cookies.giamsat));
      observerClients.push(...addedObservers);
      const clients = [...bridgeClients, ...observerClients];
      await inPool([...addedBridges, ...addedObservers], JOIN_CONCURRENCY, (s) => follow(s, sessionId));
      if (!moderator) {
        moderator = await openSocket(baseUrl, cookies.dieuphoi);
        await moderator.emitWithAck('live:sync', { sessionId, version: null });
        await moderator.emitWithAck('live:command', { sessionId, command: { type: 'session.open' } });
        const reg = await moderator.emitWithAck('live:command', {
          sessionId,
          command: { type: 'entry.register', entry: { siteId: sites['BA-DINH']!, citizenName: 'Nguyễn Văn Đo', petitionType: 'FEEDBACK', field: 'OTHER' } },
        });
        if (!reg.ok) throw new Error(reg.error.message);
        entryId = reg.entryId!;
        version = reg.version;
      }
      const joinSeconds = Math.round((performance.now() - joinStarted) / 100) / 10;
      await new Promise((r) => setTimeout(r, 500));
      assertAllConnected(clients, `hub clients before the ${n}-socket rounds`);

      const hub = await hubRounds(clients, moderator, sessionId, entryId, version, rounds, warmup, options.serverPid?.());
      version = hub.version;
      assertAllConnected(clients, `hub clients after the ${n}-socket rounds`);

      const bare = await bareRounds(n, hub.payload, rounds, warmup);
      const hubStats = summary(hub.ms);
      const bareStats = summary(bare.ms);
      const result: CountResult = {
        sockets: n,
        bridgeSockets: n / 4,
        observerSockets: (3 * n) / 4,
        payloadBytes: JSON.stringify(hub.payload).length,
        hubMs: hubStats,
        bareBroadcastMs: bareStats,
        ratioP50: Math.round((hubStats.p50 / bareStats.p50) * 10) / 10,
        ratioP99: Math.round((hubStats.p99 / bareStats.p99) * 10) / 10,
        joinSeconds,
        strayPatchRounds: hub.strayRounds,
        hubLoad: hub.load,
        bareLoad: bare.load,
      };
      results.push(result);
      console.log(`  ${n} sockets: hub p50 ${hubStats.p50} ms, p99 ${hubStats.p99} ms; bare p50 ${bareStats.p50} ms, p99 ${bareStats.p99} ms`);
    }
  } finally {
    for (const s of [...bridgeClients, ...observerClients, ...(moderator ? [moderator] : [])]) s.disconnect();
  }

  // The first count keeps the keys of the original 400-socket benchmark; the others go under `sockets<N>`.
  const [first, ...rest] = results;
  return {
    ...first,
    ...Object.fromEntries(rest.map((r) => [`sockets${r.sockets}`, r])),
  };
}

/** Opens sockets in batches of CONNECT_BATCH, each batch fully connected before the next starts. */
async function openSockets(url: string, cookies: (string | undefined)[]): Promise<BenchSocket[]> {
  const sockets: BenchSocket[] = [];
  for (let i = 0; i < cookies.length; i += CONNECT_BATCH) {
    const batch = cookies.slice(i, i + CONNECT_BATCH);
    const opened = await Promise.allSettled(batch.map((c) => openSocket(url, c)));
    const failed = opened.filter((o) => o.status === 'rejected');
    for (const o of opened) if (o.status === 'fulfilled') sockets.push(o.value);
    if (failed.length > 0) {
      for (const s of sockets) s.disconnect();
      throw new Error(`queue benchmark: ${failed.length} of ${batch.length} sockets failed to connect to ${url} after ${i} had (${String(failed[0]!.reason)})`);
    }
  }
  return sockets;
}

/** Runs `job` over `items` with at most `concurrency` at once. */
async function inPool<T>(items: T[], concurrency: number, job: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await job(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function assertAllConnected(sockets: BenchSocket[], what: string): void {
  const lost = sockets.filter((s) => !s.connected).length;
  if (lost > 0) throw new Error(`queue benchmark: ${lost} of ${sockets.length} ${what} are disconnected`);
}

/** The soft open-file limit of a process, from /proc (Infinity when unlimited or unreadable). */
function openFileLimit(pid: number | 'self'): number {
  try {
    const m = /^Max open files\s+(\S+)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return Infinity;
  }
}

/**
 * At the largest count this process holds the hub's clients plus both ends of the bare broadcast's sockets,
 * and the hub server one descriptor per client: refuse to start rather than fail halfway with EMFILE.
 */
function checkOpenFileLimits(most: number, serverPid: number | undefined): void {
  const spare = 512;
  const ours = openFileLimit('self');
  if (ours < 3 * most + spare) {
    throw new Error(`queue benchmark: ${most} sockets need about ${3 * most + spare} open files in the benchmark process, its limit is ${ours} (raise it with \`ulimit -n\`)`);
  }
  const server = serverPid ? openFileLimit(serverPid) : Infinity;
  if (server < most + spare) {
    throw new Error(`queue benchmark: ${most} sockets need about ${most + spare} open files in the hub server, its limit is ${server} (raise it with \`ulimit -n\`)`);
  }
}

/**
 * CPU and event-loop load while rounds are in flight (from the intent or broadcast until the last client
 * has the patch), summed over the timed rounds: the pauses between rounds are left out, so a figure near 1
 * means that side was busy for the whole of every measured round.
 */
class LoadMeter {
  private wallMs = 0;
  private cpuMicros = 0;
  private active = 0;
  private idle = 0;
  private serverSeconds = 0;
  private open?: { wall: number; cpu: NodeJS.CpuUsage; elu: ReturnType<typeof performance.eventLoopUtilization>; server?: number };

  constructor(private readonly serverPid: number | undefined) {}

  async begin(): Promise<void> {
    const server = this.serverPid ? (await processUsage(this.serverPid)).cpuSeconds : undefined;
    this.open = { wall: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), server };
  }

  async end(): Promise<void> {
    const o = this.open!;
    this.wallMs += performance.now() - o.wall;
    const cpu = process.cpuUsage(o.cpu);
    this.cpuMicros += cpu.user + cpu.system;
    const elu = performance.eventLoopUtilization(o.elu);
    this.active += elu.active;
    this.idle += elu.idle;
    if (this.serverPid && o.server !== undefined) this.serverSeconds += (await processUsage(this.serverPid)).cpuSeconds - o.server;
  }

  result(): PhaseLoad {
    const r = (x: number) => Math.round(x * 100) / 100;
    const load: PhaseLoad = {
      benchCpuCores: r(this.cpuMicros / 1000 / this.wallMs),
      benchEventLoopUtilization: r(this.active / (this.active + this.idle)),
    };
    // /proc counts CPU in 10 ms ticks: summed over 200 rounds it is a fair average, not a per-round figure.
    if (this.serverPid) load.serverCpuCores = r((this.serverSeconds * 1000) / this.wallMs);
    return load;
  }
}

/**
 * Waits for the first patch newer than `after` at every client; rejects (instead of hanging) if some
 * client has not had it within ROUND_TIMEOUT_MS. Resolves with the versions the clients received.
 */
function patchAtAll(clients: BenchSocket[], after: number, round: number, onPatch?: (p: LivePatch) => void): { done: Promise<Set<number>>; cancel: () => void } {
  let received = 0;
  const versions = new Set<number>();
  const listeners: [BenchSocket, (p: LivePatch) => void][] = [];
  let timer: NodeJS.Timeout | undefined;
  const cancel = (): void => {
    clearTimeout(timer);
    for (const [s, l] of listeners) s.off('live:patch', l);
  };
  const done = new Promise<Set<number>>((resolve, reject) => {
    timer = setTimeout(() => {
      cancel();
      const lost = clients.filter((s) => !s.connected).length;
      reject(new Error(`queue benchmark: round ${round}: the patch reached ${received} of ${clients.length} clients in ${ROUND_TIMEOUT_MS / 1000} s (${lost} disconnected)`));
    }, ROUND_TIMEOUT_MS);
    for (const s of clients) {
      const listener = (p: LivePatch): void => {
        if (p.version <= after) return;
        s.off('live:patch', listener);
        versions.add(p.version);
        onPatch?.(p);
        if (++received === clients.length) {
          clearTimeout(timer);
          resolve(versions);
        }
      };
      listeners.push([s, listener]);
      s.on('live:patch', listener);
    }
  });
  done.catch(() => undefined);
  return { done, cancel };
}

async function hubRounds(
  clients: BenchSocket[],
  moderator: BenchSocket,
  sessionId: string,
  entryId: string,
  startVersion: number,
  rounds: number,
  warmup: number,
  serverPid: number | undefined,
): Promise<{ ms: number[]; payload: LivePatch; version: number; strayRounds: number; load: PhaseLoad }> {
  let payload: LivePatch | undefined;
  let version = startVersion;
  let strayRounds = 0;
  const meter = new LoadMeter(serverPid);
  const ms: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const timed = round >= warmup;
    if (timed) await meter.begin();
    const started = performance.now();
    const wait = patchAtAll(clients, version, round, (p) => (payload = p));
    // A priority toggle: a typical queue change that every site must see.
    const res = await moderator.emitWithAck('live:command', { sessionId, command: { type: 'entry.priority', entryId, priority: round % 2 ? null : 'ELDERLY' } });
    if (!res.ok) {
      wait.cancel();
      throw new Error(res.error.message);
    }
    const versions = await wait.done;
    if (timed) {
      ms.push(performance.now() - started);
      await meter.end();
    }
    if (versions.size !== 1 || !versions.has(res.version)) strayRounds++;
    version = Math.max(res.version, ...versions);
    // A moderator clicks a few times a second at most; faster is refused as a flood (realtime/rate-limit.ts).
    await pace(started, INTENT_EVERY_MS);
  }
  return { ms, payload: payload!, version, strayRounds, load: meter.result() };
}

/** The floor: a bare socket.io server in this process broadcasting the same payload to `n` sockets. */
export async function bareRounds(n: number, payload: LivePatch, rounds: number, warmup: number): Promise<{ ms: number[]; load: PhaseLoad }> {
  const server = http.createServer();
  const bare = new Server(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = await openSockets(url, Array.from({ length: n }, () => undefined));
  try {
    assertAllConnected(clients, 'bare clients');
    const meter = new LoadMeter(undefined);
    const ms: number[] = [];
    for (let round = 0; round < warmup + rounds; round++) {
      const timed = round >= warmup;
      if (timed) await meter.begin();
      const started = performance.now();
      // The same payload every round: any version counts as new here.
      const wait = patchAtAll(clients, -1, round);
      bare.emit('live:patch', payload);
      await wait.done;
      if (timed) {
        ms.push(performance.now() - started);
        await meter.end();
      }
    }
    return { ms, load: meter.result() };
  } finally {
    for (const s of clients) s.disconnect();
    await bare.close();
  }
}
