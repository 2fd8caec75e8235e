// `npm run bench -- scale`: the city at full size on several hub instances. The whole cluster of the tests
// (two hub processes, HAProxy with deploy/haproxy.cfg, Redis, two LiveKit nodes, the S3 server) on a
// database of the benchmark's own, an office set up through the product with 126 bridge points, and 2,000
// sockets: each bridge's operator page and its TV, 5 secretaries, the moderator, and observers for the
// rest. For BENCH_SCALE_SECONDS (300 by default) the moderator changes the queue every second while the 5
// secretaries type; measured: intent to the last of the 2,000 clients, a keystroke to the 4 other
// secretaries, what was lost, and each instance's CPU and memory. Then the same with every socket on one
// instance, for comparison. The followers' sockets live in BENCH_SCALE_PROCESSES processes (4 by default,
// bench/scale-followers.ts), so that "the last client" is not the last in one Node thread's queue.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import * as Y from 'yjs';
import type { LivePatch, Role } from '../protocol/index.ts';
import { signedIn } from '../tests/support/api.ts';
import { startCluster, type Cluster } from '../tests/support/cluster.ts';
import { addPerson, OFFICE_PASSWORD, setUpOffice, type Office } from '../tests/support/office.ts';
import { connectSocket, connected } from '../tests/support/socket.ts';
import { ROOT } from '../tests/support/hub.ts';
import { withBenchDatabase } from './bench-database.ts';
import { follow, processUsage, summary, type BenchSocket } from './common.ts';
import { bareRounds } from './queue-latency.ts';
import { inBatches, monotonicMs, type FollowerConfig, type FollowerReport } from './scale-follow.ts';

const BRIDGES = 126;
const SOCKETS = 2000;
const SECRETARIES = 5;
const OBSERVER_ACCOUNTS = 20;
const CONNECT_BATCH = 50;
const TYPE_EVERY_MS = 250;
/** The followers' sockets are spread over this many processes (bench/scale-followers.ts). */
const FOLLOWER_PROCESSES = Number(process.env.BENCH_SCALE_PROCESSES ?? 4);
/** `direct` adds the layout without the balancer (two instances, each socket straight to one of them). */
const LAYOUTS = new Set((process.env.BENCH_SCALE_LAYOUTS ?? 'direct').split(',').map((l) => l.trim()));

interface Follower {
  socket: BenchSocket;
  version: number;
}

export async function scaleBench(seconds = Number(process.env.BENCH_SCALE_SECONDS ?? 300)): Promise<Record<string, unknown>> {
  return withBenchDatabase('scale', async (_db, _dir, databaseUrl) => {
    const cluster = await startCluster('scale', { databaseUrl });
    try {
      console.log(`  cluster up; setting up the office (${BRIDGES} bridge points) through the product...`);
      const office = await setUpOffice(cluster.url, 'sc', BRIDGES);
      const extra = await extraPeople(office, cluster.url);
      const chair = await signedIn(office.people.chair, cluster.url, OFFICE_PASSWORD);
      const chairSocket = connectSocket(cluster.url, chair.cookie);
      await connected(chairSocket);
      await must(chairSocket, office.sessionId, { type: 'session.open' });
      await must(chairSocket, office.sessionId, { type: 'session.start' });
      const reg = await must(chairSocket, office.sessionId, { type: 'entry.register', entry: { siteId: office.bridgeSiteId, citizenName: 'Nguyễn Văn Đo', petitionType: 'FEEDBACK', field: 'OTHER' } });
      chairSocket.disconnect();
      const [a, b] = cluster.instances;
      const two = await phase('two instances behind the balancer', cluster, [cluster.url], office, extra, reg.entryId!, seconds);
      // Where two instances' extra time goes: the same two instances with each socket straight to one of
      // them (half each, the moderator on a), so that only Redis is between them and not the balancer.
      const direct = LAYOUTS.has('direct') ? await phase('two instances, every socket straight to one (no balancer)', cluster, [a.url, b.url], office, extra, reg.entryId!, seconds) : undefined;
      const one = await phase('one instance (every socket on instance a)', cluster, [a.url], office, extra, reg.entryId!, seconds);
      // The floor in the same run: a bare socket.io server in this process broadcasting the same patch.
      const bare = await bareRounds(SOCKETS, two.patch, Math.min(seconds, 200), 5);
      const { patch: _a, ...twoInstances } = two;
      const { patch: _b, ...oneInstance } = one;
      const twoInstancesDirect = direct ? (({ patch: _c, ...rest }) => rest)(direct) : undefined;
      return { seconds, sockets: SOCKETS, bridges: BRIDGES, secretaries: SECRETARIES, twoInstances, ...(twoInstancesDirect ? { twoInstancesDirect } : {}), oneInstance, bareBroadcastMs: summary(bare.ms) };
    } finally {
      await cluster.stop();
    }
  });
}

