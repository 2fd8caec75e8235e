import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PROTOCOL_VERSION, type Ack, type PresenceSnapshot } from '../../protocol/index.ts';
import { signedIn } from '../support/api.ts';
import { connectError, connectSocket, connected, type TestSocket } from '../support/socket.ts';

const sockets: TestSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
function open(cookie: string | undefined, version?: number, headers?: Record<string, string>): TestSocket {
  const s = connectSocket(inject('baseUrl'), cookie, version, headers);
  sockets.push(s);
  return s;
}

describe('the live socket', () => {
  it('tells an old client to reload, and a client newer than the server that the server is older', async () => {
    const c = await signedIn('dieuphoi');
    const old = await connectError(open(c.cookie, 0));
    expect(old.data).toMatchObject({ code: 'CLIENT_TOO_OLD', statusCode: 426, message: 'Phiên bản ứng dụng đã cũ, vui lòng tải lại trang.', key: 'socket.clientTooOld' });
    const newer = await connectError(open(c.cookie, PROTOCOL_VERSION + 1));
    expect(newer.data).toMatchObject({ code: 'SERVER_TOO_OLD', statusCode: 503, key: 'socket.serverTooOld' });
    expect(newer.data?.message).toMatch(/phiên bản cũ hơn/);
  });

  it('refuses a connection without a valid session cookie', async () => {
    expect((await connectError(open(undefined))).data?.code).toBe('UNAUTHENTICATED');
    expect((await connectError(open('tiepdan_session=forged'))).data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a handshake from another page’s origin (or an opaque "null" one) even with a valid cookie', async () => {
    const c = await signedIn('dieuphoi');
    for (const origin of ['null', 'https://evil.example']) {
      const err = await connectError(open(c.cookie, undefined, { origin }));
      expect(err.message, origin).toMatch(/websocket error|xhr poll error|trang khác/i);
    }
    const own = open(c.cookie, undefined, { origin: new URL(inject('baseUrl')).origin });
    await connected(own);
    expect(own.connected).toBe(true);
  });

  it('answers a malformed watch request with a clear error and keeps the connection', async () => {
    const c = await signedIn('dieuphoi');
    const s = open(c.cookie);
    await connected(s);
    const bad = await s.emitWithAck('session:watch', { sessionId: 'not-an-id' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const wrongShape = await s.emitWithAck('session:watch', 'hello' as never);
    expect(wrongShape.ok).toBe(false);
    expect(s.connected).toBe(true);
  });

  it('gives the host office a presence snapshot listing every participating site', async () => {
    const c = await signedIn('dieuphoi');
    const sessionId = (await c.request('GET', '/api/sessions')).body[0].id as string;
    const s = open(c.cookie);
    await connected(s);
    const res = (await s.emitWithAck('session:watch', { sessionId })) as Ack<PresenceSnapshot>;
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.sessionId).toBe(sessionId);
    expect(res.data.sites.map((x) => x.site.code)).toEqual(
      expect.arrayContaining(['HN-TCD', 'BA-DINH', 'HOAN-KIEM', 'CAU-GIAY', 'HA-DONG', 'LONG-BIEN', 'SOC-SON']),
    );
    expect(res.data.sites[0]!.site.kind).toBe('HOST_OFFICE');
  });

  it('refuses to watch a session the account does not take part in', async () => {
    const c = await signedIn('diemcau.badinh');
    const s = open(c.cookie);
    await connected(s);
    const res = await s.emitWithAck('session:watch', { sessionId: '00000000-0000-4000-8000-000000000000' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
