// Two hub instances apply the floor of one room: each has its own FloorControl, as each process does,
// over the one database and the one LiveKit. The chair's intent may be applied by one instance and a
// bridge's by the other, while both sweep; an update computed from an older version must never give back
// a microphone a newer version took away, whichever instance computed it, and grants wait for their own
// announcement. A real participant (rtc-node) in a real LiveKit room; LiveKit's own answer is the verdict.
import { randomUUID } from 'node:crypto';
import { dispose, Room } from '@livekit/rtc-node';
import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb } from '../../server/src/db/client.ts';
import { FloorControl, type RoomFacts } from '../../server/src/floor/floor-control.ts';
import { FloorMarksRepository } from '../../server/src/floor/floor-marks.repository.ts';
import { mintRoomToken } from '../../server/src/livekit/tokens.ts';

const db = createDb(inject('databaseUrl'));
const lk = inject('livekit');
const rooms = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
const roomName = `floor-instances-${randomUUID()}`;
const hostSiteId = randomUUID();
const siteId = randomUUID();
const quiet = (): void => {};
let room: Room;
let identity: string;

/** Version `version` of the live state: the bridge's citizen speaks, or nobody does. */
const facts = (version: number, speaking: boolean): RoomFacts => ({
  version,
  hostSiteId,
  live: { status: 'LIVE', floor: speaking ? { entryId: 'turn', speaker: { kind: 'CITIZEN', siteId } } : null, activeSpeaking: speaking, confidentialSiteId: null, confidentialCalledSiteId: null },
});
/** Whether LiveKit lets the bridge publish its microphone now. */
const mic = async (): Promise<boolean> => !!(await rooms.getParticipant(roomName, identity)).permission?.canPublishSources.includes(TrackSource.MICROPHONE);
/** Two instances: separate objects, separate in-process chains, the same database. */
const instances = (clock: () => Date = () => new Date()): [FloorControl, FloorControl] => [new FloorControl(rooms, new FloorMarksRepository(db), quiet), new FloorControl(rooms, new FloorMarksRepository(db), quiet, clock)];

beforeAll(async () => {
  const details = await mintRoomToken(
    { publicUrl: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret },
    roomName,
    { id: randomUUID(), username: 'diemcau.sansay', fullName: 'Điểm cầu phường Sấn Sảy', role: 'BRIDGE_OPERATOR', site: { id: siteId, code: 'SAN-SAY', name: 'Phường Sấn Sảy', kind: 'BRIDGE_POINT' } },
    600,
    { sources: ['camera'], hidden: false, display: false },
  );
  identity = details.identity;
  room = new Room();
  await room.connect(details.serverUrl, details.token, { autoSubscribe: false, dynacast: false });
});

afterAll(async () => {
  await room?.disconnect();
  await rooms.deleteRoom(roomName).catch(() => {});
  await db.floorMark.deleteMany({ where: { roomName } });
  await db.$disconnect();
  await dispose();
});

describe('the floor applied by two hub instances', () => {
  it('an older version applied late by one instance never gives back the microphone a newer version took on the other, and grants wait for their announcement', async () => {
    const [a, b] = instances();
    await a.restrict(roomName, facts(1, true));
    await a.lift(roomName, facts(1, true));
    expect(await mic()).toBe(true);

    // Version 2 ends the turn, applied by instance b; instance a's lift of version 1 arrives late.
    await b.restrict(roomName, facts(2, false));
    expect(await mic()).toBe(false);
    await a.lift(roomName, facts(1, true));
    expect(await mic(), 'a late grant of version 1 is refused').toBe(false);
    await a.restrict(roomName, facts(1, true));
    await b.lift(roomName, facts(2, false));
    expect(await mic()).toBe(false);

    // Version 3 gives the floor back, restricted on a but not yet announced: b's sweep grants nothing yet.
    await a.restrict(roomName, facts(3, true));
    await b.reconcileRoom(roomName, async () => facts(3, true));
    expect(await mic(), 'no microphone before its announcement, even from the other instance').toBe(false);
    await a.lift(roomName, facts(3, true));
    expect(await mic()).toBe(true);
  });

  it('instances racing through ten versions end on the newest one', async () => {
    const [a, b] = instances();
    // Versions 4..13 alternate between instances and run at the same time; each restricts then lifts.
    const versions = Array.from({ length: 10 }, (_, i) => 4 + i);
    await Promise.all(
      versions.map(async (v) => {
        const on = v % 2 === 0 ? a : b;
        await on.restrict(roomName, facts(v, v % 2 === 1));
        await on.lift(roomName, facts(v, v % 2 === 1));
      }),
    );
    // Version 13 gives the floor: the microphone is open, as the newest version says.
    expect(await mic()).toBe(true);
    const row = await db.floorMark.findUniqueOrThrow({ where: { roomName } });
    expect({ restricted: row.restricted, announced: row.announced }).toEqual({ restricted: 13, announced: 13 });
  });

  it('a change restricted by an instance that died before announcing it stops holding grants back', async () => {
    const [a] = instances();
    await a.restrict(roomName, facts(14, false));
    expect(await mic()).toBe(false);
    await a.restrict(roomName, facts(15, true)); // restricted; its instance dies before the announcement
    // The other instance, a little later by its clock: the abandoned restriction no longer holds grants back.
    const later = new FloorControl(rooms, new FloorMarksRepository(db), quiet, () => new Date(Date.now() + 11_000));
    const soon = new FloorControl(rooms, new FloorMarksRepository(db), quiet);
    await soon.reconcileRoom(roomName, async () => facts(15, true));
    expect(await mic(), 'still within the announcement wait: nothing granted').toBe(false);
    await later.reconcileRoom(roomName, async () => facts(15, true));
    expect(await mic()).toBe(true);
  });
});