/** Three more secretaries (five in all) and the observers' accounts, made by the administrator. */
async function extraPeople(office: Office, url: string): Promise<{ secretaries: string[]; observers: string[] }> {
  const add = async (username: string, fullName: string, role: Role): Promise<string> => (await addPerson(office.admin, url, { username, fullName, role, siteId: office.hostSiteId })).username;
  const secretaries = [office.people.secretary1, office.people.secretary2];
  for (let i = 3; i <= SECRETARIES; i++) secretaries.push(await add(`thuky${i}.sc`, `Thư Ký Số ${i}`, 'SECRETARY'));
  const observers: string[] = [];
  for (let i = 1; i <= OBSERVER_ACCOUNTS; i++) observers.push(await add(`giamsat${i}.sc`, `Giám Sát Số ${i}`, 'OBSERVER'));
  return { secretaries, observers };
}

async function must(socket: BenchSocket, sessionId: string, command: unknown): Promise<{ version: number; entryId?: string }> {
  const res = await socket.emitWithAck('live:command', { sessionId, command: command as never });
  if (!res.ok) throw new Error(`${JSON.stringify(command)}: ${res.error.message}`);
  return res;
}

/** A follower process (bench/scale-followers.ts) holding its share of the sockets. */
class FollowerProcess {
  private readonly child: ChildProcess;
  private readonly lines: AsyncIterator<string>;

  constructor(config: FollowerConfig) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'bench/scale-followers.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = readline.createInterface({ input: this.child.stdout! })[Symbol.asyncIterator]();
    this.child.stdin!.write(`${JSON.stringify(config)}\n`);
  }

  async ready(): Promise<void> {
    const line = await this.lines.next();
    if (line.done || (JSON.parse(line.value) as { event: string }).event !== 'ready') throw new Error('a follower process ended before its sockets followed the session');
  }

  async stop(): Promise<FollowerReport> {
    this.child.stdin!.write('stop\n');
    const line = await this.lines.next();
    if (line.done) throw new Error('a follower process ended without its report');
    return JSON.parse(line.value) as FollowerReport;
  }
}

/**
 * One layout under load. `urls`: where the sockets connect, follower process i to urls[i % n], the
 * secretaries spread the same way, the moderator on the first (every sign-in goes there too).
 */
