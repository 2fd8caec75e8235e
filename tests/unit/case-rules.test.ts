// The case workflow as a pure state machine: each rule by itself, the two clocks in working days across a
// weekend and a holiday, overdue at the exact minute in Hà Nội, and a randomized run of thousands of
// actions holding the invariants a supervisor relies on.
import { describe, expect, it } from 'vitest';
import { isOverdue, legalDeadline } from '../../server/src/cases/case-clock.ts';
import { CASE_STATUSES, decide, type CaseAction, type CaseActor, type CaseState } from '../../server/src/cases/case-rules.ts';
import { addDays, workingDaysAfter, workingDaysBetween } from '../../server/src/calendar/working-days.ts';

// 2027: the Hùng Kings' day is Friday 16 April; 30 April (Friday) and 1 May (Saturday) are the holidays.
const HOLIDAYS = new Set(['2027-04-16', '2027-04-30', '2027-05-01']);
const holiday = (day: string) => (HOLIDAYS.has(day) ? 'nghỉ lễ' : undefined);

const AGENCY = { kind: 'agency', agencyId: 'so-xd' } as const;
const HOST = { kind: 'host' } as const;
const CITIZEN = { kind: 'citizen' } as const;
const OPEN = new Set(['ASSIGNED', 'IN_PROGRESS', 'WAITING_CITIZEN']);
const fresh = (over: Partial<CaseState> = {}): CaseState => ({
  status: 'ASSIGNED',
  kind: 'COMPLAINT',
  agencyId: 'so-xd',
  acceptedDay: null,
  pausedSince: null,
  pausedDays: 0,
  extensionDays: 0,
  extensionAsked: null,
  result: null,
  resolvedDay: null,
  informedDay: null,
  noticeDeadline: null,
  reopenAsked: false,
  satisfaction: null,
  ...over,
});
const must = (state: CaseState, actor: CaseActor, action: CaseAction, today: string) => {
  const d = decide(state, actor, action, today, holiday);
  if (!d.ok) throw new Error(`refused: ${d.refusal.key}`);
  return d.next;
};

