// `npm run bench -- load`: one session, the host office and up to 126 bridge points, each publishing a
// simulcast camera (three VP8 layers) and a microphone from a Go load generator (bench/loadgen) split
// over several processes so that it is not the limit. Each run subscribes every page either by the
// product's media plan (web/src/room/media-plan.ts: a bridge takes the host office and the speaker, the
// host console the speaker and a page of thumbnails) or, for comparison, everyone to everyone. Measured:
// subscriptions, LiveKit's CPU and memory per bridge, the host's downstream bitrate.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { RoomServiceClient } from 'livekit-server-sdk';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../server/src/db/generated/client.ts';
import { goToolchain } from '../server/src/lifecycle/go-install.ts';
import { mediaPlan, type PlanParticipant } from '../web/src/room/media-plan.ts';
import { ROOT } from '../tests/support/hub.ts';
import { connectionFor, percentile, processUsage, signIn } from './common.ts';
import { ensureSampleLayers, SAMPLE_FPS, type SampleLayer } from './media-samples.ts';

type Mode = 'plan' | 'all';
const HOST_USERNAME = 'dieuphoi';
const WINDOW_MS = 15_000;
const SETTLE_LIMIT_MS = 120_000;

interface Seeded {
  sessionId: string;
  roomName: string;
  host: { siteId: string; siteCode: string };
  bridges: { username: string; siteId: string; siteCode: string }[];
}

/** Adds `count` bridge points with one operator each to a new session of the demo office. */
export async function seedBridges(databaseUrl: string, count: number): Promise<Seeded> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const demo = await db.receptionSession.findFirstOrThrow({ orderBy: { scheduledStart: 'asc' }, include: { hostSite: true } });
    const template = await db.account.findUniqueOrThrow({ where: { username: 'diemcau.badinh' } });
    const sessionId = randomUUID();
    const bridges: Seeded['bridges'] = [];
    for (let i = 1; i <= count; i++) {
      const siteCode = `BENCH-${String(i).padStart(3, '0')}`;
      const site = await db.site.create({ data: { code: siteCode, name: `Điểm cầu thử tải ${i}`, kind: 'BRIDGE_POINT' } });
      const username = `bench.${i}`;
      await db.account.create({ data: { username, fullName: `Cán bộ ${i}`, role: 'BRIDGE_OPERATOR', siteId: site.id, passwordHash: template.passwordHash } });
      bridges.push({ username, siteId: site.id, siteCode });
    }
    const roomName = `load-${sessionId}`;
    await db.receptionSession.create({
      data: {
        id: sessionId,
        title: 'Thử tải phòng họp',
        kind: 'THEMATIC',
        scheduledStart: new Date(demo.scheduledStart.getTime() + 72 * 3600_000),
        chairId: demo.chairId,
        hostSiteId: demo.hostSiteId,
        roomName,
        sites: { create: bridges.map((b) => ({ siteId: b.siteId })) },
      },
    });
    return { sessionId, roomName, host: { siteId: demo.hostSiteId, siteCode: demo.hostSite.code }, bridges };
  } finally {
    await db.$disconnect();
  }
}

