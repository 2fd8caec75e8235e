// Deadline reminders on a hub set up through the product: three working days before (counted over a
// weekend and a public holiday), on the day and after it; the job run twice, run by two instances at once,
// and run after a two-day outage sends each reminder exactly once, and only to the agency's people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { personOf } from '../../server/src/access/caller.ts';
import { AdministrationServices } from '../../server/src/administration.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import { HolidaysRepository } from '../../server/src/calendar/holidays.repository.ts';
import { CaseReminders, dueReminders } from '../../server/src/cases/case-reminders.ts';
import { CaseRemindersRepository } from '../../server/src/cases/case-reminders.repository.ts';
import type { Db } from '../../server/src/db/client.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { ownDatabase } from '../support/own-database.ts';

let db: Db;
let drop: () => Promise<void>;
let reminders: CaseReminders;
let rep = '';
let otherRep = '';
const holiday = (d: string) => (d === '2027-04-16' ? 'Giỗ Tổ Hùng Vương' : undefined);
/** A moment of a day in Hà Nội. */
const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+07:00`);

async function makeCase(agencyId: string, over: { noticeDeadline?: string; status?: 'ASSIGNED' | 'RESOLVED' } = {}): Promise<string> {
  const id = randomUUID();
  const site = (await db.site.findFirstOrThrow({ where: { code: 'BD-01' } })).id;
  await db.case.create({
    data: {
      id,
      number: `VV-2027-${id.slice(0, 5)}`,
      origin: 'NOTICE',
      siteId: site,
      agencyId,
      kind: 'COMPLAINT',
      field: 'LAND',
      summary: 'Khiếu nại giá bồi thường',
      citizenName: 'Nguyễn Thị Hường',
      trackingCode: `TD-${id}`,
      legalLimitDays: 30,
      status: over.status ?? 'ASSIGNED',
      noticeDeadline: over.noticeDeadline ? new Date(`${over.noticeDeadline}T00:00:00Z`) : null,
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });
  return id;
}

const kindsFor = async (accountId: string, caseId: string) =>
  (await db.notification.findMany({ where: { accountId, caseId }, orderBy: { createdAt: 'asc' } })).map((n) => n.kind);

beforeAll(async () => {
  ({ db, drop } = await ownDatabase('reminders'));
  const accounts = new AccountRepository(db);
  const admin = personOf((await accounts.byUsername('quantri'))!);
  const services = new AdministrationServices(db, new EventBus(() => {}));
  await services.sites.importFile(admin, Buffer.from('Mã,Tên,Loại,Quận/huyện\nBD-01,Điểm cầu phường Ba Đình,Điểm cầu,Ba Đình'), 'csv', false);
  const host = (await db.site.findUniqueOrThrow({ where: { code: 'HN-TCD' } })).id;
  const xd = (await services.agencies.create(admin, { code: 'SO-XD', name: 'Sở Xây dựng', field: null })).id;
  const tc = (await services.agencies.create(admin, { code: 'SO-TC', name: 'Sở Tài chính', field: null })).id;
  rep = (await services.accounts.create(admin, { username: 'coquan.xd', fullName: 'Đỗ Minh Xây', role: 'AGENCY_REP', siteId: host, agencyId: xd })).account.id;
  otherRep = (await services.accounts.create(admin, { username: 'coquan.tc', fullName: 'Lý Thị Chính', role: 'AGENCY_REP', siteId: host, agencyId: tc })).account.id;
  await db.holiday.create({ data: { date: new Date('2027-04-16T00:00:00Z'), name: 'Giỗ Tổ Hùng Vương' } });
  reminders = new CaseReminders(new CaseRemindersRepository(db), () => new HolidaysRepository(db).lookup());
  ids.open = await makeCase(xd, { noticeDeadline: '2027-04-19' });
  ids.resolved = await makeCase(xd, { noticeDeadline: '2027-04-19', status: 'RESOLVED' });
  ids.farAway = await makeCase(xd, { noticeDeadline: '2027-06-30' });
}, 120_000);
afterAll(async () => drop?.());
const ids: Record<string, string> = {};

describe('which reminders are due', () => {
  it('counts three working days back over the weekend and the holiday', () => {
    // Deadline Monday 19 April 2027; Friday 16 is a holiday: three working days before is Tuesday 13.
    expect(dueReminders('2027-04-19', '2027-04-12', holiday)).toEqual([]);
    expect(dueReminders('2027-04-19', '2027-04-13', holiday)).toEqual(['DUE_SOON']);
    expect(dueReminders('2027-04-19', '2027-04-19', holiday)).toEqual(['DUE_SOON', 'DUE']);
    expect(dueReminders('2027-04-19', '2027-04-20', holiday)).toEqual(['DUE_SOON', 'DUE', 'OVERDUE']);
  });
});

describe('the reminder job', () => {
  it('sends each reminder once however often, and by however many instances, it runs', async () => {
    expect(await reminders.run(at('2027-04-12', '23:59'))).toMatchObject({ sent: 0 });
    // 00:05 on Tuesday 13 in Hà Nội, two instances at the same moment: one reminder in all.
    const [a, b] = await Promise.all([reminders.run(at('2027-04-13', '00:05')), reminders.run(at('2027-04-13', '00:05'))]);
    expect(a.sent + b.sent).toBe(1);
    expect(await reminders.run(at('2027-04-13', '10:00'))).toMatchObject({ ran: true, sent: 0 });
    expect(await kindsFor(rep, ids.open!)).toEqual(['CASE_DUE_SOON']);
  });

  it('after two days down sends only the latest reminder due, once, and records the one it passed over', async () => {
    // Down from Friday 16 to Tuesday 20: the deadline passed meanwhile.
    expect(await reminders.run(at('2027-04-20', '08:00'))).toMatchObject({ sent: 1, passedOver: 1 });
    expect(await reminders.run(at('2027-04-20', '08:10'))).toMatchObject({ sent: 0 });
    expect(await reminders.run(at('2027-04-21', '08:00'))).toMatchObject({ sent: 0 });
    expect(await kindsFor(rep, ids.open!)).toEqual(['CASE_DUE_SOON', 'CASE_OVERDUE']);
    const rows = await db.caseReminder.findMany({ where: { caseId: ids.open! }, orderBy: { kind: 'asc' } });
    expect(rows.map((r) => [r.kind, r.sent])).toEqual([
      ['DUE', false],
      ['DUE_SOON', true],
      ['OVERDUE', true],
    ]);
  });

  it('works through many cases a batch at a time, each batch its own transaction, missing none', async () => {
    const xd = (await db.agency.findUniqueOrThrow({ where: { code: 'SO-XD' } })).id;
    const many = await Promise.all(Array.from({ length: 7 }, () => makeCase(xd, { noticeDeadline: '2027-05-10' })));
    const small = new CaseReminders(new CaseRemindersRepository(db), () => new HolidaysRepository(db).lookup(), undefined, 2);
    expect(await small.run(at('2027-05-10'))).toMatchObject({ sent: 7, passedOver: 7 });
    expect(await small.run(at('2027-05-10', '12:00'))).toMatchObject({ sent: 0 });
    for (const id of many) expect(await kindsFor(rep, id)).toEqual(['CASE_DUE']);
  });

  it('reminds three working days before a deadline just after Tết, two weeks ahead of it', async () => {
    // Tết 2027 as an office takes it: Thursday 4 to Friday 12 February off; the deadline Monday 15 February.
    for (let d = 4; d <= 12; d++) await db.holiday.create({ data: { date: new Date(`2027-02-${String(d).padStart(2, '0')}T00:00:00Z`), name: 'Tết Nguyên đán' } });
    const xd = (await db.agency.findUniqueOrThrow({ where: { code: 'SO-XD' } })).id;
    const afterTet = await makeCase(xd, { noticeDeadline: '2027-02-15' });
    expect(await reminders.run(at('2027-01-29'))).toMatchObject({ sent: 0 });
    // Monday 1 February: three working days before the 15th (the 1st, 2nd and 3rd are the last before the break).
    expect(await reminders.run(at('2027-02-01'))).toMatchObject({ sent: 1, passedOver: 0 });
    expect(await kindsFor(rep, afterTet)).toEqual(['CASE_DUE_SOON']);
  });

  it('tells nobody of a resolved case, of a deadline still far, or of another agency’s case', async () => {
    expect(await db.notification.count({ where: { caseId: { in: [ids.resolved!, ids.farAway!] } } })).toBe(0);
    expect(await db.notification.count({ where: { accountId: otherRep } })).toBe(0);
  });
});
