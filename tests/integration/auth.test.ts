import { describe, expect, inject, it } from 'vitest';
import { ApiClient, signedIn } from '../support/api.ts';
import { connectSocket, connected } from '../support/socket.ts';
import { testDb } from '../support/db.ts';
import { hashPassword } from '../../server/src/auth/passwords.ts';

describe('signing in and out', () => {
  it('signs a demo account in with an httpOnly SameSite cookie and tells who it is', async () => {
    const c = new ApiClient();
    const res = await c.request('POST', '/api/auth/sign-in', { username: 'dieuphoi', password: 'tiepdan2026' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'dieuphoi', role: 'MODERATOR', site: { code: 'HN-TCD', kind: 'HOST_OFFICE' } });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/tiepdan_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(JSON.stringify(res.body)).not.toContain('passwordHash');
    c.csrf = res.body.csrfToken;
    const me = await c.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.fullName).toBe('Lê Thị Điều');
  });

  it('refuses a wrong password with a Vietnamese message and no cookie', async () => {
    const c = new ApiClient();
    const res = await c.request('POST', '/api/auth/sign-in', { username: 'thuky', password: 'sai-mat-khau' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Sai tên đăng nhập hoặc mật khẩu.' });
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers an unknown account exactly like a wrong password', async () => {
    const res = await new ApiClient().request('POST', '/api/auth/sign-in', { username: 'khong.ton.tai', password: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('rejects a malformed sign-in body with field details', async () => {
    const res = await new ApiClient().request('POST', '/api/auth/sign-in', { username: '', password: 42 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_REQUEST');
    expect(Object.keys(res.body.details)).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('rejects a body that is not JSON', async () => {
    const res = await new ApiClient().request('POST', '/api/auth/sign-in', '{"username": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/JSON/);
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await new ApiClient().request(
      'POST',
      '/api/auth/sign-in',
      { username: 'thuky', password: 'tiepdan2026' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF');
  });

  it('refuses a sign-in from an opaque "null" origin with a clear 403 instead of failing', async () => {
    for (const origin of ['null', 'not a url', 'http://127.0.0.1:1']) {
      const res = await new ApiClient().request('POST', '/api/auth/sign-in', { username: 'thuky', password: 'tiepdan2026' }, { origin });
      expect(res.status, origin).toBe(403);
      expect(res.body).toMatchObject({ code: 'CSRF', message: expect.stringMatching(/trang khác/) });
      expect(res.headers.get('set-cookie'), origin).toBeNull();
    }
    // The page's own origin still signs in.
    const own = await new ApiClient().request('POST', '/api/auth/sign-in', { username: 'thuky', password: 'tiepdan2026' }, { origin: new URL(inject('baseUrl')).origin });
    expect(own.status).toBe(200);
  });

  it('slows an account down after five failed sign-ins in a row, even for the right password', async () => {
    const c = new ApiClient();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await c.request('POST', '/api/auth/sign-in', { username: 'diemcau.longbien', password: `sai-${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await c.request('POST', '/api/auth/sign-in', { username: 'diemcau.longbien', password: 'tiepdan2026' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.body.retryAfter).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.message).toMatch(/đợi \d+ giây/);
    // Another account is not affected.
    expect((await new ApiClient().signIn('diemcau.hadong')).username).toBe('diemcau.hadong');
  });

  it('treats a missing or forged session cookie as signed out', async () => {
    const none = await new ApiClient().request('GET', '/api/auth/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const forged = new ApiClient();
    forged.cookie = 'tiepdan_session=forged-token-value';
    const res = await forged.request('GET', '/api/sessions');
    expect(res.status).toBe(401);
  });

  it('requires the CSRF header on state-changing requests', async () => {
    const c = await signedIn('thuky');
    const csrf = c.csrf;
    c.csrf = undefined;
    const res = await c.request('POST', '/api/auth/sign-out');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF');
    c.csrf = 'wrong';
    expect((await c.request('POST', '/api/auth/sign-out')).status).toBe(403);
    // Still signed in: nothing changed.
    expect((await c.request('GET', '/api/auth/me')).status).toBe(200);
    c.csrf = csrf;
  });

  it('signs out: the old cookie no longer works', async () => {
    const c = await signedIn('thuky');
    const cookie = c.cookie;
    expect((await c.request('POST', '/api/auth/sign-out')).status).toBe(204);
    const old = new ApiClient();
    old.cookie = cookie;
    expect((await old.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('changes a person’s own password, signs out their other devices at once (sockets too), and keeps this one', async () => {
    const here = await signedIn('thuky.badinh');
    const there = await signedIn('thuky.badinh');
    const socket = connectSocket(inject('baseUrl'), there.cookie);
    await connected(socket);
    const told = new Promise<void>((resolve) => socket.once('auth:signed-out', () => resolve()));
    const wrong = await here.request('POST', '/api/auth/password', { current: 'sai-mat-khau', next: 'mot-mat-khau-moi-2026' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ key: 'auth.wrongCurrentPassword', message: 'Mật khẩu hiện tại không đúng.' });
    const short = await here.request('POST', '/api/auth/password', { current: 'tiepdan2026', next: 'ngan' });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/ít nhất 10 ký tự/);
    expect((await here.request('POST', '/api/auth/password', { current: 'tiepdan2026', next: 'thuky.badinh-2026' })).body.key).toBe('auth.passwordHasUsername');

    expect((await here.request('POST', '/api/auth/password', { current: 'tiepdan2026', next: 'mot-mat-khau-moi-2026' })).status).toBe(204);
    await told;
    expect((await there.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await here.request('GET', '/api/auth/me')).status).toBe(200);
    await expect(new ApiClient().signIn('thuky.badinh')).rejects.toThrow(/401/);
    const again = new ApiClient();
    await again.signIn('thuky.badinh', 'mot-mat-khau-moi-2026');
    // Put back, for the other tests that sign in with the demo password.
    expect((await again.request('POST', '/api/auth/password', { current: 'mot-mat-khau-moi-2026', next: 'tiepdan2026' })).status).toBe(204);
    socket.disconnect();
  });

  it('slows down guessing the current password with a signed-in cookie, like failed sign-ins', async () => {
    // An account of its own: it ends the test slowed down.
    const db = testDb();
    const site = await db.site.findUniqueOrThrow({ where: { code: 'BA-DINH' } });
    await db.account.upsert({
      where: { username: 'thu.matkhau' },
      create: { username: 'thu.matkhau', fullName: 'Người Thử Mật Khẩu', role: 'BRIDGE_OPERATOR', siteId: site.id, passwordHash: await hashPassword('tiepdan2026') },
      update: { failedLogins: 0, lockedUntil: null, passwordHash: await hashPassword('tiepdan2026') },
    });
    await db.$disconnect();
    const thief = await signedIn('thu.matkhau');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await thief.request('POST', '/api/auth/password', { current: `doan-${i}`, next: 'mat-khau-cua-ke-trom' })).status);
    expect(statuses).toEqual([403, 403, 403, 403, 429]);
    // Even the right current password waits now, and so does the sign-in.
    const right = await thief.request('POST', '/api/auth/password', { current: 'tiepdan2026', next: 'mat-khau-cua-ke-trom' });
    expect(right).toMatchObject({ status: 429, body: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(right.body.retryAfter).toBeGreaterThan(0);
    expect((await new ApiClient().request('POST', '/api/auth/sign-in', { username: 'thu.matkhau', password: 'tiepdan2026' })).status).toBe(429);
  });

  it('tells a page who is signed in without a 401 when nobody is', async () => {
    const none = await new ApiClient().request('GET', '/api/auth/session');
    expect(none).toMatchObject({ status: 200, body: { me: null } });
    const me = await (await signedIn('giamsat')).request('GET', '/api/auth/session');
    expect(me.body.me).toMatchObject({ username: 'giamsat', role: 'OBSERVER' });
  });

  it('answers an unknown API path with a JSON error', async () => {
    const res = await new ApiClient().request('GET', '/api/khong-co');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
