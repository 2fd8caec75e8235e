// Citizen intake on a hub set up through the product (empty database, first administrator, sites and
// accounts made by administration): a visit recorded with the citizen found again by their CCCD, a return
// about the same field linked and flagged, what each role sees of the citizen (full, masked, withheld, or
// nothing), every full read from another site in the audit log, and each bad request refused whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandlingRequest, HistoryQuery, IntakeInput, type IntakeInput as Input } from '../../protocol/index.ts';
import { personOf, type Person } from '../../server/src/access/caller.ts';
import { AdministrationServices } from '../../server/src/administration.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import type { Db } from '../../server/src/db/client.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { IntakeRepository } from '../../server/src/intake/intake.repository.ts';
import { IntakeService, RETURNING_DAYS } from '../../server/src/intake/intake.service.ts';
import { ownDatabase } from '../support/own-database.ts';

let db: Db;
let drop: () => Promise<void>;
let clock = new Date('2026-12-01T02:00:00Z');
let intakes: IntakeService;
const people: Record<'admin' | 'moderator' | 'hostSecretary' | 'observer' | 'baDinh' | 'baDinhSecretary' | 'dongAnh' | 'agencyRep', Person> = {} as never;
const site = { host: '', baDinh: '', dongAnh: '' };

beforeAll(async () => {
  ({ db, drop } = await ownDatabase('intake'));
  const accounts = new AccountRepository(db);
  people.admin = personOf((await accounts.byUsername('quantri'))!);
  const admin = new AdministrationServices(db, new EventBus(() => {}), () => clock);
  const csv = ['Mã,Tên,Loại,Quận/huyện', 'BD-01,Điểm cầu phường Ba Đình,Điểm cầu,Ba Đình', 'DA-01,Điểm cầu xã Đông Anh,Điểm cầu,Đông Anh'].join('\n');
  await admin.sites.importFile(people.admin, Buffer.from(csv), 'csv', false);
  const idOf = async (code: string) => (await db.site.findUniqueOrThrow({ where: { code } })).id;
  site.host = await idOf('HN-TCD');
  site.baDinh = await idOf('BD-01');
  site.dongAnh = await idOf('DA-01');
  const agency = (await admin.agencies.create(people.admin, { code: 'SO-XD', name: 'Sở Xây dựng', field: null })).id;
  const make = async (username: string, role: Person['role'], siteId: string, agencyId: string | null = null) =>
    personOf((await accounts.byId((await admin.accounts.create(people.admin, { username, fullName: `Cán bộ ${username}`, role, siteId, agencyId })).account.id))!);
  people.moderator = await make('dieuphoi', 'MODERATOR', site.host);
  people.hostSecretary = await make('thuky', 'SECRETARY', site.host);
  people.observer = await make('giamsat', 'OBSERVER', site.host);
  people.baDinh = await make('diemcau.bd', 'BRIDGE_OPERATOR', site.baDinh);
  people.baDinhSecretary = await make('thuky.bd', 'SECRETARY', site.baDinh);
  people.dongAnh = await make('diemcau.da', 'BRIDGE_OPERATOR', site.dongAnh);
  people.agencyRep = await make('coquan.xd', 'AGENCY_REP', site.host, agency);
  intakes = new IntakeService(new IntakeRepository(db), () => clock);
}, 120_000);
afterAll(async () => drop?.());

const AN = { fullName: 'Nguyễn Văn An', idNumber: '001 085 012345', birthYear: 1985, province: 'Hà Nội', ward: 'Ba Đình', street: 'Số 5 phố Đội Cấn', phone: '0912 345 678' } as const;
const visit = (over: Partial<Input> = {}) =>
  IntakeInput.parse({ siteId: site.baDinh, ...AN, content: 'Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho thửa đất số 12', petitionType: 'RECOMMENDATION', field: 'LAND_CERTIFICATE', competent: true, ...over });

