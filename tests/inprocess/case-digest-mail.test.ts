// The host office's morning digest and the optional e-mail, against a real SMTP server the test starts
// (smtp-server on loopback), never a mock transport. The digest goes out once a working day from 07:00,
// to the office's deciders only, however many instances run it; an e-mail is queued with the reminder it
// echoes, sent once, says the case's number and never the matter, and survives an SMTP server that is
// down: it waits and goes out when the server is back.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personOf } from '../../server/src/access/caller.ts';
import { AdministrationServices } from '../../server/src/administration.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import { HolidaysRepository } from '../../server/src/calendar/holidays.repository.ts';
import { CaseDigest } from '../../server/src/cases/case-digest.ts';
import { CaseDigestRepository } from '../../server/src/cases/case-digest.repository.ts';
import { CaseReminders } from '../../server/src/cases/case-reminders.ts';
import { CaseRemindersRepository } from '../../server/src/cases/case-reminders.repository.ts';
import type { Db } from '../../server/src/db/client.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { MailSender } from '../../server/src/mail/mail-sender.ts';
import { mailComposer } from '../../server/src/mail/mail-words.ts';
import { OutboxRepository } from '../../server/src/mail/outbox.repository.ts';
import { Mailbox } from '../support/mailbox.ts';
import { ownDatabase } from '../support/own-database.ts';