describe('the clocks of a case', () => {
  it('counts working days across a weekend and a public holiday', () => {
    // Thursday 15 April 2027 + 1 working day: Friday 16 is the holiday, so Monday 19.
    expect(workingDaysAfter('2027-04-15', 1, holiday)).toBe('2027-04-19');
    expect(workingDaysAfter('2027-04-15', 0, holiday)).toBe('2027-04-15');
    expect(workingDaysAfter('2027-04-17', 0, holiday)).toBe('2027-04-19');
    expect(workingDaysBetween('2027-04-15', '2027-04-19', holiday)).toBe(1);
    expect(workingDaysBetween('2027-04-19', '2027-04-15', holiday)).toBe(0);
    // Accepted Monday 5 April 2027, 30 working days: past 16 April and 30 April → 19 May.
    expect(legalDeadline({ acceptedDay: '2027-04-05', limitDays: 30, extensionDays: 0, pausedDays: 0, pausedSince: null }, '2027-04-05', holiday)).toBe('2027-05-19');
  });

  it('is overdue from 00:00 in Hà Nội the day after the deadline, not a minute before', () => {
    expect(isOverdue('2027-05-18', new Date('2027-05-18T16:59:59Z'))).toBe(false); // 23:59:59 in Hà Nội
    expect(isOverdue('2027-05-18', new Date('2027-05-18T17:00:00Z'))).toBe(true); // 00:00 on the 19th
    expect(isOverdue(null, new Date('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('stands still while the case waits for the citizen, and moves the deadline by the days waited', () => {
    const clock = { acceptedDay: '2027-04-05', limitDays: 30, extensionDays: 0, pausedDays: 0, pausedSince: '2027-04-12' };
    const before = legalDeadline(clock, '2027-04-12', holiday);
    expect(legalDeadline(clock, '2027-04-14', holiday)).toBe(workingDaysAfter(before, 2, holiday));
  });
});

describe('the workflow', () => {
  it('takes a complaint from assignment to the citizen told', () => {
    let s = must(fresh(), AGENCY, { type: 'accept' }, '2027-04-05');
    expect(s).toMatchObject({ status: 'IN_PROGRESS', acceptedDay: '2027-04-05' });
    s = must(s, AGENCY, { type: 'wait', reason: 'Chờ công dân nộp bản sao sổ đỏ' }, '2027-04-06');
    s = must(s, AGENCY, { type: 'resume' }, '2027-04-09');
    expect(s).toMatchObject({ status: 'IN_PROGRESS', pausedSince: null, pausedDays: 3 });
    s = must(s, AGENCY, { type: 'resolve', result: 'PARTIAL', answer: 'Công nhận một phần', hasDocument: true }, '2027-04-20');
    s = must(s, AGENCY, { type: 'inform', day: '2027-04-21', how: 'Gửi văn bản qua bưu điện' }, '2027-04-22');
    expect(s).toMatchObject({ status: 'INFORMED', result: 'PARTIAL', resolvedDay: '2027-04-20', informedDay: '2027-04-21' });
  });

  it('refuses what a modified client would try, each with its reason', () => {
    const working = fresh({ status: 'IN_PROGRESS', acceptedDay: '2027-04-05' });
    const refused = (state: CaseState, actor: CaseActor, action: CaseAction, today = '2027-04-20') => {
      const d = decide(state, actor, action, today, holiday);
      return d.ok ? null : d.refusal.key;
    };
    expect(refused(working, { kind: 'agency', agencyId: 'so-tn' }, { type: 'progress', note: 'x' })).toBe('case.notYours');
    expect(refused(working, HOST, { type: 'resolve', result: 'FULL', answer: 'x', hasDocument: true })).toBe('case.agencyActs');
    expect(refused(working, AGENCY, { type: 'decideExtension', approve: true, reason: null })).toBe('case.notYours');
    expect(refused(working, AGENCY, { type: 'resolve', result: 'FULL', answer: 'Đã giải quyết', hasDocument: false })).toBe('case.resultNeedsDocument');
    expect(refused(fresh({ ...working, kind: 'FEEDBACK' }), AGENCY, { type: 'resolve', result: 'FULL', answer: 'Đã trả lời', hasDocument: false })).toBeNull();
    expect(refused(working, AGENCY, { type: 'askExtension', days: 16, reason: 'phức tạp' })).toBe('case.extensionTooLong');
    expect(refused(working, AGENCY, { type: 'transfer', toAgencyId: 'so-xd', reason: 'nhầm' })).toBe('case.transferSameAgency');
    expect(refused(fresh({ ...working, status: 'RESOLVED', result: 'FULL', resolvedDay: '2027-04-20' }), AGENCY, { type: 'inform', day: '2027-04-19', how: 'x' })).toBe('case.informedDay');
    expect(refused(fresh({ ...working, status: 'RESOLVED', result: 'FULL', resolvedDay: '2027-04-20' }), AGENCY, { type: 'inform', day: '2027-04-21', how: 'x' })).toBe('case.informedDay');
    expect(refused(fresh({ ...working, status: 'WAITING_CITIZEN', pausedSince: '2027-04-10' }), AGENCY, { type: 'resolve', result: 'FULL', answer: 'x', hasDocument: true })).toBe('case.resumeFirst');
    expect(refused(fresh(), AGENCY, { type: 'resolve', result: 'FULL', answer: 'x', hasDocument: true })).toBe('case.notInProgress');
  });

  it('grants an extension only by the host office, up to the legal limit, and restarts the clock at a transfer', () => {
    let s = must(fresh({ kind: 'DENUNCIATION' }), AGENCY, { type: 'accept' }, '2027-04-05');
    s = must(s, AGENCY, { type: 'askExtension', days: 30, reason: 'Vụ việc phức tạp' }, '2027-04-10');
    expect(decide(s, AGENCY, { type: 'askExtension', days: 1, reason: 'x' }, '2027-04-10', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.extensionPending' } });
    s = must(s, HOST, { type: 'decideExtension', approve: true, reason: null }, '2027-04-11');
    expect(s).toMatchObject({ extensionDays: 30, extensionAsked: null });
    expect(decide(s, AGENCY, { type: 'askExtension', days: 1, reason: 'x' }, '2027-04-12', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.extensionTooLong', params: { max: 0 } } });
    s = must(s, AGENCY, { type: 'transfer', toAgencyId: 'so-tn', reason: 'Thuộc thẩm quyền Sở Tài nguyên' }, '2027-04-12');
    expect(s).toMatchObject({ status: 'ASSIGNED', agencyId: 'so-tn', acceptedDay: null, extensionDays: 0 });
  });
});

describe('the citizen’s word on the answer', () => {
  const resolved = fresh({ status: 'INFORMED', acceptedDay: '2027-04-05', result: 'PARTIAL', resolvedDay: '2027-04-20', informedDay: '2027-04-21', noticeDeadline: '2027-04-30' });

  it('is said once, by the citizen, and only of an answer', () => {
    const s = must(resolved, CITIZEN, { type: 'rate', satisfaction: 'PARTLY', comment: 'Mới giải quyết một phần' }, '2027-04-22');
    expect(s.satisfaction).toBe('PARTLY');
    expect(decide(s, CITIZEN, { type: 'rate', satisfaction: 'SATISFIED', comment: null }, '2027-04-23', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.alreadyRated' } });
    expect(decide(fresh(), CITIZEN, { type: 'rate', satisfaction: 'SATISFIED', comment: null }, '2027-04-23', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.notResolved' } });
    expect(decide(resolved, AGENCY, { type: 'rate', satisfaction: 'SATISFIED', comment: null }, '2027-04-23', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.citizenSays' } });
    expect(decide(resolved, HOST, { type: 'askReopen', reason: 'xin mở lại' }, '2027-04-23', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.citizenSays' } });
    expect(decide(resolved, CITIZEN, { type: 'accept' }, '2027-04-23', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.agencyActs' } });
  });

  it('asks to reopen once; the host office reopens it as a new round or refuses with a reason', () => {
    let s = must(resolved, CITIZEN, { type: 'rate', satisfaction: 'NOT_SATISFIED', comment: null }, '2027-04-22');
    s = must(s, CITIZEN, { type: 'askReopen', reason: 'Chưa được cấp lại giấy tờ' }, '2027-04-22');
    expect(decide(s, CITIZEN, { type: 'askReopen', reason: 'lần nữa' }, '2027-04-22', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.reopenPending' } });
    expect(decide(s, AGENCY, { type: 'decideReopen', approve: true, reason: 'x' }, '2027-04-22', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.notYours' } });
    const refused = must(s, HOST, { type: 'decideReopen', approve: false, reason: 'Đã trả lời đúng thẩm quyền' }, '2027-04-23');
    expect(refused).toMatchObject({ status: 'INFORMED', reopenAsked: false, satisfaction: 'NOT_SATISFIED' });
    expect(decide(refused, HOST, { type: 'decideReopen', approve: true, reason: 'x' }, '2027-04-23', holiday)).toMatchObject({ ok: false, refusal: { key: 'case.noReopenAsked' } });
    const again = must(s, HOST, { type: 'decideReopen', approve: true, reason: 'Công dân có tài liệu mới' }, '2027-04-26');
    expect(again).toMatchObject({ status: 'IN_PROGRESS', acceptedDay: '2027-04-26', result: null, informedDay: null, noticeDeadline: null, reopenAsked: false, satisfaction: null });
  });
});

describe('a random run of actions', () => {
  // A small seeded generator: the same run every time, so a failure can be replayed.
  function random(seed: number) {
    let x = seed >>> 0;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 2 ** 32;
    };
  }
  const agencies = ['so-xd', 'so-tn', 'ubnd-bd'];

  it.each([1, 2, 3, 4, 5])('holds the invariants over 3,000 actions (seed %i)', (seed) => {
    const r = random(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    let state = fresh({ kind: pick(['COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'FEEDBACK', 'MIXED'] as const) });
    let today = '2027-03-01';
    let events = 0;
    for (let i = 0; i < 3000; i++) {
      if (r() < 0.4) today = addDays(today, 1 + Math.floor(r() * 3));
      const who = r();
      const actor: CaseActor = who < 0.65 ? { kind: 'agency', agencyId: r() < 0.85 ? state.agencyId : pick(agencies) } : who < 0.9 ? HOST : CITIZEN;
      const action: CaseAction = pick<CaseAction>([
        { type: 'accept' },
        { type: 'progress', note: 'ghi nhận' },
        { type: 'wait', reason: 'chờ tài liệu' },
        { type: 'resume' },
        { type: 'askExtension', days: 1 + Math.floor(r() * 20), reason: 'phức tạp' },
        { type: 'decideExtension', approve: r() < 0.5, reason: null },
        { type: 'resolve', result: r() < 0.5 ? 'FULL' : 'PARTIAL', answer: 'trả lời', hasDocument: r() < 0.7 },
        { type: 'inform', day: addDays(today, -Math.floor(r() * 3)), how: 'văn bản' },
        { type: 'transfer', toAgencyId: pick(agencies), reason: 'nhầm cơ quan' },
        { type: 'reopen', reason: 'công dân chưa đồng ý' },
        { type: 'decideReopen', approve: r() < 0.5, reason: 'xem xét lại' },
        { type: 'rate', satisfaction: pick(['SATISFIED', 'PARTLY', 'NOT_SATISFIED'] as const), comment: null },
        { type: 'askReopen', reason: 'chưa được giải quyết' },
      ]);
      const before = state;
      const clockBefore = before.acceptedDay ? legalDeadline({ acceptedDay: before.acceptedDay, limitDays: 30, extensionDays: before.extensionDays, pausedDays: before.pausedDays, pausedSince: before.pausedSince }, today, holiday) : null;
      const d = decide(state, actor, action, today, holiday);
      if (!d.ok) {
        expect(d.refusal.key).toMatch(/^case\./);
        continue;
      }
      // Every change leaves its event, saying the status it led to.
      expect(d.event.kind).toBe(action.type);
      expect(d.event.data.status).toBe(d.next.status);
      events++;
      state = d.next;
      expect(CASE_STATUSES).toContain(state.status);
      // A closed case has the day the citizen was told, after its result.
      if (state.status === 'INFORMED') {
        expect(state.informedDay).not.toBeNull();
        expect(state.resolvedDay).not.toBeNull();
        expect(state.informedDay! >= state.resolvedDay!).toBe(true);
        expect(state.result).not.toBeNull();
      }
      // Waiting for the citizen is exactly when the legal clock stands still.
      expect(state.status === 'WAITING_CITIZEN').toBe(state.pausedSince !== null);
      if (state.status !== 'ASSIGNED') expect(state.acceptedDay).not.toBeNull();
      // The citizen's word and their request to reopen belong to an answer: never on an open case.
      if (OPEN.has(state.status)) expect([state.satisfaction, state.reopenAsked]).toEqual([null, false]);
      // Only the citizen rates the answer or asks to reopen it.
      if (action.type === 'rate' || action.type === 'askReopen') expect(actor.kind).toBe('citizen');
      // A reopened case is a new round: accepted again today, with no result and no notice deadline.
      if (!OPEN.has(before.status) && OPEN.has(state.status)) expect(state).toMatchObject({ status: 'IN_PROGRESS', acceptedDay: today, result: null, noticeDeadline: null, extensionDays: 0 });
      // The legal deadline never comes closer while the case stays with the same agency: not by waiting,
      // not by resuming, not by an extension's decision.
      // (A reopening starts a new round: checked below.)
      if (clockBefore && OPEN.has(before.status) && state.acceptedDay === before.acceptedDay && state.agencyId === before.agencyId) {
        const clockAfter = legalDeadline({ acceptedDay: state.acceptedDay!, limitDays: 30, extensionDays: state.extensionDays, pausedDays: state.pausedDays, pausedSince: state.pausedSince }, today, holiday);
        expect(clockAfter >= clockBefore).toBe(true);
      }
    }
    expect(events).toBeGreaterThan(100);
  });
});