async function phase(name: string, cluster: Cluster, urls: string[], office: Office, extra: { secretaries: string[]; observers: string[] }, entryId: string, seconds: number): Promise<Record<string, unknown> & { patch: LivePatch }> {
  console.log(`  ${name}: opening ${SOCKETS} sockets...`);
  const url = urls[0]!;
  const urlOf = (i: number): string => urls[i % urls.length]!;
  const joinStarted = performance.now();
  const operators = await inBatches(office.bridges, 20, (b) => signedIn(b.operator, url, OFFICE_PASSWORD));
  const secretaries = await Promise.all(extra.secretaries.map((u) => signedIn(u, url, OFFICE_PASSWORD)));
  const observers = await Promise.all(extra.observers.map((u) => signedIn(u, url, OFFICE_PASSWORD)));
  const moderator = await signedIn(office.people.moderator, url, OFFICE_PASSWORD);
  const observerCount = SOCKETS - 2 * BRIDGES - SECRETARIES - 1;
  const plan: { cookie: string; audience: 'own' | 'public' }[] = [
    ...operators.map((p) => ({ cookie: p.cookie!, audience: 'own' as const })),
    ...operators.map((p) => ({ cookie: p.cookie!, audience: 'public' as const })), // each bridge's TV
    ...Array.from({ length: observerCount }, (_, i) => ({ cookie: observers[i % observers.length]!.cookie!, audience: 'own' as const })),
  ];
  const processes = Array.from({ length: FOLLOWER_PROCESSES }, (_, i) => new FollowerProcess({ url: urlOf(i), sessionId: office.sessionId, batch: Math.ceil(CONNECT_BATCH / FOLLOWER_PROCESSES), plan: plan.filter((_, j) => j % FOLLOWER_PROCESSES === i) }));
  await Promise.all(processes.map((p) => p.ready()));
  // The secretaries follow the live state and write the minutes on the same socket, as their page does.
  const writers = await Promise.all(
    secretaries.map(async (p, i) => {
      const socket = connectSocket(urlOf(i), p.cookie);
      await connected(socket);
      const version = await follow(socket, office.sessionId, 'own');
      const opened = await socket.emitWithAck('minutes:open', { sessionId: office.sessionId, part: 'open' });
      if (!opened.ok) throw new Error(opened.error.message);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(opened.data.update), 'server');
      return { socket, doc, version };
    }),
  );
  // The followers this process holds itself: the secretaries (the rest are in the follower processes).
  const followers: Follower[] = writers.map((w) => ({ socket: w.socket, version: w.version }));
  const mod = connectSocket(url, moderator.cookie);
  await connected(mod);
  await follow(mod, office.sessionId, 'own');
  const joinSeconds = Math.round((performance.now() - joinStarted) / 100) / 10;
  const socketsFollowing = plan.length + followers.length;
  console.log(`  ${name}: ${socketsFollowing + 1} sockets joined in ${joinSeconds} s (${FOLLOWER_PROCESSES} follower processes); ${seconds} s of load...`);

  // Intent to the last client: per round, when the last follower had the committed version.
  const sentAt = new Map<number, number>();
  const reached = new Map<number, number>();
  const lastAt = new Map<number, number>();
  let patch: LivePatch | undefined;
  for (const f of followers) {
    f.socket.on('live:patch', (p: LivePatch) => {
      patch ??= p;
      if (p.version <= f.version) return;
      f.version = p.version;
      reached.set(p.version, (reached.get(p.version) ?? 0) + 1);
      lastAt.set(p.version, monotonicMs());
    });
  }
  // Keystrokes: each update's bytes, when sent, and at each other secretary when it arrived.
  const keystrokeSent = new Map<string, number>();
  const keystrokeMs: number[] = [];
  let keystrokesExpected = 0;
  let keystrokeErrors = 0;
  writers.forEach((w) => {
    w.socket.on('minutes:update', (m) => {
      const at = keystrokeSent.get(Buffer.from(m.update).toString('base64'));
      if (at !== undefined) keystrokeMs.push(performance.now() - at);
      Y.applyUpdate(w.doc, new Uint8Array(m.update), 'server');
    });
  });
  const pids = cluster.instances.map((i) => i.pid!);
  const usageBefore = await Promise.all(pids.map((pid) => processUsage(pid)));
  const benchCpuBefore = process.cpuUsage();
  const rss = pids.map(() => 0);
  const started = performance.now();
  const sampler = setInterval(() => {
    void Promise.all(pids.map((pid) => processUsage(pid))).then((u) => u.forEach((x, i) => (rss[i] = Math.max(rss[i]!, x.rssMiB))));
  }, 5000);
  let typing = true;
  const typists = writers.map(async (w, i) => {
    const key = `session:opening`;
    for (let n = 0; typing; n++) {
      const before = Y.encodeStateVector(w.doc);
      w.doc.getText(key).insert(w.doc.getText(key).length, `${i}.${n} `);
      const update = Y.encodeStateAsUpdate(w.doc, before);
      keystrokeSent.set(Buffer.from(update).toString('base64'), performance.now());
      keystrokesExpected += writers.length - 1;
      const ack = await w.socket
        .timeout(10_000)
        .emitWithAck('minutes:update', { sessionId: office.sessionId, part: 'open', update })
        .catch(() => null);
      if (!ack?.ok) keystrokeErrors++;
      await new Promise((r) => setTimeout(r, TYPE_EVERY_MS));
    }
  });
  let intentErrors = 0;
  let round = 0;
  while (performance.now() - started < seconds * 1000) {
    const at = monotonicMs();
    const res = await mod.emitWithAck('live:command', { sessionId: office.sessionId, command: { type: 'entry.priority', entryId, priority: round++ % 2 ? null : 'ELDERLY' } });
    if (res.ok) sentAt.set(res.version, at);
    else intentErrors++;
    const left = at + 1000 - monotonicMs();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
  typing = false;
  await Promise.all(typists);
  await new Promise((r) => setTimeout(r, 2000));
  clearInterval(sampler);
  const wall = (performance.now() - started) / 1000;
  const usageAfter = await Promise.all(pids.map((pid) => processUsage(pid)));
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const reports = await Promise.all(processes.map((p) => p.stop()));
  for (const report of reports) {
    for (const [version, count, last] of report.reached) {
      reached.set(version, (reached.get(version) ?? 0) + count);
      lastAt.set(version, Math.max(lastAt.get(version) ?? 0, last));
    }
  }

  const intentMs: number[] = [];
  let lostDeliveries = 0;
  for (const [version, at] of sentAt) {
    const got = reached.get(version) ?? 0;
    // A round that did not reach everyone is counted as lost, not timed; every other round is timed, however late.
    if (got < socketsFollowing) lostDeliveries += socketsFollowing - got;
    else intentMs.push(lastAt.get(version)! - at);
  }
  // With sockets on several instances directly: when the last of each instance's follower processes' sockets
  // had the patch, so that the instance the intent reached and the one Redis told can be told apart.
  const perInstance = urls.length < 2 ? undefined : Object.fromEntries(urls.map((u, k) => {
    const name = cluster.instances.find((inst) => inst.url === u)?.name ?? String(k);
    const last = new Map<number, number>();
    reports.forEach((report, i) => {
      if (urlOf(i) !== u) return;
      for (const [version, , at] of report.reached) last.set(version, Math.max(last.get(version) ?? 0, at));
    });
    return [name, summary([...sentAt].filter(([v]) => last.has(v)).map(([v, at]) => last.get(v)! - at))];
  }));
  const disconnected = followers.filter((f) => !f.socket.connected).length + reports.reduce((n, r) => n + r.disconnected, 0);
  for (const f of followers) f.socket.disconnect();
  mod.disconnect();
  const result = {
    patch: patch!,
    sockets: socketsFollowing + 1,
    joinSeconds,
    rounds: sentAt.size,
    intentToLastClientMs: summary(intentMs),
    ...(perInstance ? { lastFollowerPerInstanceMs: perInstance } : {}),
    keystrokeToOtherSecretariesMs: summary(keystrokeMs),
    errors: { intentsRefused: intentErrors, patchDeliveriesMissing: lostDeliveries, keystrokesNotStored: keystrokeErrors, keystrokeDeliveriesMissing: Math.max(0, keystrokesExpected - keystrokeMs.length), socketsDisconnected: disconnected },
    instances: pids.map((_, i) => ({ instance: cluster.instances[i]!.name, cpuCores: Math.round(((usageAfter[i]!.cpuSeconds - usageBefore[i]!.cpuSeconds) / wall) * 100) / 100, maxRssMiB: rss[i] })),
    benchProcessCpuCores: Math.round(((benchCpu.user + benchCpu.system) / 1e6 / wall) * 100) / 100,
    followerProcesses: FOLLOWER_PROCESSES,
    followerProcessesCpuCores: Math.round((reports.reduce((n, r) => n + r.cpuSeconds, 0) / wall) * 100) / 100,
  };
  console.log(`  ${name}: intent→last client p50 ${result.intentToLastClientMs.p50} ms p99 ${result.intentToLastClientMs.p99} ms; keystroke p50 ${result.keystrokeToOtherSecretariesMs.p50} ms p99 ${result.keystrokeToOtherSecretariesMs.p99} ms; errors ${JSON.stringify(result.errors)}`);
  return result;
}

