import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../server/src/db/generated/client.ts';
import { signedIn } from '../support/api.ts';

async function todaysSessionId(username = 'dieuphoi'): Promise<string> {
  const c = await signedIn(username);
  const res = await c.request('GET', '/api/sessions');
  expect(res.status).toBe(200);
  return res.body[0].id;
}

describe('reception sessions and their video room', () => {
  it('lists today’s demo session with its host office, six bridge points and agencies', async () => {
    const c = await signedIn('chutri');
    const res = await c.request('GET', '/api/sessions');
    expect(res.status).toBe(200);
    const s = res.body[0];
    expect(s.kind).toBe('PERIODIC');
    expect(s.hostSite.code).toBe('HN-TCD');
    expect(s.sites).toHaveLength(6);
    expect(s.agencies.length).toBeGreaterThanOrEqual(3);
    expect(s.canJoin).toBe(true);
    expect(s.chair.fullName).toBe('Trần Quốc Chủ');
    expect(s.agencyReps).toContainEqual(expect.objectContaining({ name: 'Đỗ Minh Xây', agencyName: 'Sở Xây dựng' }));
  });

  it('mints a short-lived token whose identity and name come from the account and its site', async () => {
    const id = await todaysSessionId();
    const c = await signedIn('diemcau.badinh');
    const res = await c.request('POST', `/api/sessions/${id}/connection`, {});
    expect(res.status).toBe(200);
    expect(res.body.identity).toBe('diemcau.badinh@BA-DINH');
    expect(res.body.participantName).toBe('Điểm cầu phường Ba Đình');
    const claims = decodeJwt(res.body.token) as any;
    expect(claims.sub).toBe('diemcau.badinh@BA-DINH');
    expect(claims.name).toBe('Điểm cầu phường Ba Đình');
    expect(claims.attributes).toMatchObject({ siteCode: 'BA-DINH', role: 'BRIDGE_OPERATOR' });
    expect(claims.exp - claims.nbf).toBeLessThanOrEqual(600);
    expect(claims.video).toMatchObject({ roomJoin: true, canSubscribe: true, canPublish: true, canPublishData: false });
    expect(claims.video.room).toBe(res.body.roomName);
  });

  it('gives an observer a subscribe-only, hidden token', async () => {
    const id = await todaysSessionId();
    const c = await signedIn('giamsat');
    const res = await c.request('POST', `/api/sessions/${id}/connection`, {});
    expect(res.status).toBe(200);
    const claims = decodeJwt(res.body.token) as any;
    expect(claims.video.canPublish).toBe(false);
    expect(claims.video.hidden).toBe(true);
    expect(res.body.canPublish).toBe(false);
  });

  it('ignores anything the client sends about who it is', async () => {
    const id = await todaysSessionId();
    const c = await signedIn('diemcau.hoankiem');
    const res = await c.request('POST', `/api/sessions/${id}/connection`, { identity: 'chutri@HN-TCD', canPublish: true, name: 'Chủ trì' });
    expect(res.status).toBe(200);
    expect(res.body.identity).toBe('diemcau.hoankiem@HOAN-KIEM');
  });

  it('hides a session from a bridge point that does not take part, and refuses its token', async () => {
    const id = await todaysSessionId();
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: inject('databaseUrl') }) });
    try {
      const outsider = await db.site.create({ data: { code: `TEST-${Date.now()}`, name: 'Điểm cầu thử nghiệm', kind: 'BRIDGE_POINT' } });
      const anyAccount = await db.account.findUniqueOrThrow({ where: { username: 'diemcau.badinh' } });
      await db.account.create({
        data: { username: 'diemcau.ngoai', fullName: 'Người Ngoài', role: 'BRIDGE_OPERATOR', siteId: outsider.id, passwordHash: anyAccount.passwordHash },
      });
    } finally {
      await db.$disconnect();
    }
    const c = await signedIn('diemcau.ngoai');
    expect((await c.request('GET', '/api/sessions')).body).toEqual([]);
    const res = await c.request('POST', `/api/sessions/${id}/connection`, {});
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/không tham dự/);
  });

  it('refuses the administrator a room token: the role does not take part in sessions', async () => {
    const id = await todaysSessionId();
    const c = await signedIn('quantri');
    const res = await c.request('POST', `/api/sessions/${id}/connection`, {});
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('answers malformed and unknown session ids clearly', async () => {
    const c = await signedIn('dieuphoi');
    const bad = await c.request('GET', '/api/sessions/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BAD_REQUEST');
    const unknown = await c.request('POST', '/api/sessions/00000000-0000-4000-8000-000000000000/connection', {});
    expect(unknown.status).toBe(404);
  });
});
