import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../protocol/index.ts';
import { canJoinRoom, canViewSession, type Person, type SessionFacts } from '../../server/src/access/policy.ts';
import { allowedSources, floorFactsOf, maySubscribe, sameMediaFacts } from '../../server/src/floor/floor-policy.ts';

const HOST = 'host-site';
const BRIDGE = 'bridge-a';
const OTHER = 'bridge-elsewhere';
const session: SessionFacts = { chairId: 'chair-1', hostSiteId: HOST, siteIds: [BRIDGE], status: 'SCHEDULED' };
const account = (role: Role, siteId: string, id = `${role}-${siteId}`): Person => ({
  kind: 'person',
  accountId: id,
  role,
  siteId,
  siteKind: siteId === HOST ? 'HOST_OFFICE' : 'BRIDGE_POINT',
  agencyId: null,
  name: role,
});

describe('who may see and join a reception session', () => {
  it.each(ROLES)('%s at the host office or a participating bridge point sees the session', (role) => {
    expect(canViewSession(account(role, HOST), session)).toBe(true);
    expect(canViewSession(account(role, BRIDGE), session)).toBe(true);
  });

  it.each(['CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'AGENCY_REP'] as Role[])(
    '%s at a bridge point that does not take part neither sees nor joins it',
    (role) => {
      expect(canViewSession(account(role, OTHER), session)).toBe(false);
      expect(canJoinRoom(account(role, OTHER), session)).toBe(false);
    },
  );

  it('observers and administrators see every session; only observers join the room', () => {
    expect(canViewSession(account('OBSERVER', OTHER), session)).toBe(true);
    expect(canJoinRoom(account('OBSERVER', OTHER), session)).toBe(true);
    expect(canViewSession(account('ADMIN', OTHER), session)).toBe(true);
    expect(canJoinRoom(account('ADMIN', HOST), session)).toBe(false);
  });

  it('the session’s chair sees it wherever the chair’s account is based', () => {
    expect(canViewSession(account('CHAIR', OTHER, 'chair-1'), session)).toBe(true);
  });

  it('nobody joins the room of a closed session', () => {
    for (const role of ROLES) expect(canJoinRoom(account(role, HOST), { ...session, status: 'CLOSED' })).toBe(false);
  });
});

describe('who may publish what, right now (floor policy)', () => {
  const live = (status: 'SCHEDULED' | 'OPEN' | 'LIVE' | 'PAUSED' | 'CLOSED', floor: Parameters<typeof allowedSources>[1]['floor'] = null, activeSpeaking = false) => ({
    status,
    floor,
    activeSpeaking,
  });
  const bridge = { accountId: 'op-bd', role: 'BRIDGE_OPERATOR' as Role, siteId: BRIDGE, display: false };
  const hostChair = { accountId: 'chair', role: 'CHAIR' as Role, siteId: HOST, display: false };
  const rep = { accountId: 'rep-1', role: 'AGENCY_REP' as Role, siteId: BRIDGE, display: false };
  const citizenFloor = { entryId: 'e1', speaker: { kind: 'CITIZEN' as const, siteId: BRIDGE } };

  it('observers, administrators and room displays never publish', () => {
    for (const p of [{ ...bridge, role: 'OBSERVER' as Role }, { ...bridge, role: 'ADMIN' as Role }, { ...bridge, display: true }]) {
      expect(allowedSources(p, live('LIVE', citizenFloor, true), HOST)).toEqual([]);
    }
  });

  it('the host office can always speak', () => {
    for (const status of ['SCHEDULED', 'OPEN', 'LIVE', 'PAUSED'] as const) expect(allowedSources(hostChair, live(status), HOST)).toEqual(['camera', 'microphone']);
  });

  it('before the hearing starts every site may speak (sound checks); once live, a bridge is camera-only', () => {
    expect(allowedSources(bridge, live('OPEN'), HOST)).toEqual(['camera', 'microphone']);
    expect(allowedSources(bridge, live('LIVE'), HOST)).toEqual(['camera']);
    expect(allowedSources(bridge, live('CLOSED'), HOST)).toEqual(['camera']);
  });

  it('opens a bridge’s microphone only while its citizen speaks, not while the turn is paused', () => {
    expect(allowedSources(bridge, live('LIVE', citizenFloor, true), HOST)).toEqual(['camera', 'microphone']);
    expect(allowedSources(bridge, live('LIVE', citizenFloor, false), HOST)).toEqual(['camera']);
    expect(allowedSources({ ...bridge, siteId: 'other' }, live('LIVE', citizenFloor, true), HOST)).toEqual(['camera']);
  });

  it('an agency representative at a bridge speaks only when handed the floor, not with the site’s citizen', () => {
    expect(allowedSources(rep, live('LIVE', citizenFloor, true), HOST)).toEqual(['camera']);
    const agencyFloor = { entryId: 'e1', speaker: { kind: 'AGENCY' as const, siteId: BRIDGE, accountId: 'rep-1', name: 'x' } };
    expect(allowedSources(rep, live('LIVE', agencyFloor, true), HOST)).toEqual(['camera', 'microphone']);
    expect(allowedSources(bridge, live('LIVE', agencyFloor, true), HOST)).toEqual(['camera']);
  });
});

describe('who may receive media during a confidential turn', () => {
  const p = (role: Role, siteId: string) => ({ accountId: 'a', role, siteId, display: false });
  it('everyone receives when no confidential turn runs', () => {
    expect(maySubscribe(p('BRIDGE_OPERATOR', OTHER), { confidentialSiteId: null }, HOST)).toBe(true);
  });
  it('only the host office and the speaking bridge receive during one', () => {
    const live = { confidentialSiteId: BRIDGE };
    expect(maySubscribe(p('CHAIR', HOST), live, HOST)).toBe(true);
    expect(maySubscribe(p('SECRETARY', HOST), live, HOST)).toBe(true);
    expect(maySubscribe(p('BRIDGE_OPERATOR', BRIDGE), live, HOST)).toBe(true);
    expect(maySubscribe(p('BRIDGE_OPERATOR', OTHER), live, HOST)).toBe(false);
    expect(maySubscribe(p('AGENCY_REP', OTHER), live, HOST)).toBe(false);
    expect(maySubscribe(p('OBSERVER', HOST), live, HOST)).toBe(false);
  });
});

describe('a confidential entry from the moment it is called until its turn has ended', () => {
  const bridge = { accountId: 'op-bd', role: 'BRIDGE_OPERATOR' as Role, siteId: BRIDGE, display: false };
  const other = { ...bridge, accountId: 'op-x', siteId: OTHER };
  const e = (id: string, siteId: string, status: 'WAITING' | 'CALLED' | 'SPEAKING' | 'PAUSED' | 'DONE', confidential: boolean) => ({ id, siteId, status, confidential });
  const floorOf = (entryId: string, siteId: string) => ({ entryId, speaker: { kind: 'CITIZEN' as const, siteId } });

  it('turns the waiting denouncer’s bridge camera off while called, and leaves everyone else’s media alone', () => {
    const facts = floorFactsOf('LIVE', null, null, e('c', BRIDGE, 'CALLED', true));
    expect(facts).toMatchObject({ confidentialCalledSiteId: BRIDGE, confidentialSiteId: null });
    expect(allowedSources(bridge, facts, HOST)).toEqual([]);
    expect(allowedSources(other, facts, HOST)).toEqual(['camera']);
    expect(maySubscribe(other, facts, HOST)).toBe(true);
  });

  it('during the turn, and while it is paused, only the host office and that bridge receive', () => {
    for (const status of ['SPEAKING', 'PAUSED'] as const) {
      const facts = floorFactsOf('LIVE', floorOf('c', BRIDGE), e('c', BRIDGE, status, true));
      expect(facts.confidentialSiteId).toBe(BRIDGE);
      expect(maySubscribe(other, facts, HOST)).toBe(false);
      expect(allowedSources(bridge, facts, HOST)).toEqual(status === 'SPEAKING' ? ['camera', 'microphone'] : ['camera']);
    }
  });

  it('cuts the other sites off instead when the denouncer’s own bridge is still speaking in a public turn', () => {
    const facts = floorFactsOf('LIVE', floorOf('p', BRIDGE), e('p', BRIDGE, 'SPEAKING', false), e('c', BRIDGE, 'CALLED', true));
    expect(facts).toMatchObject({ confidentialSiteId: BRIDGE, confidentialCalledSiteId: null });
    expect(allowedSources(bridge, facts, HOST)).toEqual(['camera', 'microphone']);
    expect(maySubscribe(other, facts, HOST)).toBe(false);
  });

  it('lifts everything once the turn is done', () => {
    const facts = floorFactsOf('LIVE', null, null, null);
    expect(allowedSources(bridge, facts, HOST)).toEqual(['camera']);
    expect(maySubscribe(other, facts, HOST)).toBe(true);
  });

  it('a sanctioned account publishes nothing, whatever the floor says', () => {
    const facts = { ...floorFactsOf('LIVE', floorOf('p', BRIDGE), e('p', BRIDGE, 'SPEAKING', false)), sanctioned: new Set(['op-bd']) };
    expect(allowedSources(bridge, facts, HOST)).toEqual([]);
  });

  it('tells apart the changes that need LiveKit from those that do not', () => {
    const quiet = floorFactsOf('LIVE', null, null, null);
    expect(sameMediaFacts(quiet, floorFactsOf('LIVE', null, null, e('w', BRIDGE, 'CALLED', false)))).toBe(true);
    expect(sameMediaFacts(quiet, floorFactsOf('PAUSED', null, null, null))).toBe(true);
    expect(sameMediaFacts(quiet, floorFactsOf('LIVE', null, null, e('c', BRIDGE, 'CALLED', true)))).toBe(false);
    expect(sameMediaFacts(quiet, floorFactsOf('LIVE', floorOf('p', BRIDGE), e('p', BRIDGE, 'SPEAKING', false)))).toBe(false);
    expect(sameMediaFacts(quiet, floorFactsOf('OPEN', null, null, null))).toBe(false);
  });
});
