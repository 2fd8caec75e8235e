// Give the floor → LiveKit permission applied: p50 and p99 over 50 turns, with real rtc-node participants
// for the host office and a bridge point. "Applied" is when LiveKit's own view of the bridge participant
// allows its microphone (polled every 2 ms through the server API); LiveKit pushes the same update to the
// client over its signalling connection.
import { dispose, Room } from '@livekit/rtc-node';
import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import { connectionFor, createBenchSession, INTENT_EVERY_MS, openSocket, pace, signIn, summary } from './common.ts';

export async function floorLatency(baseUrl: string, databaseUrl: string, livekit: { url: string; apiKey: string; apiSecret: string }, turns = 50): Promise<Record<string, unknown>> {
  const { id: sessionId, sites } = await createBenchSession(databaseUrl, 'Đo độ trễ trao quyền phát biểu');
  const chairCookie = await signIn(baseUrl, 'chutri');
  const bridgeCookie = await signIn(baseUrl, 'diemcau.badinh');
  const chair = await openSocket(baseUrl, chairCookie);
  await chair.emitWithAck('live:sync', { sessionId, version: null });
  for (const type of ['session.open', 'session.start'] as const) await chair.emitWithAck('live:command', { sessionId, command: { type } });

  const rooms: Room[] = [];
  for (const cookie of [chairCookie, bridgeCookie]) {
    const d = await connectionFor(baseUrl, cookie, sessionId);
    const room = new Room();
    await room.connect(d.serverUrl, d.token, { autoSubscribe: true, dynacast: false });
    rooms.push(room);
  }
  const service = new RoomServiceClient(livekit.url.replace(/^ws/, 'http'), livekit.apiKey, livekit.apiSecret);
  const roomName = `bench-${sessionId}`;
  const micAllowed = async () => (await service.getParticipant(roomName, 'diemcau.badinh@BA-DINH')).permission?.canPublishSources.includes(TrackSource.MICROPHONE) ?? false;

  const giveToApplied: number[] = [];
  const giveToAck: number[] = [];
  for (let t = 0; t < turns; t++) {
    const reg = await chair.emitWithAck('live:command', {
      sessionId,
      command: { type: 'entry.register', entry: { siteId: sites['BA-DINH']!, citizenName: `Công dân ${t + 1}`, petitionType: 'RECOMMENDATION', field: 'LAND' } },
    });
    if (!reg.ok) throw new Error(reg.error.message);
    const started = performance.now();
    const ack = chair.emitWithAck('live:command', { sessionId, command: { type: 'floor.give', entryId: reg.entryId! } });
    while (!(await micAllowed())) await new Promise((r) => setTimeout(r, 2));
    giveToApplied.push(performance.now() - started);
    const res = await ack;
    giveToAck.push(performance.now() - started);
    if (!res.ok) throw new Error(res.error.message);
    await chair.emitWithAck('live:command', { sessionId, command: { type: 'turn.end' } });
    while (await micAllowed()) await new Promise((r) => setTimeout(r, 2));
    // Three intents a turn, at a person's pace (see realtime/rate-limit.ts).
    await pace(started, 3 * INTENT_EVERY_MS);
  }
  chair.disconnect();
  for (const r of rooms) await r.disconnect();
  await dispose();
  return { turns, giveToPermissionAppliedMs: summary(giveToApplied), giveToCommitAckMs: summary(giveToAck) };
}
