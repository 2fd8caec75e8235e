// Floor control enforced by LiveKit itself: rtc-node participants stand in for the host office and two
// bridge points, so what is checked is what the SFU lets through, not what a UI shows.
import { dispose, TrackKind, type Room } from '@livekit/rtc-node';
import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { ConnectionDetails } from '../../protocol/index.ts';
import { createSession, testDb } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';
import { joinRoom, publishTone, receivedAudioPeak } from '../support/rtc.ts';
import { waitFor } from '../support/socket.ts';

let sessionId: string;
let sites: Record<string, string>;
const rooms: Room[] = [];
let chair: LiveClient;
let service: RoomServiceClient;
let roomName: string;

async function join(c: LiveClient): Promise<Room> {
  const res = await c.api.request('POST', `/api/sessions/${sessionId}/connection`, {});
  expect(res.status).toBe(200);
  roomName = (res.body as ConnectionDetails).roomName;
  const room = await joinRoom(res.body as ConnectionDetails);
  rooms.push(room);
  return room;
}

async function micAllowed(identity: string): Promise<boolean> {
  const p = await service.getParticipant(roomName, identity);
  return p.permission?.canPublishSources.includes(TrackSource.MICROPHONE) ?? false;
}

/** Whether `from`'s microphone track is currently published in `room` (seen by the other participant). */
function hasAudioFrom(room: Room, from: string): boolean {
  const p = [...room.remoteParticipants.values()].find((x) => x.identity === from);
  return !!p && [...p.trackPublications.values()].some((t) => t.kind === TrackKind.KIND_AUDIO);
}

beforeAll(async () => {
  sessionId = await createSession('Phiên thử quyền phát biểu');
  const db = testDb();
  sites = Object.fromEntries((await db.site.findMany()).map((s) => [s.code, s.id]));
  await db.$disconnect();
  const lk = inject('livekit');
  service = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
  chair = await LiveClient.open('chutri', sessionId);
  await chair.must({ type: 'session.open' });
  await chair.must({ type: 'session.start' });
});
afterAll(async () => {
  chair?.close();
  for (const r of rooms) await r.disconnect().catch(() => {});
  await dispose();
});