let db: Db;
let drop: () => Promise<void>;
let agencyId = '';
let rep = '';
const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+07:00`);
const compose = mailComposer('https://tiepdan.hanoi.gov.vn');

async function makeCase(over: { noticeDeadline: string; status?: 'ASSIGNED' | 'IN_PROGRESS' | 'RESOLVED'; extensionAsked?: number; resolvedDay?: string }): Promise<{ id: string; number: string }> {
  const id = randomUUID();
  const number = `VV-2027-${String(Math.floor(Math.random() * 90_000) + 10_000)}`;
  await db.case.create({
    data: {
      id,
      number,
      origin: 'NOTICE',
      siteId: (await db.site.findFirstOrThrow({ where: { code: 'BA-DINH' } })).id,
      agencyId,
      kind: 'COMPLAINT',
      field: 'LAND',
      summary: 'Khiếu nại thu hồi đất của bà Nguyễn Thị Bí Mật',
      citizenName: 'Nguyễn Thị Bí Mật',
      trackingCode: `TD-${id}`,
      legalLimitDays: 30,
      status: over.status ?? 'ASSIGNED',
      noticeDeadline: new Date(`${over.noticeDeadline}T00:00:00Z`),
      extensionAsked: over.extensionAsked ?? null,
      resolvedDay: over.resolvedDay ? new Date(`${over.resolvedDay}T00:00:00Z`) : null,
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });
  return { id, number };
}

beforeAll(async () => {
  ({ db, drop } = await ownDatabase('digest'));
  const admin = personOf((await new AccountRepository(db).byUsername('quantri'))!);
  const services = new AdministrationServices(db, new EventBus(() => {}));
  const host = (await db.site.findUniqueOrThrow({ where: { code: 'HN-TCD' } })).id;
  agencyId = (await services.agencies.create(admin, { code: 'SO-TNMT', name: 'Sở Tài nguyên và Môi trường', field: null })).id;
  rep = (await services.accounts.create(admin, { username: 'coquan.tnmt', fullName: 'Hồ Văn Môi', role: 'AGENCY_REP', siteId: host, agencyId, email: 'Moi.HV@TNMT.hanoi.gov.vn' })).account.id;
  await services.sites.importFile(admin, Buffer.from('Mã,Tên,Loại,Quận/huyện\nBA-DINH,Điểm cầu phường Ba Đình,Điểm cầu,Ba Đình'), 'csv', false);
  const ward = (await db.site.findUniqueOrThrow({ where: { code: 'BA-DINH' } })).id;
  // The office's people, as its administrator makes them: one decider with an e-mail address.
  const people = [
    { username: 'dieuphoi', fullName: 'Lê Thị Điều', role: 'MODERATOR', siteId: host, email: 'dieuphoi@tiepdan.hanoi.gov.vn' },
    { username: 'chutri', fullName: 'Trần Quốc Chủ', role: 'CHAIR', siteId: host },
    { username: 'giamsat', fullName: 'Vũ Thị Giám', role: 'OBSERVER', siteId: host, email: 'giamsat@mttq.hanoi.gov.vn' },
    { username: 'diemcau.badinh', fullName: 'Hoàng Văn Ba', role: 'BRIDGE_OPERATOR', siteId: ward, email: 'badinh@hanoi.gov.vn' },
  ] as const;
  for (const p of people) await services.accounts.create(admin, { ...p, agencyId: null });
  await db.holiday.create({ data: { date: new Date('2027-04-16T00:00:00Z'), name: 'Giỗ Tổ Hùng Vương' } });
}, 120_000);
afterAll(async () => drop?.());

describe('the morning digest', () => {
  it('goes out once a working day from 07:00, to the office’s deciders only, however many instances run it', async () => {
    // Wednesday 14 April 2027: one overdue, one due within three working days (over the holiday), one far away,
    // one extension to decide, one resolved the day before.
    await makeCase({ noticeDeadline: '2027-04-09' });
    await makeCase({ noticeDeadline: '2027-04-19' });
    await makeCase({ noticeDeadline: '2027-06-30', status: 'IN_PROGRESS', extensionAsked: 10 });
    await makeCase({ noticeDeadline: '2027-05-30', status: 'RESOLVED', resolvedDay: '2027-04-13' });
    const digest = new CaseDigest(new CaseDigestRepository(db, compose), () => new HolidaysRepository(db).lookup());
    expect(await digest.run(at('2027-04-14', '06:59'))).toEqual({ sent: null, recipients: 0 });
    const [a, b] = await Promise.all([digest.run(at('2027-04-14', '07:00')), digest.run(at('2027-04-14', '07:00'))]);
    const sent = [a, b].filter((r) => r.sent);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sent).toEqual({ open: 3, overdue: 1, dueSoon: 1, toDecide: 1, resolvedYesterday: 1 });
    expect(await digest.run(at('2027-04-14', '15:00'))).toMatchObject({ sent: null });
    // The deciders of the host office have it; the agency's representative, observers and bridge points do not.
    const told = await db.notification.findMany({ where: { kind: 'CASE_DIGEST' }, include: { account: { select: { username: true } } } });
    const names = told.map((n) => n.account.username).sort();
    expect(names).toContain('dieuphoi');
    expect(names).toContain('chutri');
    for (const outside of ['coquan.tnmt', 'giamsat', 'diemcau.badinh', 'quantri']) expect(names).not.toContain(outside);
    expect(sent[0]!.recipients).toBe(names.length);
    // No digest on the holiday or the weekend; the next working day has its own.
    expect(await digest.run(at('2027-04-16', '08:00'))).toMatchObject({ sent: null });
    expect(await digest.run(at('2027-04-17', '08:00'))).toMatchObject({ sent: null });
    expect(await digest.run(at('2027-04-19', '07:30'))).toMatchObject({ sent: { overdue: 1 } });
    // Its e-mail went to the one decider with an address, once a day.
    const mails = await db.outboundEmail.findMany({ where: { subject: { contains: 'Tổng hợp vụ việc' } }, orderBy: { id: 'asc' } });
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      ['dieuphoi@tiepdan.hanoi.gov.vn', '[Tiếp Dân Hub] Tổng hợp vụ việc ngày 14/04/2027: 1 quá hạn'],
      ['dieuphoi@tiepdan.hanoi.gov.vn', '[Tiếp Dân Hub] Tổng hợp vụ việc ngày 19/04/2027: 1 quá hạn'],
    ]);
  });
});

describe('e-mail through a real SMTP server', () => {
  let mailbox = new Mailbox();
  afterAll(() => mailbox.close());

  it('queues a reminder’s e-mail with it, sends it once, names the case by number only, and outlasts an SMTP server that is down', async () => {
    await mailbox.listen();
    // Only the new cases of this test: the digest's cases were reminded in their own time.
    await db.case.deleteMany({});
    await db.outboundEmail.deleteMany({});
    let now = at('2027-04-20', '08:00');
    const sender = new MailSender(new OutboxRepository(db), `smtp://127.0.0.1:${mailbox.port}`, 'Tiếp Dân Hub <no-reply@tiepdan.hanoi.gov.vn>', () => {}, () => now);
    const reminders = new CaseReminders(new CaseRemindersRepository(db, compose), () => new HolidaysRepository(db).lookup());
    const late = await makeCase({ noticeDeadline: '2027-04-19' });
    expect(await reminders.run(now)).toMatchObject({ sent: 1 });
    const queued = await db.outboundEmail.findMany();
    expect(queued.map((m) => m.to)).toEqual(['Moi.HV@TNMT.hanoi.gov.vn']);
    await sender.kick();
    await sender.kick();
    expect(mailbox.received).toHaveLength(1);
    const mail = mailbox.received[0]!;
    expect(mail.subject).toBe(`[Tiếp Dân Hub] Vụ việc ${late.number} đã quá hạn (hạn 19/04/2027)`);
    expect(mail.from?.text).toContain('no-reply@tiepdan.hanoi.gov.vn');
    expect(mail.text).toContain('https://tiepdan.hanoi.gov.vn/#/cases');
    // What the e-mail leaves out: the matter and the citizen.
    expect(`${mail.subject} ${mail.text}`).not.toContain('Bí Mật');
    expect(`${mail.subject} ${mail.text}`).not.toContain('thu hồi đất');
    expect(await db.notification.count({ where: { accountId: rep, caseId: late.id } })).toBe(1);

    // The SMTP server goes down: the next reminder's e-mail waits, with the error, and is not lost.
    const used = mailbox.port;
    await mailbox.close();
    mailbox = new Mailbox();
    await makeCase({ noticeDeadline: '2027-04-21' });
    now = at('2027-04-21', '08:00');
    expect(await reminders.run(now)).toMatchObject({ sent: 1 });
    await sender.kick();
    const waiting = await db.outboundEmail.findFirstOrThrow({ where: { sentAt: null } });
    expect(waiting).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|connect/) });
    expect(waiting.nextTryAt.getTime()).toBeGreaterThan(now.getTime());
    // Back on the same address: not before its next try, then once.
    await mailbox.listen(used);
    await sender.kick();
    expect(mailbox.received).toHaveLength(0);
    now = new Date(waiting.nextTryAt.getTime() + 1000);
    await sender.kick();
    await sender.kick();
    expect(mailbox.received.map((m) => m.subject)).toEqual([expect.stringContaining('đến hạn hôm nay')]);
    expect(await db.outboundEmail.count({ where: { sentAt: null } })).toBe(0);
    sender.close();
  });
});
