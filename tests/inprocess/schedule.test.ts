// Scheduling on a hub set up through the product (empty database, first administrator, accounts and sites
// made by the administration services): a monthly series makes its coming sessions as real rows, on the
// reading the office chose and off public holidays; one occurrence changed or cancelled on its own stays so
// when the series changes; a held session is never rescheduled; and every bad request is refused whole.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScheduleSeriesFields, ScheduleSessionFields } from '../../protocol/index.ts';
import { personOf, type Person } from '../../server/src/access/caller.ts';
import { AdministrationServices } from '../../server/src/administration.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import { HolidaysRepository } from '../../server/src/calendar/holidays.repository.ts';
import { createDb, type Db } from '../../server/src/db/client.ts';
import { applyMigrations } from '../../server/src/db/migrate.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { ScheduleRepository } from '../../server/src/schedule/schedule.repository.ts';
import { ScheduleService } from '../../server/src/schedule/schedule.service.ts';
import { SetupRepository } from '../../server/src/setup/setup.repository.ts';
import { SetupService } from '../../server/src/setup/setup.service.ts';
import { InvitationsRepository } from '../../server/src/invitations/invitations.repository.ts';
import { InvitationsService } from '../../server/src/invitations/invitations.service.ts';
import { CalendarFeedRepository } from '../../server/src/calendar/calendar-feed.repository.ts';
import { CalendarFeedService } from '../../server/src/calendar/calendar-feed.service.ts';
import { PlanRepository } from '../../server/src/plan/plan.repository.ts';
import { PlanService } from '../../server/src/plan/plan.service.ts';
import { ROOT } from '../support/hub.ts';

const NAME = `schedule_${process.pid}_${Date.now()}`;
let server: Db;
let db: Db;
/** Thursday 5 November 2026, 09:00 in Hà Nội. */
let clock = new Date('2026-11-05T02:00:00Z');
let schedule: ScheduleService;
let root: Person;
let moderator: Person;
let operator: Person;
let agencyRep: Person;
const ids = { chair: '', secretary: '', host: '', otherHost: '', wards: [] as string[], agency: '' };

beforeAll(async () => {
  server = createDb(inject('databaseUrl'));
  await server.$executeRawUnsafe(`CREATE DATABASE "${NAME}"`);
  const url = inject('databaseUrl').replace(/\/[^/?]+(\?.*)?$/, `/${NAME}`);
  await applyMigrations(ROOT, url, () => {});
  db = createDb(url);
  await new SetupService(new SetupRepository(db)).createFromCommandLine({ officeName: 'Ban Tiếp công dân thành phố', officeCode: 'HN-TCD', fullName: 'Nguyễn Thị Quản Trị', username: 'quantri', password: 'mat-khau-quan-tri-2026' });
  const accounts = new AccountRepository(db);
  root = personOf((await accounts.byUsername('quantri'))!);
  const admin = new AdministrationServices(db, new EventBus(() => {}), () => clock);
  const csv = ['Mã,Tên,Loại,Quận/huyện', 'HN-TCD2,Trụ sở tiếp dân Sóc Sơn,Trụ sở,Sóc Sơn', 'BD-01,Điểm cầu phường Ba Đình,Điểm cầu,Ba Đình', 'BD-02,Điểm cầu phường Ngọc Hà,Điểm cầu,Ba Đình', 'DA-01,Điểm cầu xã Đông Anh,Điểm cầu,Đông Anh'].join('\n');
  await admin.sites.importFile(root, Buffer.from(csv), 'csv', false);
  const site = async (code: string) => (await db.site.findUniqueOrThrow({ where: { code } })).id;
  ids.host = await site('HN-TCD');
  ids.otherHost = await site('HN-TCD2');
  ids.wards = [await site('BD-01'), await site('BD-02'), await site('DA-01')];
  ids.agency = (await admin.agencies.create(root, { code: 'SO-XD', name: 'Sở Xây dựng', field: null })).id;
  ids.chair = (await admin.accounts.create(root, { username: 'chutri', fullName: 'Trần Quốc Chủ', role: 'CHAIR', siteId: ids.host, agencyId: null })).account.id;
  ids.secretary = (await admin.accounts.create(root, { username: 'thuky', fullName: 'Phạm Thu Kỳ', role: 'SECRETARY', siteId: ids.host, agencyId: null })).account.id;
  const mod = await admin.accounts.create(root, { username: 'dieuphoi', fullName: 'Lê Thị Điều', role: 'MODERATOR', siteId: ids.host, agencyId: null });
  moderator = personOf(await accounts.byId(mod.account.id));
  operator = personOf(await accounts.byId((await admin.accounts.create(root, { username: 'diemcau.bd01', fullName: 'Hoàng Văn Ba', role: 'BRIDGE_OPERATOR', siteId: ids.wards[0]!, agencyId: null })).account.id));
  agencyRep = personOf(await accounts.byId((await admin.accounts.create(root, { username: 'coquan.xd', fullName: 'Đỗ Minh Xây', role: 'AGENCY_REP', siteId: ids.host, agencyId: ids.agency })).account.id));
  schedule = new ScheduleService(new ScheduleRepository(db), new HolidaysRepository(db), () => clock);
  await schedule.seedHolidays();
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await server.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  await server.$disconnect();
});

