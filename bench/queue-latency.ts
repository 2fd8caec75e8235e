// Queue change to every client updated, with 100 bridge sockets and 300 observer sockets: from the intent
// leaving a moderator's socket to the patch applied at the last client. Beside it, in the same run, a
// bare socket.io broadcast of the same payload to 400 sockets: the floor we cannot beat.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { LivePatch } from '../protocol/index.ts';
import { createBenchSession, INTENT_EVERY_MS, openSocket, pace, signIn, summary, syncJoined, type BenchSocket } from './common.ts';

const BRIDGES = ['diemcau.badinh', 'diemcau.hoankiem', 'diemcau.caugiay', 'diemcau.hadong', 'diemcau.longbien', 'diemcau.socson'];

export async function queueLatency(baseUrl: string, databaseUrl: string, rounds = 200, warmup = 10): Promise<Record<string, unknown>> {
  const { id: sessionId, sites } = await createBenchSession(databaseUrl, 'Đo độ trễ hàng chờ');
  const cookies = Object.fromEntries(await Promise.all([...BRIDGES, 'giamsat', 'dieuphoi'].map(async (u) => [u, await signIn(baseUrl, u)] as const)));
  const clients: BenchSocket[] = [];
  for (let i = 0; i < 400; i++) {
    const user = i < 100 ? BRIDGES[i % BRIDGES.length]! : 'giamsat';
    clients.push(await openSocket(baseUrl, cookies[user]));
  }
  await Promise.all(clients.map((s) => syncJoined(s, sessionId)));
  const moderator = await openSocket(baseUrl, cookies.dieuphoi);
  await moderator.emitWithAck('live:sync', { sessionId, version: null });
  await moderator.emitWithAck('live:command', { sessionId, command: { type: 'session.open' } });
  const reg = await moderator.emitWithAck('live:command', {
    sessionId,
    command: { type: 'entry.register', entry: { siteId: sites['BA-DINH']!, citizenName: 'Nguyễn Văn Đo', petitionType: 'FEEDBACK', field: 'OTHER' } },
  });
  if (!reg.ok) throw new Error(reg.error.message);
  await new Promise((r) => setTimeout(r, 500));

  let payload: LivePatch | undefined;
  const hub: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const started = performance.now();
    let received = 0;
    const done = new Promise<void>((resolve) => {
      for (const s of clients) {
        s.once('live:patch', (p) => {
          payload = p;
          if (++received === clients.length) resolve();
        });
      }
    });
    // A priority toggle: a typical queue change that every site must see.
    const res = await moderator.emitWithAck('live:command', { sessionId, command: { type: 'entry.priority', entryId: reg.entryId!, priority: round % 2 ? null : 'ELDERLY' } });
    if (!res.ok) throw new Error(res.error.message);
    await done;
    if (round >= warmup) hub.push(performance.now() - started);
    // A moderator clicks a few times a second at most; faster is refused as a flood (realtime/rate-limit.ts).
    await pace(started, INTENT_EVERY_MS);
  }
  for (const s of [...clients, moderator]) s.disconnect();

  // The floor: a bare socket.io server in this process broadcasting the same payload to 400 sockets.
  const server = http.createServer();
  const bare = new Server(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bareClients: BenchSocket[] = [];
  for (let i = 0; i < 400; i++) bareClients.push(await openSocket(url));
  const floor: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const started = performance.now();
    let received = 0;
    const done = new Promise<void>((resolve) => {
      for (const s of bareClients) {
        s.once('live:patch', () => {
          if (++received === bareClients.length) resolve();
        });
      }
    });
    bare.emit('live:patch', payload);
    await done;
    if (round >= warmup) floor.push(performance.now() - started);
  }
  for (const s of bareClients) s.disconnect();
  await bare.close();

  const hubStats = summary(hub);
  const floorStats = summary(floor);
  return {
    sockets: 400,
    payloadBytes: JSON.stringify(payload).length,
    hubMs: hubStats,
    bareBroadcastMs: floorStats,
    ratioP50: Math.round((hubStats.p50 / floorStats.p50) * 10) / 10,
    ratioP99: Math.round((hubStats.p99 / floorStats.p99) * 10) / 10,
  };
}
