import { describe, expect, it } from 'vitest';
import { orderedWaiting, remainingMs, speakingMs } from '../../../protocol/index.ts';
import { SYSTEM } from '../../../protocol/live-rules/rules.ts';
import { AGENCY_REP, BA_DINH, BRIDGE_BD, BRIDGE_HK, CAU_GIAY, CHAIR, HOAN_KIEM, MOD, OBSERVER, Script, actor } from './fixtures.ts';

describe('the session’s own life', () => {
  it('goes scheduled → open → live ⇄ paused → closed, and refuses every other move', () => {
    const s = new Script();
    expect(s.refused({ type: 'session.start' }).message).toMatch(/mở phòng họp trước/);
    expect(s.refused({ type: 'session.resume' }).code).toBe('CONFLICT');
    s.run({ type: 'session.open' }, MOD);
    expect(s.state.status).toBe('OPEN');
    expect(s.refused({ type: 'session.open' }).code).toBe('CONFLICT');
    expect(s.refused({ type: 'session.pause' }).code).toBe('CONFLICT');
    expect(s.refused({ type: 'session.start' }, MOD).code).toBe('FORBIDDEN');
    s.run({ type: 'session.start' });
    expect(s.state.status).toBe('LIVE');
    expect(s.refused({ type: 'session.start' }).code).toBe('CONFLICT');
    s.run({ type: 'session.pause' }, MOD);
    expect(s.state.status).toBe('PAUSED');
    expect(s.refused({ type: 'session.pause' }).code).toBe('CONFLICT');
    s.run({ type: 'session.resume' }, MOD);
    s.run({ type: 'session.close' });
    expect(s.state.status).toBe('CLOSED');
    expect(s.refused({ type: 'session.close' }).code).toBe('CONFLICT');
    expect(s.refused({ type: 'session.open' }).message).toMatch(/đã kết thúc/);
  });

  it('bumps the version by exactly one per accepted intent and not at all on a refusal', () => {
    const s = new Script();
    s.run({ type: 'session.open' });
    expect(s.state.version).toBe(1);
    s.refused({ type: 'session.open' });
    expect(s.state.version).toBe(1);
  });

  it('changes turn length and round robin until the session closes', () => {
    const s = new Script();
    s.run({ type: 'session.settings', turnSeconds: 420, roundRobin: true }, MOD);
    expect(s.state.settings).toEqual({ turnSeconds: 420, roundRobin: true });
    expect(s.refused({ type: 'session.settings', turnSeconds: 60 }, BRIDGE_BD).code).toBe('FORBIDDEN');
  });

  it('records a site’s pre-flight and grades it', () => {
    const s = new Script();
    s.run({ type: 'site.readiness', siteId: BA_DINH, camera: true, microphone: true, rttMs: 40 }, BRIDGE_BD);
    expect(s.state.readiness[BA_DINH]).toMatchObject({ quality: 'GOOD', checkedBy: 'BRIDGE_OPERATOR' });
    s.run({ type: 'site.readiness', siteId: BA_DINH, camera: true, microphone: false, rttMs: 40 }, BRIDGE_BD);
    expect(s.state.readiness[BA_DINH]!.quality).toBe('FAILED');
    s.run({ type: 'site.readiness', siteId: HOAN_KIEM, camera: true, microphone: true, rttMs: 300 }, BRIDGE_HK);
    expect(s.state.readiness[HOAN_KIEM]!.quality).toBe('FAIR');
    expect(s.refused({ type: 'site.readiness', siteId: HOAN_KIEM, camera: true, microphone: true, rttMs: 1 }, BRIDGE_BD).code).toBe('FORBIDDEN');
    expect(s.refused({ type: 'site.readiness', siteId: '00000000-0000-4000-8000-0000000000ff', camera: true, microphone: true, rttMs: 1 }, MOD).code).toBe('BAD_REQUEST');
  });
});