const monthly = (over: Partial<ScheduleSeriesFields> = {}): ScheduleSeriesFields => ({
  title: 'Tiếp công dân định kỳ của Chủ tịch UBND thành phố',
  kind: 'PERIODIC',
  chairId: ids.chair,
  standsInForId: null,
  hostSiteId: ids.host,
  sites: { mode: 'all' },
  agencyIds: [ids.agency],
  topic: null,
  turnMinutes: 5,
  recurrence: { kind: 'nthWeekday', nth: 3, weekday: 1 },
  startDate: '2026-11-01',
  untilDate: null,
  startTime: '08:00',
  endTime: '11:30',
  ...over,
});

const single = (over: Partial<ScheduleSessionFields> = {}): ScheduleSessionFields => ({
  title: 'Đối thoại với hộ dân dự án đường vành đai',
  kind: 'DIALOGUE',
  chairId: ids.chair,
  standsInForId: null,
  hostSiteId: ids.host,
  sites: { mode: 'districts', districts: ['Ba Đình'] },
  agencyIds: [],
  topic: 'Bồi thường, hỗ trợ tái định cư dự án vành đai 1',
  turnMinutes: 10,
  date: '2026-11-20',
  startTime: '14:00',
  endTime: '16:30',
  ...over,
});

describe('a monthly series', () => {
  it('makes its coming weeks as sessions, on the chosen reading, with every bridge point', async () => {
    const series = await schedule.createSeries(moderator, monthly());
    expect(series.next.slice(0, 3).map((o) => o.date)).toEqual(['2026-11-17', '2026-12-15', '2027-01-19']);
    expect(series.rule).toBe('FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=15,16,17,18,19,20,21;WKST=MO');
    // Six weeks ahead from 5/11: 17/11 and 15/12 exist as sessions, at 08:00 Hà Nội time, with all three wards.
    const rows = await db.receptionSession.findMany({ where: { seriesId: series.id }, include: { sites: true, agencies: true }, orderBy: { scheduledStart: 'asc' } });
    expect(rows.map((r) => r.scheduledStart.toISOString())).toEqual(['2026-11-17T01:00:00.000Z', '2026-12-15T01:00:00.000Z']);
    expect(rows.map((r) => r.scheduledEnd?.toISOString())).toEqual(['2026-11-17T04:30:00.000Z', '2026-12-15T04:30:00.000Z']);
    expect(rows[0]!.sites.map((s) => s.siteId).sort()).toEqual([...ids.wards].sort());
    expect(rows[0]!.agencies.map((a) => a.agencyId)).toEqual([ids.agency]);
    // Extending again (the hourly sweep, or a second instance) makes nothing twice.
    expect(await schedule.extendSeries(series.id)).toBe(0);
    await Promise.all([schedule.extendSeries(series.id), schedule.extendSeries(series.id)]);
    expect(await db.receptionSession.count({ where: { seriesId: series.id } })).toBe(2);

    // Weeks later the sweep adds the next one.
    clock = new Date('2026-12-10T02:00:00Z');
    expect(await schedule.extendAllSeries()).toBe(1);
    expect(await db.receptionSession.count({ where: { seriesId: series.id } })).toBe(3);
    clock = new Date('2026-11-05T02:00:00Z');
  });

  it('keeps an occurrence changed or cancelled on its own, and never rewrites a held one', async () => {
    const series = await schedule.createSeries(moderator, monthly({ title: 'Tiếp công dân định kỳ (tuần thứ ba)', recurrence: { kind: 'weekdayOfNthWeek', week: 3, weekday: 1 }, sites: { mode: 'picked', siteIds: [ids.wards[0]!] } }));
    const [nov, dec] = (await schedule.sessions(moderator)).filter((s) => s.series?.id === series.id);
    expect([nov!.date, dec!.date]).toEqual(['2026-11-10', '2026-12-15']);
    // November's is moved to the afternoon on its own; December's is held (opened) already.
    const moved = await schedule.changeSession(moderator, nov!.id, { startTime: '13:30', endTime: '16:00' });
    expect(moved).toMatchObject({ detached: true, startsAt: '2026-11-10T06:30:00.000Z' });
    await db.receptionSession.update({ where: { id: dec!.id }, data: { status: 'OPEN' } });
    await expect(schedule.changeSession(moderator, dec!.id, { startTime: '09:00' })).rejects.toMatchObject({ code: 'CONFLICT', key: 'schedule.notScheduled' });
    await expect(schedule.cancelSession(moderator, dec!.id, 'Lãnh đạo bận họp')).rejects.toMatchObject({ key: 'schedule.notScheduled' });

    // The series moves to 09:00 with two wards: neither the changed nor the held occurrence follows.
    await schedule.changeSeries(moderator, series.id, { startTime: '09:00', endTime: '11:00', sites: { mode: 'picked', siteIds: ids.wards.slice(0, 2) } });
    const after = await db.receptionSession.findMany({ where: { seriesId: series.id }, include: { sites: true }, orderBy: { scheduledStart: 'asc' } });
    expect(after.map((r) => [r.scheduledStart.toISOString(), r.sites.length])).toEqual([
      ['2026-11-10T06:30:00.000Z', 1],
      ['2026-12-15T01:00:00.000Z', 1],
    ]);

    // Cancelling an occurrence: a reason is kept, and the series does not make it again.
    await db.receptionSession.update({ where: { id: dec!.id }, data: { status: 'SCHEDULED' } });
    const cancelled = await schedule.cancelSession(moderator, dec!.id, 'Trùng lịch họp Hội đồng nhân dân');
    expect(cancelled.cancelledAt).not.toBeNull();
    await schedule.extendSeries(series.id);
    expect(await db.receptionSession.count({ where: { seriesId: series.id } })).toBe(2);
    expect((await schedule.allSeries(moderator)).find((s) => s.id === series.id)!.next.map((o) => o.date)).not.toContain('2026-12-15');
    // A cancelled session is gone for the live features and the public schedule.
    expect((await schedule.publicSchedule()).filter((p) => p.title === 'Tiếp công dân định kỳ (tuần thứ ba)').map((p) => p.date)).toEqual(['2026-11-10']);
  });

  it('moves an occurrence that falls on a public holiday, and says so', async () => {
    // The first Wednesday: 2/12/2026 is a working day, but an administrator declared it a day off.
    await db.holiday.create({ data: { date: new Date('2026-12-02T00:00:00Z'), name: 'Ngày nghỉ do thành phố quyết định' } });
    const series = await schedule.createSeries(moderator, monthly({ title: 'Tiếp công dân thứ Tư đầu tháng', recurrence: { kind: 'nthWeekday', nth: 1, weekday: 2 } }));
    const dec = (await schedule.sessions(moderator)).find((s) => s.series?.id === series.id && s.shiftedFrom);
    expect(dec).toMatchObject({ date: '2026-12-03', shiftedFrom: '2026-12-02', shiftHoliday: 'Ngày nghỉ do thành phố quyết định' });
  });
});

