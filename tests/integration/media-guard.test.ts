// A modified bridge client with a real, hub-minted token tries to be heard while another bridge has the
// floor: it publishes sound under every source name. What LiveKit lets through for a moment, the hub
// silences within a bound, tells the offender why, and a second attempt removes it from the room.
import { dispose, TrackSource as RtcSource } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRefusalNotice } from '../../protocol/index.ts';
import { testDb } from '../support/db.ts';
import type { LiveClient } from '../support/live.ts';
import { publishToneAs, recordAudio } from '../support/rtc.ts';
import { SessionRoom } from '../support/session-room.ts';
import { waitFor } from '../support/socket.ts';
import { siteIds } from '../support/turns.ts';

/** The bound this test holds the hub to: from a forbidden publish to silence at the host office. */
const SILENCE_BOUND_MS = 1500;
/** Quieter than this is silence (the tone peaks at 0.24). */
const AUDIBLE = 0.02;
const OFFENDER = 'diemcau.hoankiem@HOAN-KIEM';

let session: SessionRoom;


beforeAll(async () => {
  session = await SessionRoom.create('Phiên thử phát âm thanh trái phép');
});
afterAll(async () => {
  await session.close();
  await dispose();
});

describe('sound from a bridge without the floor', () => {
  it('is silenced at the host within the bound, the offender is told why, and a second attempt removes it', async () => {
    const { service, sessionId } = session;
    const open = (u: string) => session.open(u);
    const enter = (c: LiveClient) => session.enter(c);
    const token = (c: LiveClient) => session.token(c);
    const sites = await siteIds();
    const chair = await open('chutri');
    await chair.must({ type: 'session.open' });
    await chair.must({ type: 'session.start' });
    const baDinh = await open('diemcau.badinh');
    const reg = await baDinh.must({ type: 'entry.register', entry: { siteId: sites['BA-DINH']!, citizenName: 'Trương Văn Mười', petitionType: 'COMPLAINT', field: 'LAND' } });
    await chair.must({ type: 'floor.give', entryId: reg.entryId! });

    const host = await enter(chair);
    const offenderClient = await open('diemcau.hoankiem');
    const told: MediaRefusalNotice[] = [];
    offenderClient.socket.on('media:refused', (n) => told.push(n));
    const offenses: { siteId: string }[] = [];
    chair.socket.on('media:offense', (n) => offenses.push(n));
    const offender = await enter(offenderClient);
    const heard = recordAudio(host, OFFENDER);

    // Sound claimed as a microphone, a screen share's sound or nothing in particular: LiveKit refuses these
    // itself (the token grants the camera only). Claimed as the camera, LiveKit takes it: the hub must act.
    const refusedByLiveKit = await Promise.allSettled(
      [RtcSource.SOURCE_MICROPHONE, RtcSource.SOURCE_SCREENSHARE_AUDIO, RtcSource.SOURCE_UNKNOWN].map((s) => publishToneAs(offender, s)),
    );
    expect(refusedByLiveKit.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const stop = await publishToneAs(offender, RtcSource.SOURCE_CAMERA);
    const publishedAt = Date.now();
    // The SFU's own view: how long the forbidden track was there to be forwarded at all.
    const removedAt = await waitFor(
      'the forbidden track removed by the SFU',
      async () => ((await service.getParticipant(offender.name!, OFFENDER)).tracks.some((t) => t.type === 0 /* AUDIO */) ? false : Date.now()),
      10_000,
    );

    const notice = await waitFor('the offender is told why', () => told[0], 10_000);
    expect(notice).toMatchObject({ sessionId, sanction: 'REVOKED', message: expect.stringMatching(/phát âm thanh khi chưa có quyền phát biểu/) });
    await waitFor('the chair’s circle hears of it', () => offenses.length > 0);
    expect(offenses[0]!.siteId).toBe(sites['HOAN-KIEM']);
    // LiveKit holds the sanction: nothing may be published, and the forbidden track is gone.
    const p = await service.getParticipant(offender.name!, OFFENDER);
    expect(p.permission?.canPublish).toBe(false);
    expect(p.tracks.filter((t) => t.type === 0 /* AUDIO */)).toHaveLength(0);
    // Listen a while longer: silence from the offender after the bound.
    const until = Date.now() + 2000;
    await waitFor('a quiet stretch at the host', () => Date.now() > until, 5000);
    heard.stop();
    stop();
    const loud = heard.frames.filter((f) => f.peak > AUDIBLE);
    const lastLoud = loud.length ? Math.max(...loud.map((f) => f.t)) - publishedAt : 0;
    console.log(
      `[media guard] forbidden publish (audio as CAMERA): removed by the SFU after ${removedAt - publishedAt} ms; last audible frame at the host ${loud.length ? `${lastLoud} ms` : 'none'} (${loud.length} audible frames)`,
    );
    expect(removedAt - publishedAt).toBeLessThan(SILENCE_BOUND_MS);
    expect(lastLoud).toBeLessThan(SILENCE_BOUND_MS);
    expect(heard.frames.filter((f) => f.peak > AUDIBLE && f.t - publishedAt > SILENCE_BOUND_MS)).toEqual([]);

    // The sanction ends by itself; the modified client tries again and is removed from the room.
    await waitFor('publishing allowed again after the sanction', async () => (await service.getParticipant(offender.name!, OFFENDER)).permission?.canPublish, 15_000);
    const disconnected = new Promise<void>((resolve) => offender.once('disconnected', () => resolve()));
    const stopAgain = await publishToneAs(offender, RtcSource.SOURCE_CAMERA).catch(() => () => {});
    await disconnected;
    stopAgain();
    const second = await waitFor('told of the removal', () => told.find((n) => n.sanction === 'REMOVED'), 10_000);
    expect(second.message).toMatch(/ngắt khỏi phòng họp/);
    const refused = await token(offenderClient);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/bị ngắt khỏi phòng họp vì nhiều lần phát âm thanh/);

    // Both attempts are on record.
    const db = testDb();
    try {
      const rows = await db.mediaOffense.findMany({ where: { sessionId }, orderBy: { at: 'asc' } });
      expect(rows.map((r) => [r.identity, r.trackType, r.trackSource, r.sanction])).toEqual([
        [OFFENDER, 'AUDIO', 'CAMERA', 'REVOKED'],
        [OFFENDER, 'AUDIO', 'CAMERA', 'REMOVED'],
      ]);
    } finally {
      await db.$disconnect();
    }
  });
});