/** Builds the generator with the Go toolchain that builds LiveKit (from the module proxy, cached after once). */
export function buildLoadGenerator(): string {
  const go = goToolchain();
  if (!go) throw new Error('The load benchmark builds its generator with Go: install Go 1.26 (see ENVIRONMENT.md)');
  const target = path.join(ROOT, '.cache', 'loadgen');
  console.log('building the load generator (bench/loadgen; the first build takes a few minutes)...');
  const run = spawnSync(go, ['build', '-o', target, '.'], { cwd: path.join(ROOT, 'bench', 'loadgen'), env: { ...process.env, GOFLAGS: '-mod=mod' }, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`building bench/loadgen failed (go build exited ${run.status})`);
  return target;
}

export interface Joiner {
  name: string;
  token: string;
}

interface BridgeStats {
  video: number;
  audio: number;
  bytes: number;
}

/** One generator process and its line protocol. */
export class Generator {
  readonly joined = new Map<string, string>();
  readonly errors: string[] = [];
  readonly ready: Promise<void>;
  private pendingStats: ((s: Record<string, BridgeStats>) => void)[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(binary: string, url: string, layers: SampleLayer[], joiners: Joiner[], autoSubscribeQuality?: 'low') {
    this.child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    let onReady!: () => void;
    this.ready = new Promise((resolve, reject) => {
      onReady = resolve;
      this.child.once('exit', (code) => reject(new Error(`the load generator exited (${code}) before every bridge joined`)));
    });
    this.ready.catch(() => {});
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; name?: string; identity?: string; message?: string; bridges?: Record<string, BridgeStats> };
      if (event.event === 'joined') this.joined.set(event.name!, event.identity!);
      else if (event.event === 'ready') onReady();
      else if (event.event === 'stats') this.pendingStats.shift()?.(event.bridges!);
      else if (event.event === 'error') this.errors.push(`${event.name ?? ''}: ${event.message}`);
    });
    this.send({ url, fps: SAMPLE_FPS, layers: layers.map(({ quality, width, height, path: p }) => ({ quality, width, height, path: p })), bridges: joiners, autoSubscribeQuality });
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(message: unknown): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  stats(): Promise<Record<string, BridgeStats>> {
    return new Promise((resolve) => {
      this.pendingStats.push(resolve);
      this.send({ cmd: 'stats' });
    });
  }

  async quit(): Promise<void> {
    this.send({ cmd: 'quit' });
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(killer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function allStats(generators: Generator[]): Promise<Record<string, BridgeStats>> {
  return Object.assign({}, ...(await Promise.all(generators.map((g) => g.stats()))));
}

function totals(stats: Record<string, BridgeStats>): { video: number; audio: number } {
  let video = 0;
  let audio = 0;
  for (const s of Object.values(stats)) {
    video += s.video;
    audio += s.audio;
  }
  return { video, audio };
}

interface Run {
  mode: Mode;
  bridges: number;
}

export async function roomLoad(
  baseUrl: string,
  databaseUrl: string,
  livekit: { url: string; apiKey: string; apiSecret: string },
  pids: () => { server?: number; livekit?: number },
  steps = [25, 126],
  modes: Mode[] = ['plan', 'all'],
): Promise<Record<string, unknown>> {
  const seeded = await seedBridges(databaseUrl, Math.max(...steps));
  const layers = ensureSampleLayers(path.join(ROOT, '.cache', 'bench-media'));
  const binary = buildLoadGenerator();
  const processes = Number(process.env.BENCH_LOAD_GENERATORS ?? 4);
  const service = new RoomServiceClient(livekit.url.replace(/^ws/, 'http'), livekit.apiKey, livekit.apiSecret);
  const cookies = new Map<string, string>();
  for (const username of [HOST_USERNAME, ...seeded.bridges.map((b) => b.username)]) cookies.set(username, await signIn(baseUrl, username));
  const siteOf = new Map<string, { siteId: string; siteCode: string; host: boolean }>([
    [HOST_USERNAME, { ...seeded.host, host: true }],
    ...seeded.bridges.map((b) => [b.username, { siteId: b.siteId, siteCode: b.siteCode, host: false }] as const),
  ]);
  // The floor is at the first bridge point for the whole run: the speaker every page shows large.
  const floorSiteId = seeded.bridges[0]!.siteId;
  const rows: Record<string, unknown>[] = [];

  const runs: Run[] = steps.flatMap((bridges) => modes.map((mode) => ({ mode, bridges })));
  for (const run of runs) {
    const names = [HOST_USERNAME, ...seeded.bridges.slice(0, run.bridges).map((b) => b.username)];
    const joiners: Joiner[] = [];
    for (const name of names) joiners.push({ name, token: (await connectionFor(baseUrl, cookies.get(name)!, seeded.sessionId)).token });
    console.log(`${run.bridges} bridges, ${run.mode === 'plan' ? 'by the media plan' : 'everyone subscribed to everyone'}: joining...`);
    const started = performance.now();
    const generators = Array.from({ length: processes }, (_, g) => joiners.filter((_, i) => i % processes === g))
      .filter((part) => part.length > 0)
      .map((part) => new Generator(binary, livekit.url, layers, part, run.mode === 'all' ? 'low' : undefined));
    await Promise.all(generators.map((g) => g.ready));
    const joinSeconds = (performance.now() - started) / 1000;
    const identityOf = new Map<string, string>();
    for (const g of generators) for (const [name, identity] of g.joined) identityOf.set(name, identity);
    const errors = generators.flatMap((g) => g.errors);
    const withoutMicrophone = new Set(errors.filter((e) => e.includes('microphone')).map((e) => e.split(':')[0]!));
    const joined = names.filter((n) => identityOf.has(n));
    const nameOf = new Map([...identityOf].map(([name, identity]) => [identity, name]));

    // What each page receives, by the same rule the web client follows.
    let expected = { video: 0, audio: 0 };
    if (run.mode === 'all') {
      // As the room joined before the media plan: LiveKit subscribes everyone to everything.
      const n = joined.length;
      expected = { video: n * (n - 1), audio: n * (n - 1) - withoutMicrophone.size * (n - 1) };
    } else {
      for (const self of joined) {
        const participants: PlanParticipant[] = joined.map((name) => {
          const site = siteOf.get(name)!;
          return { identity: identityOf.get(name)!, siteId: site.siteId, siteCode: site.siteCode, siteKind: site.host ? 'HOST_OFFICE' : 'BRIDGE_POINT', role: site.host ? 'MODERATOR' : 'BRIDGE_OPERATOR', name, isLocal: name === self, cameraOn: true };
        });
        const own = siteOf.get(self)!;
        const plan = mediaPlan({ view: own.host ? 'console' : 'focus', participants, floorSiteId, ownSiteId: own.siteId, page: 1 });
        const video: Record<string, string> = {};
        const audio: string[] = [];
        for (const [identity, want] of plan.wants) {
          if (want.video) video[identity] = want.video;
          if (want.audio) audio.push(identity);
        }
        expected.video += Object.keys(video).length;
        expected.audio += audio.filter((identity) => !withoutMicrophone.has(nameOf.get(identity)!)).length;
        generators.find((g) => g.joined.has(self))!.send({ cmd: 'want', name: self, video, audio });
      }
    }

    // Settled when every wanted track is received (or the limit passes: then the row says what was reached).
    const settleStarted = performance.now();
    let reached = totals(await allStats(generators));
    while ((reached.video < expected.video || reached.audio < expected.audio) && performance.now() - settleStarted < SETTLE_LIMIT_MS) {
      await sleep(1000);
      reached = totals(await allStats(generators));
    }
    const settleSeconds = (performance.now() - settleStarted) / 1000;
    await sleep(3000); // layer switches after the last subscription: one key frame interval and some
    const { server, livekit: livekitPid } = pids();
    const before = { lk: await processUsage(livekitPid!), srv: await processUsage(server!), gen: await Promise.all(generators.map((g) => processUsage(g.pid))), stats: await allStats(generators) };
    await sleep(WINDOW_MS);
    const after = { lk: await processUsage(livekitPid!), srv: await processUsage(server!), gen: await Promise.all(generators.map((g) => processUsage(g.pid))), stats: await allStats(generators) };
    const seconds = WINDOW_MS / 1000;
    const lkCores = (after.lk.cpuSeconds - before.lk.cpuSeconds) / seconds;
    const genCores = after.gen.reduce((sum, g, i) => sum + g.cpuSeconds - before.gen[i]!.cpuSeconds, 0) / seconds;
    const kbps = (name: string) => ((after.stats[name]?.bytes ?? 0) - (before.stats[name]?.bytes ?? 0)) * 8 / 1000 / seconds;
    const bridgeNames = joined.filter((n) => n !== HOST_USERNAME);
    const subscriptions = totals(after.stats);
    const row = {
      mode: run.mode,
      bridges: bridgeNames.length,
      joinErrors: errors.filter((e) => !e.includes('microphone')).length,
      joinErrorSamples: [...new Set(errors.map((e) => e.replace(/^[^:]*: /, '')))].slice(0, 3),
      joinSeconds: round(joinSeconds),
      settleSeconds: round(settleSeconds),
      subscriptionsExpected: expected,
      subscriptions,
      videoSubscriptionsPerBridge: round(bridgeNames.reduce((s, n) => s + (after.stats[n]?.video ?? 0), 0) / bridgeNames.length, 2),
      audioSubscriptionsPerBridge: round(bridgeNames.reduce((s, n) => s + (after.stats[n]?.audio ?? 0), 0) / bridgeNames.length, 2),
      hostVideoSubscriptions: after.stats[HOST_USERNAME]?.video ?? 0,
      hostDownstreamKbps: Math.round(kbps(HOST_USERNAME)),
      bridgeDownstreamKbpsMean: Math.round(bridgeNames.reduce((s, n) => s + kbps(n), 0) / bridgeNames.length),
      bridgeDownstreamKbpsMedian: Math.round(percentile(bridgeNames.map(kbps), 50)),
      livekitCpuCores: round(lkCores, 3),
      livekitCpuPerBridgePercent: round((lkCores / bridgeNames.length) * 100, 2),
      livekitRssMiB: after.lk.rssMiB,
      livekitRssPerBridgeMiB: round(after.lk.rssMiB / bridgeNames.length, 2),
      serverCpuCores: round((after.srv.cpuSeconds - before.srv.cpuSeconds) / seconds, 3),
      generatorCpuCores: round(genCores, 2),
      generatorProcesses: generators.length,
    };
    console.log(JSON.stringify(row));
    rows.push(row);
    await Promise.all(generators.map((g) => g.quit()));
    // The next run starts in an empty room, so its joins and CPU are its own.
    const emptyBy = Date.now() + 60_000;
    while ((await service.listParticipants(seeded.roomName).catch(() => [])).length > 0 && Date.now() < emptyBy) await sleep(500);
  }
  return {
    media: `each bridge publishes VP8 simulcast ${layers.map((l) => `${l.width}x${l.height} ${l.kbps} kbps`).join(' / ')} at ${SAMPLE_FPS} fps and Opus silence; 'all' takes every other site at the low layer`,
    floor: 'at the first bridge point for the whole run',
    runs: rows,
  };
}