describe('registrations', () => {
  it('a bridge registers its own citizens only, at the end of the queue, with the session’s turn length', () => {
    const s = new Script();
    const a = s.register('Nguyễn Văn An');
    const b = s.register('Trần Thị Bình', HOAN_KIEM);
    expect(s.entry(a)).toMatchObject({ status: 'WAITING', siteId: BA_DINH, position: 1, allottedSeconds: 300 });
    expect(s.entry(b).position).toBe(2);
    const err = s.refused({ type: 'entry.register', entry: { siteId: HOAN_KIEM, citizenName: 'X', petitionType: 'FEEDBACK', field: 'OTHER' } }, BRIDGE_BD);
    expect(err.code).toBe('FORBIDDEN');
    expect(s.refused({ type: 'entry.register', entry: { siteId: BA_DINH, citizenName: 'X', petitionType: 'FEEDBACK', field: 'OTHER' } }, OBSERVER).code).toBe('FORBIDDEN');
  });

  it('takes only a field the hub offers: a statutory one or the office’s own, not one it stopped offering', () => {
    const s = new Script();
    const offered = s.ctx.activeFields as Set<string>;
    const entry = (field: string) => ({ type: 'entry.register' as const, entry: { siteId: BA_DINH, citizenName: 'Lê Văn Giao', petitionType: 'FEEDBACK' as const, field } });
    const refusal = s.refused(entry('NO_SUCH'), BRIDGE_BD);
    expect(refusal).toMatchObject({ code: 'BAD_REQUEST', key: 'live.fieldUnknown', params: { field: 'NO_SUCH' } });
    offered.add('GIAO_THONG');
    const id = s.run(entry('GIAO_THONG'), BRIDGE_BD)!;
    expect(s.entry(id).field).toBe('GIAO_THONG');
    offered.delete('GIAO_THONG');
    expect(s.refused(entry('GIAO_THONG'), BRIDGE_BD)).toMatchObject({ key: 'live.fieldUnknown' });
    expect(s.entry(id).field, 'the turn that has it keeps it').toBe('GIAO_THONG');
  });

  it('registers from an intake of the same site once, carrying the visit it returns to', () => {
    const s = new Script();
    const INTAKE = '20000000-0000-4000-8000-000000000001';
    const entry = { type: 'entry.register' as const, entry: { siteId: BA_DINH, citizenName: 'Nguyễn Văn An', petitionType: 'RECOMMENDATION' as const, field: 'LAND', intakeId: INTAKE } };
    expect(s.refused(entry, BRIDGE_BD)).toMatchObject({ code: 'NOT_FOUND', key: 'intake.notFound' });
    s.ctx.intake = { id: INTAKE, siteId: HOAN_KIEM, queued: false, returning: null };
    expect(s.refused(entry, BRIDGE_BD), 'another site’s intake').toMatchObject({ key: 'intake.notFound' });
    s.ctx.intake = { id: INTAKE, siteId: BA_DINH, queued: false, returning: { at: '2026-10-01T02:00:00.000Z', field: 'LAND' } };
    const id = s.run(entry, BRIDGE_BD)!;
    expect(s.entry(id)).toMatchObject({ intakeId: INTAKE, returning: { at: '2026-10-01T02:00:00.000Z', field: 'LAND' } });
    s.ctx.intake = { ...s.ctx.intake, queued: true };
    expect(s.refused(entry, BRIDGE_BD)).toMatchObject({ code: 'CONFLICT', key: 'intake.alreadyQueued' });
    // Registered from the form, a turn refers to no intake.
    expect(s.entry(s.register('Trần Thị Bình'))).toMatchObject({ intakeId: null, returning: null });
  });

  it('asks for the floor once, during the session, for its own citizens', () => {
    const s = new Script();
    const a = s.register('An');
    expect(s.refused({ type: 'entry.askFloor', entryId: a }, BRIDGE_BD).message).toMatch(/đang mở/);
    s.run({ type: 'session.open' });
    expect(s.refused({ type: 'entry.askFloor', entryId: a }, BRIDGE_HK).code).toBe('FORBIDDEN');
    s.run({ type: 'entry.askFloor', entryId: a }, BRIDGE_BD);
    expect(s.entry(a).askedFloorAt).not.toBeNull();
    expect(s.refused({ type: 'entry.askFloor', entryId: a }, BRIDGE_BD).code).toBe('CONFLICT');
  });

  it('withdraws while waiting or called, and can be requeued at the end', () => {
    const s = new Script().live();
    const a = s.register('An');
    const b = s.register('Bình');
    s.run({ type: 'entry.withdraw', entryId: a }, BRIDGE_BD);
    expect(s.entry(a).status).toBe('WITHDRAWN');
    expect(s.refused({ type: 'entry.withdraw', entryId: a }, BRIDGE_BD).code).toBe('CONFLICT');
    s.run({ type: 'entry.requeue', entryId: a }, MOD);
    expect(s.entry(a).position).toBeGreaterThan(s.entry(b).position);
    expect(orderedWaiting(s.state).map((e) => e.id)).toEqual([b, a]);
  });

  it('reorders waiting entries and keeps everyone else in place', () => {
    const s = new Script();
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((n) => s.register(n));
    s.run({ type: 'entry.move', entryId: d!, toIndex: 0 }, MOD);
    expect(orderedWaiting(s.state).map((e) => e.citizenName)).toEqual(['D', 'A', 'B', 'C']);
    s.run({ type: 'entry.move', entryId: a!, toIndex: 99 }, MOD);
    expect(orderedWaiting(s.state).map((e) => e.citizenName)).toEqual(['D', 'B', 'C', 'A']);
    expect(s.refused({ type: 'entry.move', entryId: b!, toIndex: 0 }, BRIDGE_BD).code).toBe('FORBIDDEN');
    void c;
  });

  it('puts priority citizens first, in their own order', () => {
    const s = new Script();
    const a = s.register('A');
    const b = s.register('B');
    const c = s.register('C');
    s.run({ type: 'entry.priority', entryId: c, priority: 'ELDERLY' }, MOD);
    s.run({ type: 'entry.priority', entryId: b, priority: 'DISABILITY' }, MOD);
    expect(orderedWaiting(s.state).map((e) => e.id)).toEqual([b, c, a]);
    s.run({ type: 'entry.priority', entryId: b, priority: null }, MOD);
    expect(orderedWaiting(s.state).map((e) => e.id)).toEqual([c, a, b]);
  });

  it('takes sites in turn with round robin so one busy bridge cannot crowd out the others', () => {
    const s = new Script().live();
    s.run({ type: 'session.settings', roundRobin: true });
    const bd = ['BD1', 'BD2', 'BD3'].map((n) => s.register(n, BA_DINH));
    const hk = ['HK1', 'HK2'].map((n) => s.register(n, HOAN_KIEM));
    const cg = s.register('CG1', CAU_GIAY);
    expect(orderedWaiting(s.state).map((e) => e.citizenName)).toEqual(['BD1', 'HK1', 'CG1', 'BD2', 'HK2', 'BD3']);
    // Ba Đình just spoke: it goes to the back of the rotation.
    s.run({ type: 'queue.callNext' });
    s.run({ type: 'floor.give', entryId: bd[0]! });
    s.tick(1000);
    s.run({ type: 'turn.end' });
    expect(s.entry(hk[0]!).status).toBe('CALLED');
    expect(orderedWaiting(s.state).map((e) => e.citizenName)).toEqual(['CG1', 'BD2', 'HK2', 'BD3']);
    void cg;
  });

  it('keeps a confidential mark settable by the bridge for its own citizen and by the chair', () => {
    const s = new Script();
    const a = s.register('An');
    s.run({ type: 'entry.confidential', entryId: a, confidential: true }, BRIDGE_BD);
    expect(s.entry(a).confidential).toBe(true);
    expect(s.refused({ type: 'entry.confidential', entryId: a, confidential: false }, BRIDGE_HK).code).toBe('FORBIDDEN');
    s.run({ type: 'entry.confidential', entryId: a, confidential: false }, CHAIR);
  });

  it('refuses unknown entries clearly', () => {
    const s = new Script();
    expect(s.refused({ type: 'entry.skip', entryId: '00000000-0000-4000-8000-00000000dead' }, MOD)).toEqual({
      code: 'NOT_FOUND',
      message: 'Không tìm thấy đăng ký này trong hàng chờ.',
      // The same by key, for a page in another language.
      key: 'live.entryNotFound',
    });
  });
});