describe('the floor on the real LiveKit server', () => {
  it('opens a bridge’s microphone only with the floor, closes it when the turn ends, and the host can always speak', async () => {
    const host = await join(chair);
    const bdClient = await LiveClient.open('diemcau.badinh', sessionId);
    const hkClient = await LiveClient.open('diemcau.hoankiem', sessionId);
    const baDinh = await join(bdClient);
    const hoanKiem = await join(hkClient);

    // The host office can always speak, and every bridge hears it.
    const stopHost = await publishTone(host);
    expect(await receivedAudioPeak(baDinh, 'chutri@HN-TCD')).toBeGreaterThan(0.05);
    stopHost();

    // Live, without the floor: LiveKit does not let Ba Đình publish a microphone.
    expect(await micAllowed('diemcau.badinh@BA-DINH')).toBe(false);
    await expect(publishTone(baDinh)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    expect(hasAudioFrom(host, 'diemcau.badinh@BA-DINH')).toBe(false);

    // Ba Đình registers a citizen, the chair calls them and gives the floor.
    const reg = await bdClient.must({ type: 'entry.register', entry: { siteId: sites['BA-DINH']!, citizenName: 'Đào Văn Bảy', petitionType: 'COMPLAINT', field: 'LAND' } });
    await chair.must({ type: 'queue.call', entryId: reg.entryId! });
    await chair.must({ type: 'floor.give', entryId: reg.entryId! });
    await waitFor('Ba Đình may publish its microphone', () => micAllowed('diemcau.badinh@BA-DINH'));
    expect(await micAllowed('diemcau.hoankiem@HOAN-KIEM')).toBe(false);
    const stopBd = await publishTone(baDinh);
    expect(await receivedAudioPeak(host, 'diemcau.badinh@BA-DINH')).toBeGreaterThan(0.05);
    expect(await receivedAudioPeak(hoanKiem, 'diemcau.badinh@BA-DINH')).toBeGreaterThan(0.05);

    // The turn ends: the server takes the microphone away and LiveKit unpublishes the live track.
    await chair.must({ type: 'turn.end' });
    await waitFor('Ba Đình’s microphone closed', async () => !(await micAllowed('diemcau.badinh@BA-DINH')));
    await waitFor('the host no longer receives Ba Đình', () => !hasAudioFrom(host, 'diemcau.badinh@BA-DINH'), 10_000);
    stopBd();
    bdClient.close();
    hkClient.close();
  });

  it('pauses the turn when the speaking bridge drops, and gives its microphone back when it returns', async () => {
    const hkClient = await LiveClient.open('diemcau.hoankiem', sessionId);
    const reg = await hkClient.must({ type: 'entry.register', entry: { siteId: sites['HOAN-KIEM']!, citizenName: 'Chu Thị Tám', petitionType: 'FEEDBACK', field: 'ENVIRONMENT' } });
    await waitFor('chair sees it', () => chair.state!.entries.some((e) => e.id === reg.entryId));
    if (chair.state!.entries.find((e) => e.id === reg.entryId)!.status !== 'CALLED') {
      for (const e of chair.state!.entries.filter((x) => x.status === 'CALLED')) await chair.must({ type: 'entry.skip', entryId: e.id });
      await chair.must({ type: 'queue.call', entryId: reg.entryId! });
    }
    await chair.must({ type: 'floor.give', entryId: reg.entryId! });
    const hoanKiem = rooms.find((r) => r.localParticipant?.identity === 'diemcau.hoankiem@HOAN-KIEM')!;
    await waitFor('mic granted', () => micAllowed('diemcau.hoankiem@HOAN-KIEM'));

    await hoanKiem.disconnect();
    await waitFor('turn paused because the site dropped', () => chair.state!.entries.find((e) => e.id === reg.entryId)?.pauseReason === 'SITE_DISCONNECTED', 20_000);

    const back = await join(hkClient);
    await waitFor('turn resumed by itself', () => chair.state!.entries.find((e) => e.id === reg.entryId)?.status === 'SPEAKING', 20_000);
    await waitFor('microphone restored without anyone acting', () => micAllowed('diemcau.hoankiem@HOAN-KIEM'), 10_000);
    const stop = await publishTone(back);
    const host = rooms[0]!;
    expect(await receivedAudioPeak(host, 'diemcau.hoankiem@HOAN-KIEM')).toBeGreaterThan(0.05);
    stop();
    await chair.must({ type: 'turn.end' });
    hkClient.close();
  });

  it('during a confidential turn a third site receives nothing from the speaking bridge, and the host still does', async () => {
    const bdClient = await LiveClient.open('diemcau.badinh', sessionId);
    const cgClient = await LiveClient.open('diemcau.caugiay', sessionId);
    const baDinh = rooms.find((r) => r.localParticipant?.identity === 'diemcau.badinh@BA-DINH')!;
    const cauGiay = await join(cgClient);
    const host = rooms[0]!;
    const reg = await bdClient.must({
      type: 'entry.register',
      entry: { siteId: sites['BA-DINH']!, citizenName: 'Người Tố Cáo', petitionType: 'DENUNCIATION', field: 'OTHER', confidential: true },
    });
    for (const e of chair.state!.entries.filter((x) => x.status === 'CALLED')) await chair.must({ type: 'entry.skip', entryId: e.id });
    await chair.must({ type: 'floor.give', entryId: reg.entryId! });
    await waitFor('mic granted', () => micAllowed('diemcau.badinh@BA-DINH'));
    const stop = await publishTone(baDinh);
    expect(await receivedAudioPeak(host, 'diemcau.badinh@BA-DINH')).toBeGreaterThan(0.05);
    // Cầu Giấy may not subscribe at all meanwhile: LiveKit holds it, whatever its client asks for.
    const cg = await service.getParticipant(roomName, 'diemcau.caugiay@CAU-GIAY');
    expect(cg.permission?.canSubscribe).toBe(false);
    await expect(receivedAudioPeak(cauGiay, 'diemcau.badinh@BA-DINH', 3000)).rejects.toThrow(/no audio/);
    stop();
    await chair.must({ type: 'turn.end' });
    await waitFor('Cầu Giấy receives again after the turn', async () => (await service.getParticipant(roomName, 'diemcau.caugiay@CAU-GIAY')).permission?.canSubscribe === true);
    bdClient.close();
    cgClient.close();
  });
});
