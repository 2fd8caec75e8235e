// A bridge operator's page reports its own media dropping and returning (site.media), driven here through
// the real state machine: the citizen's clock stops while the page is cut off and runs again once it is
// back, each occasion is reported once, and no other page or turn is touched.
import { describe, expect, it } from 'vitest';
import { speakingMs } from '../../protocol/index.ts';
import { mediaReport } from '../../web/src/room/media-report.ts';
import type { RoomState } from '../../web/src/room/room.svelte.ts';
import { BA_DINH, BRIDGE_BD, HOAN_KIEM, Script } from './live/fixtures.ts';

/** The page's effect: reports what mediaReport says is owed, once per occasion, as Ba Đình's operator. */
function page(s: Script, siteId = BA_DINH, role: 'BRIDGE_OPERATOR' | 'SECRETARY' = 'BRIDGE_OPERATOR') {
  let reported: string | null = null;
  const sent: boolean[] = [];
  return {
    sent,
    see(roomState: RoomState) {
      const report = mediaReport({ role, siteId, roomState, state: s.state });
      if (!report || report.key === reported) return;
      reported = report.key;
      sent.push(report.connected);
      s.run({ type: 'site.media', connected: report.connected }, BRIDGE_BD);
    },
  };
}

describe('a bridge page’s word on its own media', () => {
  it('pauses its citizen’s turn while cut off and resumes it when back, once per occasion, twice in one turn', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    const bd = page(s);
    bd.see('live');
    expect(bd.sent).toEqual([]);
    s.tick(3_000);
    bd.see('reconnecting');
    bd.see('disconnected'); // the same drop, further on: nothing more to say
    expect(s.entry(a)).toMatchObject({ status: 'PAUSED', pauseReason: 'SITE_DISCONNECTED' });
    s.tick(8_000);
    bd.see('connecting');
    bd.see('live');
    expect(s.entry(a).status).toBe('SPEAKING');
    s.tick(2_000);
    bd.see('reconnecting');
    s.tick(5_000);
    bd.see('live');
    expect(bd.sent).toEqual([false, true, false, true]);
    expect(speakingMs(s.entry(a), s.now)).toBe(5_000);
  });

  it('says nothing for a turn the chair paused, another site’s turn, an agency answering, or a secretary’s page', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    s.run({ type: 'turn.pause' });
    const bd = page(s);
    bd.see('live');
    bd.see('reconnecting');
    expect(bd.sent).toEqual([]);
    s.run({ type: 'turn.resume' });
    expect(mediaReport({ role: 'BRIDGE_OPERATOR', siteId: HOAN_KIEM, roomState: 'reconnecting', state: s.state })).toBeNull();
    expect(mediaReport({ role: 'SECRETARY', siteId: BA_DINH, roomState: 'reconnecting', state: s.state })).toBeNull();
    expect(mediaReport({ role: 'BRIDGE_OPERATOR', siteId: BA_DINH, roomState: 'reconnecting', state: s.state })).toMatchObject({ connected: false });
    const answered = { ...s.state, floor: { entryId: a, speaker: { kind: 'AGENCY' as const, siteId: BA_DINH, accountId: 'rep', name: 'Sở Xây dựng' } } };
    expect(mediaReport({ role: 'BRIDGE_OPERATOR', siteId: BA_DINH, roomState: 'reconnecting', state: answered })).toBeNull();
  });
});