describe('taking an intake', () => {
  let first = '';

  it('records the visit and the citizen once, with an unguessable tracking code', async () => {
    const made = await intakes.create(people.baDinh, visit());
    first = made.id;
    expect(made).toMatchObject({ site: { code: 'BD-01' }, citizen: { fullName: 'Nguyễn Văn An', idNumber: '001085012345', phone: '0912 345 678', address: 'Số 5 phố Đội Cấn, Ba Đình, Hà Nội', shown: 'full' }, returningOf: null, confidential: false });
    expect(made.trackingCode).toMatch(/^TD-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(await db.citizen.count({ where: { idNumber: '001085012345' } })).toBe(1);
  });

  it('links a return about the same field within a year and flags it; another field or after a year does not', async () => {
    clock = new Date('2027-02-10T02:00:00Z');
    const back = await intakes.create(people.baDinh, visit({ phone: '0987 654 321', street: null }));
    expect(back.returningOf).toMatchObject({ id: first, field: 'LAND_CERTIFICATE' });
    // The same citizen, their newest phone kept, the street they did not repeat kept too.
    expect(back.citizen).toMatchObject({ phone: '0987 654 321', address: 'Số 5 phố Đội Cấn, Ba Đình, Hà Nội' });
    expect(await db.citizen.count()).toBe(1);
    const other = await intakes.create(people.baDinh, visit({ field: 'ENVIRONMENT', content: 'Phản ánh ô nhiễm tiếng ồn công trình' }));
    expect(other.returningOf).toBeNull();
    clock = new Date(clock.getTime() + (RETURNING_DAYS + 1) * 86_400_000);
    expect((await intakes.create(people.baDinh, visit({ field: 'ENVIRONMENT', content: 'Phản ánh ô nhiễm lần nữa' }))).returningOf).toBeNull();
  });

  it('finds a citizen without an ID by name and address, diacritics and spacing aside', async () => {
    const made = await intakes.create(people.dongAnh, visit({ siteId: site.dongAnh, idNumber: null, birthYear: null, fullName: 'Lê  Thị Bình', province: 'Hà Nội', ward: 'Đông Anh', phone: null }));
    const again = await intakes.create(people.dongAnh, visit({ siteId: site.dongAnh, idNumber: null, birthYear: null, fullName: 'le thi binh', province: 'Hà Nội', ward: 'Dong Anh', phone: null }));
    expect(again.returningOf?.id).toBe(made.id);
    const found = await intakes.history(people.dongAnh, HistoryQuery.parse({ fullName: 'Lê Thị Bình', province: 'Hà Nội', ward: 'Đông Anh' }));
    expect(found.visits.map((v) => v.id)).toEqual([again.id, made.id]);
  });

  it('refuses another site’s citizen, a field not offered, a closed or foreign session, and anyone who does not take intakes', async () => {
    await expect(intakes.create(people.baDinh, visit({ siteId: site.dongAnh }))).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'intake.ownSiteOnly' });
    await expect(intakes.create(people.baDinh, visit({ field: 'NO_SUCH' }))).rejects.toMatchObject({ code: 'BAD_REQUEST', key: 'live.fieldUnknown', details: { field: expect.anything() } });
    await expect(intakes.create(people.baDinh, visit({ sessionId: '00000000-0000-4000-8000-000000000000' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const who of [people.admin, people.observer, people.agencyRep]) await expect(intakes.create(who, visit({ siteId: who.siteId }))).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'intake.only' });
    const before = await db.intake.count();
    expect(before).toBe(6);
  });
});

