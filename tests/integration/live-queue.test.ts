import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderedWaiting, remainingMs } from '../../protocol/index.ts';
import { restartServer } from '../support/api.ts';
import { createSession, testDb } from '../support/db.ts';
import { LiveClient } from '../support/live.ts';
import { waitFor } from '../support/socket.ts';

let sessionId: string;
let sites: Record<string, string>;
const clients: LiveClient[] = [];
async function open(username: string): Promise<LiveClient> {
  const c = await LiveClient.open(username, sessionId);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sessionId = await createSession('Phiên thử hàng chờ');
  const db = testDb();
  sites = Object.fromEntries((await db.site.findMany()).map((s) => [s.code, s.id]));
  await db.$disconnect();
});
afterAll(() => {
  for (const c of clients) c.close();
});

describe('the live speaker queue over the socket', () => {
  it('shows a bridge’s registration at every site, and refuses what a role may not do, with the reason', async () => {
    const chair = await open('chutri');
    const mod = await open('dieuphoi');
    const bd = await open('diemcau.badinh');
    const observer = await open('giamsat');
    await chair.must({ type: 'session.open' });

    const reg = await bd.must({
      type: 'entry.register',
      entry: { siteId: sites['BA-DINH']!, citizenName: 'Nguyễn Văn Tư', petitionType: 'COMPLAINT', field: 'LAND', subject: 'Bồi thường đất nông nghiệp' },
    });
    for (const c of [chair, mod, bd, observer]) {
      await waitFor('registration visible', () => c.state?.entries.some((e) => e.id === reg.entryId && e.citizenName === 'Nguyễn Văn Tư'));
    }

    const wrongSite = await bd.send({ type: 'entry.register', entry: { siteId: sites['HOAN-KIEM']!, citizenName: 'X', petitionType: 'FEEDBACK', field: 'OTHER' } });
    // In Vietnamese as sent, and by key for a page in another language.
    expect(wrongSite).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', statusCode: 403, message: 'Bạn chỉ thao tác được với công dân đăng ký tại điểm cầu của mình.', key: 'live.ownSiteOnly' },
    });
    expect((await observer.send({ type: 'queue.callNext' })).ok).toBe(false);
    expect((await bd.send({ type: 'floor.give', entryId: reg.entryId! })).ok).toBe(false);
  });

  it('answers malformed intents with a clear message and changes nothing', async () => {
    const mod = await open('dieuphoi');
    const before = mod.state!.version;
    const r1 = await mod.socket.emitWithAck('live:command', { sessionId, command: { type: 'floor.explode' } } as never);
    expect(r1.ok).toBe(false);
    const r2 = await mod.send({ type: 'entry.register', entry: { siteId: sites['BA-DINH']!, citizenName: '', petitionType: 'COMPLAINT', field: 'LAND' } });
    expect(r2).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!r2.ok) expect(r2.error.message).toMatch(/Hãy nhập họ tên công dân/);
    // A field the hub does not have (a modified client): refused by name, nothing saved (a 500 from the foreign key would say neither).
    const r4 = await mod.send({ type: 'entry.register', entry: { siteId: sites['BA-DINH']!, citizenName: 'Lê Văn Lạ', petitionType: 'COMPLAINT', field: 'NOT_A_FIELD' } });
    expect(r4).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', key: 'live.fieldUnknown', message: expect.stringContaining('NOT_A_FIELD') } });
    const r3 = await mod.socket.emitWithAck('live:command', { sessionId: 'nope', command: { type: 'session.open' } } as never);
    expect(r3.ok).toBe(false);
    await mod.sync();
    expect(mod.state!.version).toBe(before);
  });

  it('lets only one of two moderators call the same entry; the other sees why', async () => {
    const chair = await open('chutri');
    const mod = await open('dieuphoi');
    const hk = await open('diemcau.hoankiem');
    await hk.must({ type: 'entry.register', entry: { siteId: sites['HOAN-KIEM']!, citizenName: 'Lê Thị Năm', petitionType: 'RECOMMENDATION', field: 'ENVIRONMENT' } });
    await waitFor('both see the queue', () => chair.state!.entries.length === 2 && mod.state!.entries.length === 2);
    const next = orderedWaiting(chair.state!)[0]!;
    const [a, b] = await Promise.all([
      chair.send({ type: 'queue.callNext', expectedEntryId: next.id }),
      mod.send({ type: 'queue.callNext', expectedEntryId: next.id }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = (a.ok ? b : a) as { ok: false; error: { message: string } };
    expect(refused.error.message).toMatch(/vừa được gọi/);
  });

  it('keeps a confidential citizen’s name from observers and other sites, but not from the chair or the own site', async () => {
    const chair = await open('chutri');
    const bd = await open('diemcau.badinh');
    const hk = await open('diemcau.hoankiem');
    const observer = await open('giamsat');
    const reg = await bd.must({
      type: 'entry.register',
      entry: { siteId: sites['BA-DINH']!, citizenName: 'Người Tố Cáo', petitionType: 'DENUNCIATION', field: 'OTHER', confidential: true },
    });
    await waitFor('all see the entry', () => [chair, bd, hk, observer].every((c) => c.state!.entries.some((e) => e.id === reg.entryId)));
    const seen = (c: LiveClient) => c.state!.entries.find((e) => e.id === reg.entryId)!;
    expect(seen(chair).citizenName).toBe('Người Tố Cáo');
    expect(seen(bd).citizenName).toBe('Người Tố Cáo');
    expect(seen(hk)).toMatchObject({ citizenName: null, confidential: true });
    expect(seen(observer).citizenName).toBeNull();
    // A fresh snapshot is redacted the same way.
    const late = await open('giamsat');
    expect(late.state!.entries.find((e) => e.id === reg.entryId)!.citizenName).toBeNull();
  });

  it('brings a reconnecting client up to date with the patches it missed', async () => {
    const mod = await open('dieuphoi');
    const bd = await open('diemcau.badinh');
    const version = bd.state!.version;
    bd.socket.disconnect();
    await mod.must({ type: 'entry.register', entry: { siteId: sites['SOC-SON']!, citizenName: 'Phan Văn Sáu', petitionType: 'FEEDBACK', field: 'SOCIAL_POLICY' } });
    await mod.must({ type: 'session.settings', turnSeconds: 240 });
    const res = await mod.socket.emitWithAck('live:sync', { sessionId, version });
    expect(res.ok && res.data.kind).toBe('patches');
    if (res.ok && res.data.kind === 'patches') expect(res.data.patches.map((p) => p.version)).toEqual([version + 1, version + 2]);
    const again = await LiveClient.open('diemcau.badinh', sessionId);
    clients.push(again);
    expect(again.state!.settings.turnSeconds).toBe(240);
    expect(again.state!.entries.some((e) => e.citizenName === 'Phan Văn Sáu')).toBe(true);
  });

  it('resumes the exact turn after a server crash: queue, speaker and remaining time from stored timestamps', async () => {
    const chair = await open('chutri');
    await chair.must({ type: 'session.start' });
    const called = chair.state!.entries.find((e) => e.status === 'CALLED')!;
    await chair.must({ type: 'floor.give', entryId: called.id });
    await new Promise((r) => setTimeout(r, 1500));
    const before = await LiveClient.open('dieuphoi', sessionId);
    const speaking = before.state!.entries.find((e) => e.status === 'SPEAKING')!;
    const remainingBefore = remainingMs(speaking, Date.now());
    before.close();

    await restartServer('SIGKILL');

    const after = await LiveClient.open('dieuphoi', sessionId);
    clients.push(after);
    const resumed = after.state!.entries.find((e) => e.status === 'SPEAKING')!;
    expect(resumed.id).toBe(speaking.id);
    expect(after.state!.floor).toEqual(before.state!.floor);
    expect(after.state!.entries.map((e) => [e.id, e.status, e.position])).toEqual(before.state!.entries.map((e) => [e.id, e.status, e.position]));
    const remainingAfter = remainingMs(resumed, Date.now());
    expect(remainingAfter).toBeLessThan(remainingBefore);
    expect(remainingAfter).toBeGreaterThan(remainingBefore - 15_000);
    await after.must({ type: 'turn.end' });
  });
});
