import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../protocol/index.ts';
import { canJoinRoom, canViewSession, roomGrantsFor, type AccountFacts, type SessionFacts } from '../../server/src/access/policy.ts';

const HOST = 'host-site';
const BRIDGE = 'bridge-a';
const OTHER = 'bridge-elsewhere';
const session: SessionFacts = { chairId: 'chair-1', hostSiteId: HOST, siteIds: [BRIDGE], status: 'SCHEDULED' };
const account = (role: Role, siteId: string, id = `${role}-${siteId}`): AccountFacts => ({
  id,
  role,
  siteId,
  siteKind: siteId === HOST ? 'HOST_OFFICE' : 'BRIDGE_POINT',
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

describe('the least room grants each role needs', () => {
  it('observers and administrators only subscribe, hidden from the sites', () => {
    expect(roomGrantsFor('OBSERVER')).toEqual({ canPublish: false, sources: [], hidden: true });
    expect(roomGrantsFor('ADMIN')).toEqual({ canPublish: false, sources: [], hidden: true });
  });

  it.each(['CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'AGENCY_REP'] as Role[])(
    '%s sends camera and microphone only (no screen share), visibly',
    (role) => {
      expect(roomGrantsFor(role)).toEqual({ canPublish: true, sources: ['camera', 'microphone'], hidden: false });
    },
  );
});