describe('what each person sees of a visit', () => {
  let open = '';
  let denunciation = '';

  beforeAll(async () => {
    open = (await intakes.create(people.baDinh, visit({ content: 'Khiếu nại quyết định thu hồi đất', petitionType: 'COMPLAINT', field: 'LAND' }))).id;
    denunciation = (await intakes.create(people.baDinh, visit({ fullName: 'Trần Thị Tố', idNumber: '001190000777', birthYear: 1990, content: 'Tố cáo cán bộ địa chính nhận tiền', petitionType: 'DENUNCIATION', field: 'LAND', phone: '0903 111 222' }))).id;
  });

  const SEES: [keyof typeof people, 'full' | 'masked' | 'withheld' | 'none', 'full' | 'masked' | 'withheld' | 'none'][] = [
    // who, an ordinary visit, a denunciation
    ['baDinh', 'full', 'full'],
    ['baDinhSecretary', 'full', 'full'],
    ['moderator', 'full', 'full'],
    ['hostSecretary', 'full', 'full'],
    ['observer', 'masked', 'withheld'],
    ['admin', 'masked', 'withheld'],
    ['dongAnh', 'none', 'none'],
    ['agencyRep', 'none', 'none'],
  ];

  it.each(SEES)('%s sees an ordinary visit %s and a denunciation %s', async (who, ordinary, denounced) => {
    for (const [id, expected] of [[open, ordinary], [denunciation, denounced]] as const) {
      const read = intakes.get(people[who], id);
      if (expected === 'none') {
        await expect(read).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) });
        continue;
      }
      const view = await read;
      expect(view.citizen.shown).toBe(expected);
      const text = JSON.stringify(view);
      if (expected !== 'full') {
        expect(text).not.toContain('001085012345');
        expect(text).not.toContain('001190000777');
        expect(text).not.toMatch(/0912 ?345|0903 ?111/);
        expect(view.trackingCode).toBeNull();
      }
      if (expected === 'masked') expect(view.citizen).toMatchObject({ fullName: 'N. V. A.', idNumber: '*********345', address: 'Hà Nội' });
      if (expected === 'withheld') {
        expect(text).not.toContain('Trần Thị Tố');
        expect(text).not.toContain('T. T. T.');
        expect(view.content).toBeNull();
      }
    }
  });

  it('writes a full read from another site to the audit log, and not a read at the visit’s own site', async () => {
    const reads = () => db.auditEntry.count({ where: { action: 'intake.read', subjectId: open } });
    const before = await reads();
    await intakes.get(people.baDinh, open);
    expect(await reads()).toBe(before);
    await intakes.get(people.moderator, open);
    expect(await reads()).toBe(before + 1);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: 'intake.read', subjectId: open }, orderBy: { at: 'desc' } });
    expect(entry.actorId).toBe(people.moderator.accountId);
  });

  it('shows a bridge typing a CCCD the citizen’s visits elsewhere by their outcome, not their content, and never a denunciation elsewhere', async () => {
    const elsewhere = await intakes.history(people.dongAnh, HistoryQuery.parse({ idNumber: '001085012345' }));
    expect(elsewhere.known).toBe(true);
    expect(elsewhere.visits.length).toBeGreaterThan(3);
    expect(elsewhere.visits.every((v) => v.content === null && v.siteName === 'Điểm cầu phường Ba Đình')).toBe(true);
    const denouncer = await intakes.history(people.dongAnh, HistoryQuery.parse({ idNumber: '001190000777' }));
    expect(denouncer.visits).toEqual([]);
    const atHome = await intakes.history(people.baDinh, HistoryQuery.parse({ idNumber: '001190000777' }));
    expect(atHome.visits[0]).toMatchObject({ petitionType: 'DENUNCIATION', content: 'Tố cáo cán bộ địa chính nhận tiền' });
    expect((await intakes.history(people.baDinh, HistoryQuery.parse({ idNumber: '079085000001' }))).known).toBe(false);
  });
});

describe('deciding how a visit is handled', () => {
  it('accepts a matter within competence, guides or forwards one outside it to a named body, each decision audited', async () => {
    const within = await intakes.create(people.baDinh, visit({ content: 'Đề nghị cấp lại giấy chứng nhận bị mất' }));
    const outside = await intakes.create(people.baDinh, visit({ content: 'Tranh chấp hợp đồng vay tiền với hàng xóm', field: 'OTHER', competent: false }));
    expect((await intakes.handle(people.baDinh, within.id, HandlingRequest.parse({ handling: 'ACCEPTED' }))).handling).toBe('ACCEPTED');
    await expect(intakes.handle(people.baDinh, outside.id, HandlingRequest.parse({ handling: 'ACCEPTED' }))).rejects.toMatchObject({ code: 'BAD_REQUEST', key: 'intake.acceptNotCompetent' });
    expect(HandlingRequest.safeParse({ handling: 'GUIDED' }).error?.issues[0]).toMatchObject({ path: ['handledBy'], message: 'v.handledBy' });
    const guided = await intakes.handle(people.baDinh, outside.id, HandlingRequest.parse({ handling: 'GUIDED', handledBy: 'Tòa án nhân dân khu vực 1 – Hà Nội' }));
    expect(guided).toMatchObject({ handling: 'GUIDED', handledBy: 'Tòa án nhân dân khu vực 1 – Hà Nội' });
    // The host office's circle may decide too; another bridge point and observers may not.
    expect((await intakes.handle(people.moderator, outside.id, HandlingRequest.parse({ handling: 'FORWARDED', handledBy: 'UBND phường Ba Đình' }))).handling).toBe('FORWARDED');
    await expect(intakes.handle(people.dongAnh, outside.id, HandlingRequest.parse({ handling: 'ACCEPTED' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(intakes.handle(people.observer, outside.id, HandlingRequest.parse({ handling: 'ACCEPTED' }))).rejects.toMatchObject({ key: 'intake.only' });
    const log = await db.auditEntry.findMany({ where: { action: 'intake.handle', subjectId: outside.id }, orderBy: { id: 'asc' } });
    expect(log.map((e) => e.after)).toEqual([
      { handling: 'GUIDED', handledBy: 'Tòa án nhân dân khu vực 1 – Hà Nội' },
      { handling: 'FORWARDED', handledBy: 'UBND phường Ba Đình' },
    ]);
    // The history shows the outcome.
    const history = await intakes.history(people.baDinh, HistoryQuery.parse({ idNumber: '001085012345' }));
    expect(history.visits.find((v) => v.id === outside.id)?.handling).toBe('FORWARDED');
  });
});
