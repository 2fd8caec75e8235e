// One session with the host office and many rtc-node bridge points publishing small video and audio:
// CPU and memory of LiveKit and of our server per bridge. On 2 cores the load generator (encoding in
// this process) is the limit, so frames are small; the figures that matter are LiveKit's and the server's.
import { randomUUID } from 'node:crypto';
import { AudioFrame, AudioSource, dispose, LocalAudioTrack, LocalVideoTrack, Room, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource } from '@livekit/rtc-node';
import { PrismaPg } from '@prisma/adapter-pg';
import type { ConnectionDetails } from '../protocol/index.ts';
import { PrismaClient } from '../server/src/db/generated/client.ts';
import { connectionFor, processUsage, signIn } from './common.ts';

const W = 160;
const H = 90;
const FPS = 5;

/** Adds `count` bridge points with one operator each to a new session; returns their user names. */
async function seedBridges(databaseUrl: string, count: number): Promise<{ sessionId: string; usernames: string[] }> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const demo = await db.receptionSession.findFirstOrThrow({ orderBy: { scheduledStart: 'asc' } });
    const template = await db.account.findUniqueOrThrow({ where: { username: 'diemcau.badinh' } });
    const sessionId = randomUUID();
    const usernames: string[] = [];
    const siteIds: string[] = [];
    for (let i = 1; i <= count; i++) {
      const site = await db.site.create({ data: { code: `BENCH-${i}`, name: `Điểm cầu thử tải ${i}`, kind: 'BRIDGE_POINT' } });
      const username = `bench.${i}`;
      await db.account.create({ data: { username, fullName: `Cán bộ ${i}`, role: 'BRIDGE_OPERATOR', siteId: site.id, passwordHash: template.passwordHash } });
      usernames.push(username);
      siteIds.push(site.id);
    }
    await db.receptionSession.create({
      data: {
        id: sessionId,
        title: 'Thử tải phòng họp',
        kind: 'THEMATIC',
        scheduledStart: new Date(demo.scheduledStart.getTime() + 72 * 3600_000),
        chairId: demo.chairId,
        hostSiteId: demo.hostSiteId,
        roomName: `load-${sessionId}`,
        sites: { create: siteIds.map((siteId) => ({ siteId })) },
      },
    });
    return { sessionId, usernames };
  } finally {
    await db.$disconnect();
  }
}

async function details(baseUrl: string, username: string, sessionId: string): Promise<ConnectionDetails> {
  return connectionFor(baseUrl, await signIn(baseUrl, username), sessionId);
}

interface Publisher {
  room: Room;
  timer: ReturnType<typeof setInterval>;
}

async function publisher(d: ConnectionDetails, index: number): Promise<Publisher> {
  const room = new Room();
  await room.connect(d.serverUrl, d.token, { autoSubscribe: false, dynacast: true });
  const video = new VideoSource(W, H);
  const vopts = new TrackPublishOptions();
  vopts.source = TrackSource.SOURCE_CAMERA;
  await room.localParticipant!.publishTrack(LocalVideoTrack.createVideoTrack('camera', video), vopts);
  const audio = new AudioSource(48000, 1);
  const aopts = new TrackPublishOptions();
  aopts.source = TrackSource.SOURCE_MICROPHONE;
  // Before the hearing starts every site may speak (sound check), so the microphone publishes too.
  await room.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('microphone', audio), aopts).catch(() => {});
  const frame = new Uint8Array(W * H * 4);
  let n = 0;
  const timer = setInterval(() => {
    frame.fill((index * 37 + n++ * 8) % 255);
    video.captureFrame(new VideoFrame(frame, W, H, VideoBufferType.RGBA));
    void audio.captureFrame(new AudioFrame(new Int16Array(480), 48000, 1, 480)).catch(() => {});
  }, 1000 / FPS);
  return { room, timer };
}

export async function roomLoad(baseUrl: string, databaseUrl: string, pids: () => { server?: number; livekit?: number }, steps = [10, 25, 50, 100]): Promise<Record<string, unknown>> {
  const max = Math.max(...steps);
  const { sessionId, usernames } = await seedBridges(databaseUrl, max);
  const host = new Room();
  const hostDetails = await details(baseUrl, 'dieuphoi', sessionId);
  await host.connect(hostDetails.serverUrl, hostDetails.token, { autoSubscribe: true, dynacast: true });
  const publishers: Publisher[] = [];
  const results: Record<string, unknown>[] = [];
  const { server, livekit } = pids();
  for (const step of steps) {
    const started = performance.now();
    while (publishers.length < step) {
      const i = publishers.length;
      try {
        if (process.env.BENCH_VERBOSE) console.log(`bridge ${i + 1}: joining`);
        publishers.push(await publisher(await details(baseUrl, usernames[i]!, sessionId), i));
      } catch (e) {
        results.push({ bridges: publishers.length, stoppedBecause: String(e) });
        break;
      }
    }
    const joinSeconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 3000));
    const a = { lk: await processUsage(livekit!), srv: await processUsage(server!) };
    const windowMs = 10_000;
    await new Promise((r) => setTimeout(r, windowMs));
    const b = { lk: await processUsage(livekit!), srv: await processUsage(server!) };
    const lkCpu = (b.lk.cpuSeconds - a.lk.cpuSeconds) / (windowMs / 1000);
    const srvCpu = (b.srv.cpuSeconds - a.srv.cpuSeconds) / (windowMs / 1000);
    const received = host.remoteParticipants.size;
    const row = {
      bridges: publishers.length,
      hostSeesParticipants: received,
      joinSeconds: Math.round(joinSeconds * 10) / 10,
      livekitCpuCores: Math.round(lkCpu * 1000) / 1000,
      livekitRssMiB: b.lk.rssMiB,
      serverCpuCores: Math.round(srvCpu * 1000) / 1000,
      serverRssMiB: b.srv.rssMiB,
      livekitCpuPerBridgePercent: Math.round((lkCpu / publishers.length) * 100 * 100) / 100,
      serverCpuPerBridgePercent: Math.round((srvCpu / publishers.length) * 100 * 100) / 100,
    };
    // Printed at once: the load generator (rtc-node, in this process) may fall over at the next step.
    console.log(JSON.stringify(row));
    results.push(row);
    if (publishers.length < step) break;
  }
  for (const p of publishers) {
    clearInterval(p.timer);
    await p.room.disconnect().catch(() => {});
  }
  await host.disconnect();
  await dispose();
  return { frame: `${W}x${H} RGBA at ${FPS} fps + silent audio`, steps: results };
}