describe('calling and the floor', () => {
  it('calls the next entry once; a second “call next” for the same entry is refused with the reason', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.register('Bình');
    s.run({ type: 'queue.callNext', expectedEntryId: a }, MOD);
    expect(s.entry(a).status).toBe('CALLED');
    const second = s.refused({ type: 'queue.callNext', expectedEntryId: a }, CHAIR);
    expect(second.code).toBe('CONFLICT');
    expect(second.message).toMatch(/An vừa được gọi/);
  });

  it('refuses a call when the queue changed under the caller', () => {
    const s = new Script().live();
    const a = s.register('An');
    const b = s.register('Bình');
    s.run({ type: 'entry.move', entryId: b, toIndex: 0 }, MOD);
    expect(s.refused({ type: 'queue.callNext', expectedEntryId: a }, CHAIR).message).toMatch(/người kế tiếp bây giờ là Bình/);
  });

  it('says so when nobody waits', () => {
    const s = new Script().live();
    expect(s.refused({ type: 'queue.callNext' }).message).toBe('Không còn ai trong hàng chờ.');
  });

  it('gives the floor only while live, to one turn at a time', () => {
    const s = new Script();
    s.run({ type: 'session.open' });
    const a = s.register('An');
    const b = s.register('Bình', HOAN_KIEM);
    s.run({ type: 'queue.call', entryId: a });
    expect(s.refused({ type: 'floor.give', entryId: a }).message).toMatch(/đang diễn ra/);
    s.run({ type: 'session.start' });
    s.run({ type: 'floor.give', entryId: a });
    expect(s.state.floor).toEqual({ entryId: a, speaker: { kind: 'CITIZEN', siteId: BA_DINH } });
    expect(s.refused({ type: 'floor.give', entryId: b }).message).toMatch(/Đang có lượt phát biểu của An/);
    expect(s.refused({ type: 'floor.give', entryId: b }, BRIDGE_HK).code).toBe('FORBIDDEN');
  });

  it('marks a called citizen absent or skips them', () => {
    const s = new Script().live();
    const a = s.register('An');
    const b = s.register('Bình');
    expect(s.refused({ type: 'entry.noShow', entryId: a }).code).toBe('CONFLICT');
    s.run({ type: 'queue.callNext' });
    s.run({ type: 'entry.noShow', entryId: a });
    expect(s.entry(a).status).toBe('NO_SHOW');
    s.run({ type: 'entry.skip', entryId: b });
    expect(s.entry(b).status).toBe('SKIPPED');
  });

  it('hands the floor to an agency representative and back within the same turn', () => {
    const s = new Script().live();
    const a = s.register('An');
    expect(s.refused({ type: 'floor.handToAgency', accountId: AGENCY_REP }).code).toBe('CONFLICT');
    s.run({ type: 'floor.give', entryId: a });
    expect(s.refused({ type: 'floor.handToAgency', accountId: '00000000-0000-4000-8000-000000000bad' }).code).toBe('BAD_REQUEST');
    s.run({ type: 'floor.handToAgency', accountId: AGENCY_REP }, MOD);
    expect(s.state.floor?.speaker).toMatchObject({ kind: 'AGENCY', accountId: AGENCY_REP });
    expect(s.entry(a).answers[0]).toMatchObject({ name: 'Đỗ Minh Xây', agencyName: 'Sở Xây dựng' });
    s.run({ type: 'floor.takeBack' });
    expect(s.state.floor?.speaker).toEqual({ kind: 'CITIZEN', siteId: BA_DINH });
    expect(s.refused({ type: 'floor.takeBack' }).code).toBe('CONFLICT');
  });
});

