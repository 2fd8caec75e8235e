// A denouncer's bridge is never seen by another bridge around their turn: from the moment the citizen is
// called until the turn's end has been announced, a third site decodes no frame from it. rtc-node
// participants stand in for the sites, so what is checked is what LiveKit forwards, not what a page shows.
import { dispose } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LivePatch } from '../../protocol/index.ts';
import type { LiveClient } from '../support/live.ts';
import { publishCamera, recordVideoFrames } from '../support/rtc.ts';
import { SessionRoom } from '../support/session-room.ts';
import { waitFor } from '../support/socket.ts';
import { siteIds } from '../support/turns.ts';

/**
 * Frames already received when the restriction took effect still come out of the receiver's jitter buffer
 * and decoder for a moment: frames decoded this long after the announcement were sent before it.
 */
const DECODER_DELAY_MS = 250;

let session: SessionRoom;
let sites: Record<string, string>;

/** When this client received the first patch in which the entry had this status. */
function arrival(c: LiveClient, times: Map<LivePatch, number>, entryId: string, status: string): number | undefined {
  const p = c.patches.find((x) => x.entries.some((e) => e.id === entryId && e.status === status));
  return p ? times.get(p) : undefined;
}

beforeAll(async () => {
  session = await SessionRoom.create('Phiên thử lượt kín');
  sites = await siteIds();
});
afterAll(async () => {
  await session.close();
  await dispose();
});

describe('a confidential turn’s media', () => {
  it('is withheld from a third bridge from the call until after the turn’s end is announced, and the host sees the turn', async () => {
    const { service } = session;
    const open = (u: string) => session.open(u);
    const enter = (c: LiveClient) => session.enter(c);
    const chair = await open('chutri');
    await chair.must({ type: 'session.open' });
    await chair.must({ type: 'session.start' });
    const baDinh = await open('diemcau.badinh');
    const cauGiay = await open('diemcau.caugiay');
    const host = await enter(chair);
    const bdRoom = await enter(baDinh);
    const cgRoom = await enter(cauGiay);
    const received = new Map<LivePatch, number>();
    /** What LiveKit enforced at the moment Cầu Giấy heard of each step: restrictions must already be in place. */
    const enforcedOnArrival: Record<string, Promise<boolean | undefined>> = {};
    let entryId = '';
    cauGiay.socket.on('live:patch', (p) => {
      received.set(p, Date.now());
      const status = p.entries.find((e) => e.id === entryId)?.status;
      if (status === 'CALLED') enforcedOnArrival.cameraOff = service.getParticipant(bdRoom.name!, 'diemcau.badinh@BA-DINH').then((x) => x.permission?.canPublish === false);
      if (status === 'SPEAKING') enforcedOnArrival.thirdCutOff = service.getParticipant(cgRoom.name!, 'diemcau.caugiay@CAU-GIAY').then((x) => x.permission?.canSubscribe === false);
    });

    let stopCamera = await publishCamera(bdRoom);
    const atThird = recordVideoFrames(cgRoom, 'diemcau.badinh@BA-DINH');
    const atHost = recordVideoFrames(host, 'diemcau.badinh@BA-DINH');
    await waitFor('the third bridge sees Ba Đình before the turn', () => atThird.times.length > 5, 20_000);

    const reg = await baDinh.must({
      type: 'entry.register',
      entry: { siteId: sites['BA-DINH']!, citizenName: 'Người Tố Cáo Kín', petitionType: 'DENUNCIATION', field: 'OTHER', confidential: true },
    });
    entryId = reg.entryId!;
    await chair.must({ type: 'queue.call', entryId: reg.entryId! });
    const calledAt = await waitFor('Cầu Giấy told of the call', () => arrival(cauGiay, received, reg.entryId!, 'CALLED'));
    // The waiting denouncer's camera is off, by the server: LiveKit removed the track.
    const bd = await service.getParticipant(bdRoom.name!, 'diemcau.badinh@BA-DINH');
    expect(bd.permission?.canPublish).toBe(false);
    expect(bd.tracks.filter((t) => t.source === 1 /* CAMERA */)).toHaveLength(0);

    await chair.must({ type: 'floor.give', entryId: reg.entryId! });
    // As the web client does when its camera is allowed again.
    stopCamera();
    await waitFor('Ba Đình may publish again', async () => (await service.getParticipant(bdRoom.name!, 'diemcau.badinh@BA-DINH')).permission?.canPublish);
    stopCamera = await publishCamera(bdRoom);
    const hostBefore = atHost.times.length;
    await waitFor('the host office sees the confidential turn', () => atHost.times.length > hostBefore + 5, 20_000);
    const cg = await service.getParticipant(cgRoom.name!, 'diemcau.caugiay@CAU-GIAY');
    expect(cg.permission?.canSubscribe).toBe(false);

    // Announce first, then lift: watch for the moment LiveKit lets Cầu Giấy receive again.
    let liftSeenAt = 0;
    const lift = (async () => {
      while (!liftSeenAt) {
        if ((await service.getParticipant(cgRoom.name!, 'diemcau.caugiay@CAU-GIAY')).permission?.canSubscribe) liftSeenAt = Date.now();
        else await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await chair.must({ type: 'turn.end' });
    const endedAt = await waitFor('Cầu Giấy told the turn ended', () => arrival(cauGiay, received, reg.entryId!, 'DONE'));
    await waitFor('the third bridge sees Ba Đình again after the turn', () => atThird.times.some((t) => t > endedAt), 20_000);
    await lift;
    atThird.stop();
    atHost.stop();
    stopCamera();
    expect(await enforcedOnArrival.cameraOff, 'the waiting denouncer’s camera was off before anyone heard of the call').toBe(true);
    expect(await enforcedOnArrival.thirdCutOff, 'the third bridge was cut off before anyone heard the floor was given').toBe(true);
    expect(liftSeenAt, 'media came back only after the end was announced').toBeGreaterThanOrEqual(endedAt);

    const leaked = atThird.times.filter((t) => t > calledAt + DECODER_DELAY_MS && t <= endedAt);
    const lastBefore = Math.max(...atThird.times.filter((t) => t <= endedAt));
    const firstAfter = Math.min(...atThird.times.filter((t) => t > endedAt));
    console.log(
      `[confidential] third bridge: last frame ${lastBefore - calledAt} ms after the call was announced; first frame ${firstAfter - endedAt} ms after the end was announced; ${leaked.length} frames in between`,
    );
    expect(leaked).toEqual([]);
    expect(firstAfter).toBeGreaterThan(endedAt);
  });
});
