// What each screen receives in a session of 126 bridge points: the console pages through thumbnails, a
// bridge takes the host office and the speaker, a TV the same without its own room's sound.
import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGE_SIZE, FOCUS_PAGE_SIZE, mainOf, mediaPlan, type PlanParticipant } from '../../web/src/room/media-plan.ts';

const HOST = 'site-host';
const bridgeId = (n: number) => `site-${n}`;

function person(identity: string, siteId: string, over: Partial<PlanParticipant> = {}): PlanParticipant {
  const n = siteId === HOST ? 0 : Number(siteId.slice(5));
  return {
    identity,
    siteId,
    siteCode: siteId === HOST ? 'HN-TCD' : `P-${String(n).padStart(3, '0')}`,
    siteKind: siteId === HOST ? 'HOST_OFFICE' : 'BRIDGE_POINT',
    role: siteId === HOST ? 'MODERATOR' : 'BRIDGE_OPERATOR',
    name: identity,
    isLocal: false,
    cameraOn: true,
    ...over,
  };
}

/** The host office's chair and moderator and 126 bridges; `me` marks the page's own participant. */
function city(me: string): PlanParticipant[] {
  const all = [person('chair', HOST, { role: 'CHAIR' }), person('moderator', HOST)];
  for (let n = 1; n <= 126; n++) all.push(person(`op-${n}`, bridgeId(n)));
  return all.map((p) => (p.identity === me ? { ...p, isLocal: true } : p));
}

const videos = (plan: ReturnType<typeof mediaPlan>) => [...plan.wants].filter(([, w]) => w.video).map(([id, w]) => `${id}:${w.video}`);
const sounds = (plan: ReturnType<typeof mediaPlan>) => [...plan.wants].filter(([, w]) => w.audio).map(([id]) => id).sort();

describe('what a bridge point receives', () => {
  it('takes only the host office between turns, whatever the size of the session', () => {
    const plan = mediaPlan({ view: 'focus', participants: city('op-7'), floorSiteId: null, ownSiteId: bridgeId(7), page: 1 });
    expect(videos(plan)).toEqual(['chair:high']);
    expect(sounds(plan)).toEqual(['chair', 'moderator']);
    expect(plan.spotlight).toBeNull();
    expect(plan.tiles).toEqual(['chair', 'op-7']);
    // The others are there on request.
    expect(plan.paged).toBe(126);
  });

  it('adds the speaker at the high layer when the floor moves, and drops them when it moves on', () => {
    const during = mediaPlan({ view: 'focus', participants: city('op-7'), floorSiteId: bridgeId(42), ownSiteId: bridgeId(7), page: 1 });
    expect(videos(during).sort()).toEqual(['chair:high', 'op-42:high']);
    expect(sounds(during)).toEqual(['chair', 'moderator', 'op-42']);
    expect(during.spotlight).toBe('op-42');
    const next = mediaPlan({ view: 'focus', participants: city('op-7'), floorSiteId: bridgeId(43), ownSiteId: bridgeId(7), page: 1 });
    expect(videos(next).sort()).toEqual(['chair:high', 'op-43:high']);
    expect(next.wants.has('op-42')).toBe(false);
  });

  it('receives nothing of its own site when it holds the floor itself: its picture is local', () => {
    const plan = mediaPlan({ view: 'focus', participants: city('op-7'), floorSiteId: bridgeId(7), ownSiteId: bridgeId(7), page: 1 });
    expect(plan.spotlight).toBe('op-7');
    expect(videos(plan)).toEqual(['chair:high']);
  });

  it('shows the other sites a small page at a time, at the lowest layer', () => {
    const first = mediaPlan({ view: 'focus', participants: city('op-7'), floorSiteId: null, ownSiteId: bridgeId(7), page: 1, showOthers: true });
    expect(videos(first)).toEqual(['chair:high', 'moderator:low', 'op-1:low', 'op-2:low', 'op-3:low']);
    expect(first.pages).toBe(Math.ceil(126 / FOCUS_PAGE_SIZE));
    const last = mediaPlan({ view: 'focus', participants: city('op-7'), floorSiteId: null, ownSiteId: bridgeId(7), page: 999, showOthers: true });
    expect(last.page).toBe(last.pages);
    expect(videos(last)).toEqual(['chair:high', 'op-125:low', 'op-126:low']);
  });
});

describe('what the host office console receives', () => {
  it('pages through every site as low-layer thumbnails, with the speaker at the high layer beside them', () => {
    const participants = city('moderator');
    const plan = mediaPlan({ view: 'console', participants, floorSiteId: bridgeId(100), ownSiteId: HOST, page: 1 });
    expect(plan.spotlight).toBe('op-100');
    expect(plan.wants.get('op-100')).toEqual({ video: 'high', audio: true });
    // The page: the chair, the moderator's own tile (local, not received) and ten bridges.
    expect(plan.tiles).toHaveLength(CONSOLE_PAGE_SIZE);
    expect(plan.tiles.slice(0, 3)).toEqual(['chair', 'moderator', 'op-1']);
    expect(videos(plan).filter((v) => v.endsWith(':low'))).toHaveLength(CONSOLE_PAGE_SIZE - 1);
    expect(plan.pages).toBe(Math.ceil(127 / CONSOLE_PAGE_SIZE));
    // Another page: the first page's thumbnails are no longer received.
    const page3 = mediaPlan({ view: 'console', participants, floorSiteId: bridgeId(100), ownSiteId: HOST, page: 3 });
    expect(page3.wants.has('op-1')).toBe(false);
    expect(page3.tiles[0]).toBe('op-23');
    expect(page3.wants.get('op-100')?.video).toBe('high');
    // Never more than the page and the speaker.
    expect(videos(page3).length).toBeLessThanOrEqual(CONSOLE_PAGE_SIZE + 1);
  });
});

describe('what a room display receives', () => {
  it('takes the host office and the speaker, and never plays its own room back', () => {
    const participants = city('nobody');
    const plan = mediaPlan({ view: 'display', participants, floorSiteId: bridgeId(5), ownSiteId: bridgeId(5), page: 1 });
    expect(videos(plan).sort()).toEqual(['chair:high', 'op-5:high']);
    expect(sounds(plan)).toEqual(['chair', 'moderator']);
    const elsewhere = mediaPlan({ view: 'display', participants, floorSiteId: bridgeId(5), ownSiteId: bridgeId(9), page: 1 });
    expect(sounds(elsewhere)).toEqual(['chair', 'moderator', 'op-5']);
  });

  it('does not take the picture of a speaker it must not show (a confidential citizen on a public screen)', () => {
    const plan = mediaPlan({ view: 'display', participants: city('nobody'), floorSiteId: bridgeId(5), hideSpeaker: true, ownSiteId: bridgeId(9), page: 1 });
    expect(videos(plan)).toEqual(['chair:high']);
    expect(plan.spotlight).toBeNull();
  });
});

describe('the picture that stands for a site', () => {
  it('is someone with a camera, the chair before the moderator', () => {
    const host = [person('moderator', HOST), person('chair', HOST, { role: 'CHAIR' })];
    expect(mainOf(host, HOST)?.identity).toBe('chair');
    expect(mainOf([person('moderator', HOST), person('chair', HOST, { role: 'CHAIR', cameraOn: false })], HOST)?.identity).toBe('moderator');
    expect(mainOf(host, 'elsewhere')).toBeNull();
  });
});