describe('the turn clock', () => {
  it('counts speaking time without pauses, adds minutes on demand, and records the turn when it ends', () => {
    const s = new Script().live();
    const a = s.register('An');
    const b = s.register('Bình');
    s.run({ type: 'floor.give', entryId: a });
    s.tick(60_000);
    s.run({ type: 'turn.pause' });
    expect(s.refused({ type: 'turn.pause' }).code).toBe('CONFLICT');
    s.tick(30_000);
    expect(speakingMs(s.entry(a), s.now)).toBe(60_000);
    s.run({ type: 'turn.resume' });
    s.tick(20_000);
    s.run({ type: 'turn.addTime', seconds: 60 });
    expect(remainingMs(s.entry(a), s.now)).toBe(300_000 + 60_000 - 80_000);
    s.tick(10_000);
    s.run({ type: 'turn.end' });
    expect(s.entry(a)).toMatchObject({ status: 'DONE', pausedMs: 30_000 });
    expect(speakingMs(s.entry(a), s.now + 999_999)).toBe(90_000);
    expect(s.state.floor).toBeNull();
    expect(s.entry(b).status).toBe('CALLED');
  });

  it('goes over time without stopping: the chair decides what happens at zero', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    s.tick(301_000);
    expect(remainingMs(s.entry(a), s.now)).toBe(-1000);
    expect(s.entry(a).status).toBe('SPEAKING');
  });

  it('ends a paused turn counting the pause out', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    s.tick(10_000);
    s.run({ type: 'turn.pause' });
    s.tick(50_000);
    s.run({ type: 'turn.end' });
    expect(speakingMs(s.entry(a), s.now)).toBe(10_000);
  });

  it('pauses the clock when the speaking site drops and resumes it when the site is back', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    s.tick(5_000);
    expect(s.refused({ type: 'system.siteLeft', siteId: HOAN_KIEM }, SYSTEM).code).toBe('CONFLICT');
    s.run({ type: 'system.siteLeft', siteId: BA_DINH }, SYSTEM);
    expect(s.entry(a)).toMatchObject({ status: 'PAUSED', pauseReason: 'SITE_DISCONNECTED' });
    s.tick(20_000);
    s.run({ type: 'system.siteBack', siteId: BA_DINH }, SYSTEM);
    expect(s.entry(a).status).toBe('SPEAKING');
    expect(speakingMs(s.entry(a), s.now)).toBe(5_000);
    expect(s.refused({ type: 'system.siteLeft', siteId: BA_DINH }, CHAIR).code).toBe('FORBIDDEN');
  });

  it('does not resume by itself a turn the chair paused', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    s.run({ type: 'turn.pause' });
    expect(s.refused({ type: 'system.siteBack', siteId: BA_DINH }, SYSTEM).code).toBe('CONFLICT');
    expect(s.refused({ type: 'site.media', connected: true }, BRIDGE_BD).code).toBe('CONFLICT');
    expect(s.entry(a)).toMatchObject({ status: 'PAUSED', pauseReason: 'CHAIR' });
  });

  it('pauses and resumes the turn on the speaking bridge’s own word that its media dropped, and on no one else’s', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    s.tick(4_000);
    // Hoàn Kiếm cannot pause Ba Đình's citizen: the command names no site, and Hoàn Kiếm has no floor.
    expect(s.refused({ type: 'site.media', connected: false }, BRIDGE_HK)).toMatchObject({ code: 'CONFLICT', key: 'live.noTurnAffected' });
    // Nor can anyone but an operator (the chair pauses with turn.pause, which no bridge can undo).
    for (const who of [CHAIR, MOD, OBSERVER, actor('SECRETARY', BA_DINH)]) expect(s.refused({ type: 'site.media', connected: false }, who).code).toBe('FORBIDDEN');
    expect(s.entry(a).status).toBe('SPEAKING');

    s.run({ type: 'site.media', connected: false }, BRIDGE_BD);
    expect(s.entry(a)).toMatchObject({ status: 'PAUSED', pauseReason: 'SITE_DISCONNECTED' });
    s.tick(9_000);
    expect(s.refused({ type: 'site.media', connected: true }, BRIDGE_HK).code).toBe('CONFLICT');
    s.run({ type: 'site.media', connected: true }, BRIDGE_BD);
    expect(s.entry(a).status).toBe('SPEAKING');
    // The nine seconds without media are not counted against the citizen.
    expect(speakingMs(s.entry(a), s.now)).toBe(4_000);
    // Said twice (the page's report arriving after LiveKit's): the second changes nothing.
    expect(s.refused({ type: 'site.media', connected: true }, BRIDGE_BD).code).toBe('CONFLICT');
  });

  it('pausing the session pauses the turn; closing it ends the turn', () => {
    const s = new Script().live();
    const a = s.register('An');
    s.run({ type: 'floor.give', entryId: a });
    s.run({ type: 'session.pause' });
    expect(s.entry(a).status).toBe('PAUSED');
    expect(s.refused({ type: 'turn.resume' }).message).toMatch(/tiếp tục phiên/);
    s.run({ type: 'session.resume' });
    s.run({ type: 'turn.resume' });
    s.run({ type: 'session.close' });
    expect(s.entry(a).status).toBe('DONE');
    expect(s.state.floor).toBeNull();
  });

  it('lets only the chair and the moderator run turns', () => {
    const s = new Script().live();
    const a = s.register('An');
    for (const who of [BRIDGE_BD, OBSERVER, actor('SECRETARY'), actor('AGENCY_REP')]) {
      expect(s.refused({ type: 'floor.give', entryId: a }, who).code).toBe('FORBIDDEN');
      expect(s.refused({ type: 'queue.callNext' }, who).code).toBe('FORBIDDEN');
    }
  });
});