describe('a single session', () => {
  it('is scheduled with the bridge points of a district, and refused whole when anything is wrong', async () => {
    const s = await schedule.createSession(moderator, single());
    expect(s).toMatchObject({ kind: 'DIALOGUE', date: '2026-11-20', startsAt: '2026-11-20T07:00:00.000Z', turnMinutes: 10, topic: 'Bồi thường, hỗ trợ tái định cư dự án vành đai 1' });
    expect(s.sites.map((x) => x.code).sort()).toEqual(['BD-01', 'BD-02']);
    const before = await db.receptionSession.count();
    await expect(schedule.createSession(moderator, single({ startTime: '16:00', endTime: '14:00' }))).rejects.toMatchObject({ key: 'schedule.endBeforeStart' });
    await expect(schedule.createSession(moderator, single({ chairId: ids.secretary }))).rejects.toMatchObject({ key: 'schedule.chairNotChair', params: { name: 'Phạm Thu Kỳ' } });
    await expect(schedule.createSession(moderator, single({ date: '2026-11-04' }))).rejects.toMatchObject({ key: 'schedule.inPast' });
    await expect(schedule.createSession(moderator, single({ hostSiteId: ids.wards[0]! }))).rejects.toMatchObject({ key: 'schedule.ownHostOnly' });
    await expect(schedule.createSession(root, single({ hostSiteId: ids.wards[0]! }))).rejects.toMatchObject({ key: 'schedule.hostNotHost' });
    await expect(schedule.createSession(moderator, single({ sites: { mode: 'districts', districts: ['Mê Linh'] } }))).rejects.toMatchObject({ key: 'schedule.noSites' });
    await expect(schedule.createSession(moderator, single({ sites: { mode: 'picked', siteIds: [ids.host] } }))).rejects.toMatchObject({ key: 'schedule.siteNotBridge' });
    // A rule that yields no date: the fifth Tuesday, only in December 2026 up to the 20th.
    await expect(schedule.createSeries(moderator, monthly({ recurrence: { kind: 'nthWeekday', nth: 5, weekday: 1 }, startDate: '2026-12-01', untilDate: '2026-12-20' }))).rejects.toMatchObject({ key: 'schedule.noDates' });
    // A moderator of another host office neither schedules for this one nor sees its sessions.
    expect(await db.receptionSession.count()).toBe(before);
    await expect(schedule.sessions({ ...moderator, siteId: ids.otherHost })).resolves.toEqual([]);
    await expect(schedule.changeSession({ ...moderator, siteId: ids.otherHost }, s.id, { title: 'Đổi tên kỳ tiếp' })).rejects.toMatchObject({ key: 'schedule.sessionNotFound' });
  });

  it('is posted publicly with what a notice board shows and nothing else', async () => {
    const board = await schedule.publicSchedule();
    const dialogue = board.find((p) => p.title.startsWith('Đối thoại'))!;
    expect(dialogue).toEqual({ date: '2026-11-20', startsAt: '2026-11-20T07:00:00.000Z', endsAt: '2026-11-20T09:30:00.000Z', kind: 'DIALOGUE', title: 'Đối thoại với hộ dân dự án đường vành đai', leader: 'Trần Quốc Chủ', place: 'Ban Tiếp công dân thành phố', bridgePoints: ['Điểm cầu phường Ba Đình', 'Điểm cầu phường Ngọc Hà'] });
    expect(JSON.stringify(board)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe('invitations, reminders and the notification centre', () => {
  const told: Record<string, number>[] = [];
  const events = new EventBus(() => {});
  events.on('notifications.changed', ({ unread }) => void told.push(unread));
  const invitations = () => new InvitationsService(new InvitationsRepository(db), new HolidaysRepository(db), events, () => clock);
  const kinds = async (p: Person) => (await invitations().notifications(p)).items.map((n) => `${n.kind} ${n.params.title} ${n.params.startsAt.slice(0, 10)}`).sort();

  it('invites five working days ahead, reminds the day before, and tells the invited of a cancellation', async () => {
    clock = new Date('2026-11-05T02:00:00Z');
    await invitations().sweep();
    // Only the session of Tuesday 10/11 is within five working days of Thursday 5/11.
    expect(await kinds(operator)).toEqual(['INVITATION Tiếp công dân định kỳ (tuần thứ ba) 2026-11-10']);
    expect(told.at(-1)?.[operator.accountId]).toBe(1);
    // A second sweep (another instance, the next round) tells no one twice.
    await Promise.all([invitations().sweep(), invitations().sweep()]);
    expect(await kinds(operator)).toHaveLength(1);

    // Monday 9/11: the reminder to run the connection test for tomorrow.
    clock = new Date('2026-11-09T02:00:00Z');
    await invitations().sweep();
    expect((await kinds(operator)).filter((k) => k.startsWith('READINESS_REMINDER'))).toEqual(['READINESS_REMINDER Tiếp công dân định kỳ (tuần thứ ba) 2026-11-10']);

    // Friday 13/11: Tuesday 17/11 and Friday 20/11 are now five working days away or less; the agency too.
    clock = new Date('2026-11-13T02:00:00Z');
    await invitations().sweep();
    expect((await kinds(operator)).filter((k) => k.startsWith('INVITATION'))).toEqual([
      'INVITATION Tiếp công dân định kỳ (tuần thứ ba) 2026-11-10',
      'INVITATION Tiếp công dân định kỳ của Chủ tịch UBND thành phố 2026-11-17',
      'INVITATION Đối thoại với hộ dân dự án đường vành đai 2026-11-20',
    ]);
    expect(await kinds(agencyRep)).toEqual(['INVITATION Tiếp công dân định kỳ (tuần thứ ba) 2026-11-10', 'INVITATION Tiếp công dân định kỳ của Chủ tịch UBND thành phố 2026-11-17']);

    // The operator confirms their ward attends; the moderator sees it, per site.
    const mine = await invitations().invitations(operator);
    const dialogue = mine.find((i) => i.title.startsWith('Đối thoại'))!;
    expect(dialogue).toMatchObject({ invitee: { kind: 'site', name: 'Điểm cầu phường Ba Đình' }, confirmedAt: null });
    await invitations().confirm(operator, dialogue.sessionId);
    await expect(invitations().confirm(moderator, dialogue.sessionId)).rejects.toMatchObject({ key: 'invite.onlyInvitees' });
    const attendance = await invitations().attendance(moderator, dialogue.sessionId);
    expect(attendance.sites.find((x) => x.id === ids.wards[0])).toMatchObject({ confirmedAt: expect.any(String) });
    expect(attendance.sites.find((x) => x.id === ids.wards[1])).toMatchObject({ confirmedAt: null, invitedAt: expect.any(String) });
    await expect(invitations().attendance(operator, dialogue.sessionId)).rejects.toMatchObject({ key: 'schedule.only' });

    // Cancelled: everyone invited is told, with the reason.
    await schedule.cancelSession(moderator, dialogue.sessionId, 'Chủ đầu tư chưa hoàn thiện phương án bồi thường');
    await invitations().sessionCancelled(dialogue.sessionId);
    const cancelled = (await invitations().notifications(operator)).items.find((n) => n.kind === 'SESSION_CANCELLED')!;
    expect(cancelled.params).toMatchObject({ title: 'Đối thoại với hộ dân dự án đường vành đai', reason: 'Chủ đầu tư chưa hoàn thiện phương án bồi thường' });

    // Read: the count goes to zero, on every page of the person (the event carries it).
    await invitations().markRead(operator, undefined);
    expect((await invitations().notifications(operator)).unread).toBe(0);
    expect(told.at(-1)).toEqual({ [operator.accountId]: 0 });
  });

  it('gives each person a secret calendar feed of the sessions they see, and only those', async () => {
    const feeds = new CalendarFeedService(new CalendarFeedRepository(db), () => clock);
    const { path } = await feeds.issue(operator);
    const token = path.replace('/api/calendar-feeds/', '').replace('.ics', '');
    // Long lines are folded (RFC 5545): read it unfolded, as a calendar program does.
    const unfold = (t: string | null) => (t ?? '').replace(/\r\n[ \t]/g, '');
    const text = unfold(await feeds.feed(token));
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain('Tiếp công dân định kỳ (tuần thứ ba)');
    expect(text).toMatch(/SUMMARY:\[Đã hủy\] Đối thoại với hộ dân/);
    // A ward in another district sees neither the Ba Đình dialogue nor the Ba Đình-only series.
    const far = personOf(await new AccountRepository(db).byId((await new AdministrationServices(db, new EventBus(() => {}), () => clock).accounts.create(root, { username: 'diemcau.da01', fullName: 'Bùi Đức Anh', role: 'BRIDGE_OPERATOR', siteId: ids.wards[2]!, agencyId: null })).account.id));
    const farText = unfold(await feeds.feed((await feeds.issue(far)).path.replace('/api/calendar-feeds/', '').replace('.ics', '')));
    expect(farText).not.toContain('Đối thoại với hộ dân');
    expect(farText).not.toContain('(tuần thứ ba)');
    expect(farText).toContain('Tiếp công dân định kỳ của Chủ tịch UBND thành phố');
    // A new address voids the old one; a deactivated account's feed answers nothing.
    const again = await feeds.issue(operator);
    expect(await feeds.feed(token)).toBeNull();
    await db.account.update({ where: { id: operator.accountId }, data: { active: false } });
    expect(await feeds.feed(again.path.replace('/api/calendar-feeds/', '').replace('.ics', ''))).toBeNull();
    await db.account.update({ where: { id: operator.accountId }, data: { active: true } });
  });
});

describe('the year’s plan', () => {
  it('shows what is planned, scheduled, held, behind and dropped, and a planned session gets its date', async () => {
    clock = new Date('2026-11-05T02:00:00Z');
    const plan = new PlanService(new PlanRepository(db), schedule, () => clock);
    const chair = personOf(await new AccountRepository(db).byId(ids.chair));
    const entry = (over: Record<string, unknown>) => ({ year: 2026, kind: 'DIALOGUE' as const, topic: 'Giải phóng mặt bằng dự án cầu Tứ Liên', withGroup: 'các hộ dân phường Tây Hồ', district: 'Tây Hồ', targetMonth: 12, chairId: ids.chair, ...over });
    // A leader puts two dialogues in the year's programme; the moderator adds a thematic session.
    const october = await plan.add(chair, entry({ targetMonth: 10, withGroup: 'Hội Cựu chiến binh' }));
    const december = await plan.add(chair, entry({}));
    const dropped = await plan.add(moderator, entry({ kind: 'THEMATIC', topic: 'Ô nhiễm môi trường làng nghề', withGroup: 'các hộ dân xã Đông Anh', targetMonth: 11 }));
    expect([october.state, december.state]).toEqual(['behind', 'planned']);
    await expect(plan.add(chair, entry({ district: 'Hà Tây' }))).rejects.toMatchObject({ key: 'admin.districtUnknown' });

    // December's gets its date: a scheduled session with the entry's topic, chaired as planned.
    const scheduled = await plan.schedule(moderator, december.id, { chairId: ids.chair, standsInForId: null, hostSiteId: ids.host, sites: { mode: 'districts', districts: ['Ba Đình'] }, agencyIds: [], turnMinutes: 5, date: '2026-12-10', startTime: '14:00', endTime: '16:30' });
    expect(scheduled.state).toBe('scheduled');
    const session = await db.receptionSession.findUniqueOrThrow({ where: { id: scheduled.session!.id } });
    expect(session).toMatchObject({ title: 'Hội nghị đối thoại với các hộ dân phường Tây Hồ', kind: 'DIALOGUE', topic: 'Giải phóng mặt bằng dự án cầu Tứ Liên' });
    await expect(plan.schedule(moderator, december.id, { chairId: ids.chair, standsInForId: null, hostSiteId: ids.host, sites: { mode: 'all' }, agencyIds: [], turnMinutes: 5, date: '2026-12-11', startTime: '14:00', endTime: '16:30' })).rejects.toMatchObject({ key: 'plan.alreadyScheduled' });
    // A leader keeps the plan but does not schedule.
    await expect(plan.schedule(chair, october.id, { chairId: ids.chair, standsInForId: null, hostSiteId: ids.host, sites: { mode: 'all' }, agencyIds: [], turnMinutes: 5, date: '2026-12-11', startTime: '14:00', endTime: '16:30' })).rejects.toMatchObject({ key: 'schedule.only' });
    await plan.drop(chair, dropped.id, 'Đã giải quyết xong qua tiếp công dân thường xuyên');

    // Held once its session is closed; the summary counts every state.
    await db.receptionSession.update({ where: { id: session.id }, data: { status: 'CLOSED', closedAt: new Date('2026-12-10T09:30:00Z') } });
    clock = new Date('2026-12-20T02:00:00Z');
    const year = await plan.year(chair, 2026);
    expect(year.counts).toEqual({ planned: 0, scheduled: 0, held: 1, behind: 1, dropped: 1 });
    expect(year.entries.find((e) => e.id === dropped.id)).toMatchObject({ state: 'dropped', dropReason: 'Đã giải quyết xong qua tiếp công dân thường xuyên' });
    const secretary = personOf(await new AccountRepository(db).byId(ids.secretary));
    await expect(plan.year(secretary, 2026)).rejects.toMatchObject({ key: 'plan.only' });
    clock = new Date('2026-11-05T02:00:00Z');
  });
});

describe('the office’s settings', () => {
  it('sends invitations as many working days ahead as the office sets, and logs the change', async () => {
    const admin = new AdministrationServices(db, new EventBus(() => {}), () => clock);
    expect(await admin.settings.read(root)).toEqual({ invitationLeadDays: 5, defaultTurnMinutes: 5 });
    await admin.settings.change(root, { invitationLeadDays: 15 });
    await expect(admin.settings.change(moderator, { invitationLeadDays: 3 })).rejects.toMatchObject({ key: 'admin.only' });
    const session = await schedule.createSession(moderator, single({ title: 'Tiếp công dân chuyên đề đất đai', kind: 'THEMATIC', date: '2026-11-25' }));
    const lead = async () => (await admin.settings.current()).invitationLeadDays;
    // 25/11 is fourteen working days after 5/11: within fifteen, so its sites are invited today.
    clock = new Date('2026-11-05T02:00:00Z');
    await new InvitationsService(new InvitationsRepository(db), new HolidaysRepository(db), new EventBus(() => {}), () => clock, lead).sweep();
    expect((await db.sessionSite.findMany({ where: { sessionId: session.id } })).every((s) => s.invitedAt !== null)).toBe(true);
    expect((await admin.audit.search(root, { subject: 'setting' })).entries[0]).toMatchObject({ action: 'setting.update', before: { invitationLeadDays: 5 }, after: { invitationLeadDays: 15 } });
    await admin.settings.change(root, { invitationLeadDays: 5 });
  });
});

describe('invitations at short notice', () => {
  it('invites a session whose hour has just begun, and not one that is over', async () => {
    const sweep = () => new InvitationsService(new InvitationsRepository(db), new HolidaysRepository(db), new EventBus(() => {}), () => clock).sweep();
    const invited = async (id: string) => (await db.sessionSite.findMany({ where: { sessionId: id } })).map((s) => s.invitedAt !== null);
    // Thursday 5/11 at 09:03 in Hà Nội: a session from 09:00 is still allowed, and still to be held.
    clock = new Date('2026-11-05T02:03:00Z');
    const now = await schedule.createSession(moderator, single({ title: 'Tiếp công dân đột xuất sáng nay', kind: 'AD_HOC', date: '2026-11-05', startTime: '09:00', endTime: '10:00' }));
    const over = await schedule.createSession(moderator, single({ title: 'Tiếp công dân đột xuất đã qua giờ', kind: 'AD_HOC', date: '2026-11-05', startTime: '09:00', endTime: '09:30' }));
    await sweep();
    expect(await invited(now.id)).toEqual([true, true]);
    // As if no sweep had run before the second one's end: its sites are never told of a session that is over.
    await db.sessionSite.updateMany({ where: { sessionId: over.id }, data: { invitedAt: null } });
    clock = new Date('2026-11-05T02:45:00Z');
    await sweep();
    expect(await invited(over.id)).toEqual([false, false]);
    clock = new Date('2026-11-05T02:00:00Z');
  });
});
