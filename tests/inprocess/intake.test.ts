// Citizen intake on a hub set up through the product (empty database, first administrator, sites and
// accounts made by administration): a visit recorded with the citizen found again by their CCCD, a return
// about the same field linked and flagged, what each role sees of the citizen (full, masked, withheld, or
// nothing), every full read from another site in the audit log, and each bad request refused whole.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookQuery, HandlingRequest, HistoryQuery, IntakeInput, ReplyRequest, type IntakeInput as Input } from '../../protocol/index.ts';
import { personOf, type Person } from '../../server/src/access/caller.ts';
import { AdministrationServices } from '../../server/src/administration.ts';
import { AccountRepository } from '../../server/src/auth/account.repository.ts';
import type { Db } from '../../server/src/db/client.ts';
import { EventBus } from '../../server/src/events/event-bus.ts';
import { IntakeRepository } from '../../server/src/intake/intake.repository.ts';
import { IntakeService, RETURNING_DAYS } from '../../server/src/intake/intake.service.ts';
import { ReceptionBookService } from '../../server/src/intake/book/reception-book.service.ts';
import { BOOK_FIRST_DATA_ROW } from '../../server/src/intake/book/book-workbook.ts';
import { BlobReferencesRepository } from '../../server/src/storage/blob-references.repository.ts';
import { blobKeyOf } from '../../server/src/storage/blob-store.ts';
import { FileBlobStore } from '../../server/src/storage/file-blob-store.ts';
import { sweepOrphans } from '../../server/src/storage/orphan-sweep.ts';
import { docxText, pdfText, qrCodeOnFirstPage } from '../support/documents.ts';
import { SCANS } from '../support/scans.ts';
import { ownDatabase } from '../support/own-database.ts';

let db: Db;
let drop: () => Promise<void>;
let clock = new Date('2026-12-01T02:00:00Z');
let intakes: IntakeService;
let store: FileBlobStore;
let references: BlobReferencesRepository;
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
  store = new FileBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-files-')));
  references = new BlobReferencesRepository(db);
  intakes = new IntakeService(new IntakeRepository(db), { now: () => clock, issuer: { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'Ban Tiếp công dân thành phố', symbol: 'BTCD', place: 'Hà Nội' }, files: { store, references } });
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

describe('the reply of the body a visit was sent to', () => {
  it('records the day its written reply came, only for a visit guided or forwarded, never a day ahead, audited and shown in the book', async () => {
    const today = new Date(clock.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const sent = await intakes.create(people.baDinh, visit({ content: 'Tranh chấp lối đi chung với nhà bên', field: 'OTHER', competent: false }));
    const kept = await intakes.create(people.baDinh, visit({ content: 'Đề nghị cấp đổi giấy chứng nhận' }));
    await intakes.handle(people.baDinh, kept.id, HandlingRequest.parse({ handling: 'ACCEPTED' }));
    await expect(intakes.recordReply(people.baDinh, sent.id, ReplyRequest.parse({ day: today }))).rejects.toMatchObject({ code: 'CONFLICT', key: 'intake.replyNotSent' });
    await intakes.handle(people.baDinh, sent.id, HandlingRequest.parse({ handling: 'FORWARDED', handledBy: 'Tòa án nhân dân khu vực 1 – Hà Nội' }));
    await expect(intakes.recordReply(people.baDinh, kept.id, ReplyRequest.parse({ day: today }))).rejects.toMatchObject({ key: 'intake.replyNotSent' });
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    await expect(intakes.recordReply(people.baDinh, sent.id, ReplyRequest.parse({ day: tomorrow }))).rejects.toMatchObject({ code: 'BAD_REQUEST', key: 'intake.replyFuture', message: expect.stringContaining('sau hôm nay') });
    // Another bridge point and an observer may not; the site that sent it may.
    await expect(intakes.recordReply(people.dongAnh, sent.id, ReplyRequest.parse({ day: today }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(intakes.recordReply(people.observer, sent.id, ReplyRequest.parse({ day: today }))).rejects.toMatchObject({ key: 'intake.only' });
    await intakes.recordReply(people.baDinh, sent.id, ReplyRequest.parse({ day: today, note: 'Tòa án đã thụ lý vụ án' }));
    expect(await db.auditEntry.findFirst({ where: { action: 'intake.reply', subjectId: sent.id } })).toMatchObject({ after: { replyReceivedOn: today, from: 'Tòa án nhân dân khu vực 1 – Hà Nội' } });
    const book = new ReceptionBookService(new IntakeRepository(db), { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'Ban Tiếp công dân thành phố', symbol: 'BTCD', place: 'Hà Nội' });
    const rows = (await book.page(people.moderator, BookQuery.parse({ from: today, to: today }))).rows;
    expect(rows.find((r) => r.id === sent.id)?.reply).toEqual({ day: today, note: 'Tòa án đã thụ lý vụ án' });
    expect(rows.find((r) => r.id === kept.id)?.reply).toBeNull();
    // An observer's book says that the reply came, not what it said.
    expect((await book.page(people.observer, BookQuery.parse({ from: today, to: today }))).rows.find((r) => r.id === sent.id)?.reply).toEqual({ day: today, note: null });
  });
});

describe('scans brought to an intake', () => {
  const stored = async () => {
    const keys: string[] = [];
    for await (const b of store.list()) keys.push(b.key);
    return keys.sort();
  };

  it('keeps each scan by its bytes outside the row, for the taking site in full, for others as a count, every download audited', async () => {
    const made = await intakes.create(people.baDinh, visit({ content: 'Khiếu nại kèm bản chụp quyết định' }), [
      { fileName: 'Quyết định thu hồi đất.pdf', bytes: SCANS.pdf },
      { fileName: 'ảnh hiện trạng.PNG', bytes: SCANS.png },
    ]);
    expect(made.attachments.map((a) => [a.fileName, a.contentType, a.size])).toEqual([
      ['Quyết định thu hồi đất.pdf', 'application/pdf', SCANS.pdf.length],
      ['ảnh hiện trạng.PNG', 'image/png', SCANS.png.length],
    ]);
    expect(await stored()).toEqual(expect.arrayContaining([blobKeyOf(SCANS.pdf), blobKeyOf(SCANS.png)]));
    const pdf = made.attachments[0]!;
    const file = await intakes.attachment(people.baDinh, made.id, pdf.id);
    expect(file).toMatchObject({ contentType: 'application/pdf', fileName: 'Quyết định thu hồi đất.pdf' });
    expect(file.bytes.equals(SCANS.pdf)).toBe(true);
    // The host office's circle opens it; the observer sees that there are two and opens none; another bridge knows nothing.
    expect((await intakes.attachment(people.moderator, made.id, pdf.id)).bytes.equals(SCANS.pdf)).toBe(true);
    const observed = await intakes.get(people.observer, made.id);
    expect(observed).toMatchObject({ attachments: [], attachmentCount: 2 });
    await expect(intakes.attachment(people.observer, made.id, pdf.id)).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'intake.attachmentMasked' });
    await expect(intakes.attachment(people.admin, made.id, pdf.id)).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'intake.attachmentMasked' });
    await expect(intakes.attachment(people.dongAnh, made.id, pdf.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(intakes.attachment(people.baDinh, made.id, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const log = await db.auditEntry.findMany({ where: { action: 'intake.download', subjectId: made.id }, include: { actor: true }, orderBy: { id: 'asc' } });
    expect(log.map((e) => [e.actor?.username, (e.after as { fileName: string }).fileName])).toEqual([
      ['diemcau.bd', 'Quyết định thu hồi đất.pdf'],
      ['dieuphoi', 'Quyết định thu hồi đất.pdf'],
    ]);
  });

  it('refuses a file by what its bytes are, an empty or oversized one, and more than ten, naming the file and leaving no row and no file', async () => {
    const rowsBefore = await db.intake.count();
    const filesBefore = await stored();
    const refused = async (uploads: { fileName: string; bytes: Buffer }[]) => {
      const error = await intakes.create(people.baDinh, visit(), uploads).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
      return error as { key: string; params: Record<string, unknown>; details: Record<string, string> };
    };
    expect(await refused([{ fileName: 'scan.pdf', bytes: SCANS.png }])).toMatchObject({ key: 'intake.fileMismatch', params: { name: 'scan.pdf', extension: 'pdf', actual: 'PNG' } });
    expect(await refused([{ fileName: 'don.pdf', bytes: SCANS.exe }])).toMatchObject({ key: 'intake.fileType', params: { name: 'don.pdf' } });
    expect(await refused([{ fileName: 'ghi-chu.txt', bytes: Buffer.from('Đơn đề nghị viết tay, chép lại') }])).toMatchObject({ key: 'intake.fileType' });
    expect(await refused([{ fileName: 'trong.png', bytes: Buffer.alloc(0) }])).toMatchObject({ key: 'intake.fileEmpty' });
    const big = Buffer.concat([SCANS.pdf, Buffer.alloc(30 * 1024 * 1024)]);
    expect(await refused([{ fileName: 'ok.pdf', bytes: SCANS.pdf }, { fileName: 'to.pdf', bytes: big }])).toMatchObject({ key: 'intake.fileTooLarge', details: { 'attachments.1': expect.stringContaining('to.pdf') } });
    expect(await refused(Array.from({ length: 11 }, (_, i) => ({ fileName: `trang-${i}.pdf`, bytes: SCANS.pdf })))).toMatchObject({ key: 'intake.fileTooMany' });
    expect(await db.intake.count()).toBe(rowsBefore);
    expect(await stored()).toEqual(filesBefore);
  });

  it('removes the files of a save that fails in its transaction, but never a file another visit refers to', async () => {
    const rowsBefore = await db.intake.count();
    const lonely = Buffer.concat([SCANS.pdf, Buffer.from('% một bản chụp chỉ lượt hỏng có')]);
    const shared = Buffer.concat([SCANS.pdf, Buffer.from('% một bản chụp hai lượt cùng nộp')]);
    // An account that does not exist: the row's foreign key fails inside the transaction, after the files were written.
    const ghost: Person = { ...people.baDinh, accountId: '00000000-0000-4000-8000-0000000000aa' };
    const [failed, saved] = await Promise.allSettled([
      intakes.create(ghost, visit(), [{ fileName: 'a.pdf', bytes: lonely }, { fileName: 'b.pdf', bytes: shared }]),
      intakes.create(people.baDinh, visit({ content: 'Cùng bản chụp, lượt này lưu được' }), [{ fileName: 'b.pdf', bytes: shared }]),
    ]);
    expect(failed.status).toBe('rejected');
    expect(saved.status).toBe('fulfilled');
    expect(await db.intake.count()).toBe(rowsBefore + 1);
    expect(await store.has(blobKeyOf(lonely))).toBe(false);
    expect(await store.has(blobKeyOf(shared))).toBe(true);
    const made = (saved as PromiseFulfilledResult<Awaited<ReturnType<IntakeService['create']>>>).value;
    expect((await intakes.attachment(people.baDinh, made.id, made.attachments[0]!.id)).bytes.equals(shared)).toBe(true);
  });

  it('sweeps a file a crash left without its row once it is older than the grace period, and keeps every file a row refers to', async () => {
    // What the server leaves when it is killed between writing the file and committing the row.
    const orphan = await store.put(Buffer.concat([SCANS.png, Buffer.from('mồ côi')]));
    // A file only a case's document refers to is not an orphan either.
    const answer = await store.put(Buffer.concat([SCANS.pdf, Buffer.from('văn bản trả lời')]));
    const caseId = randomUUID();
    await db.case.create({
      data: { id: caseId, number: `VV-SWEEP-${caseId.slice(0, 6)}`, origin: 'INTAKE', siteId: site.baDinh, agencyId: (await db.agency.findFirstOrThrow()).id, kind: 'FEEDBACK', field: 'OTHER', summary: 'Phản ánh', citizenName: 'Lê Văn Quét', trackingCode: `TD-SWEEP-${caseId}`, legalLimitDays: 15, createdAt: new Date(), updatedAt: new Date() },
    });
    await db.caseDocument.create({ data: { id: randomUUID(), caseId, sha256: answer, size: 10, contentType: 'application/pdf', fileName: 'Trả lời.pdf', uploadedAt: new Date(), uploadedById: people.agencyRep.accountId } });
    const kept = await stored();
    expect(await sweepOrphans(store, references, new Date())).toMatchObject({ removed: 0 });
    expect(await store.has(orphan)).toBe(true);
    const swept = await sweepOrphans(store, references, new Date(Date.now() + 2 * 3600_000));
    expect(swept.removed).toBe(1);
    expect(await stored()).toEqual(kept.filter((k) => k !== orphan));
    const referenced = (await db.intakeAttachment.findMany({ select: { sha256: true } })).map((a) => a.sha256);
    for (const key of referenced) expect(await store.has(key)).toBe(true);
    expect(await store.has(answer)).toBe(true);
  });
});

describe('the slips a visit prints', () => {
  const ORIGIN = 'https://tiepdan.hanoi.gov.vn';

  it('prints the receipt with the tracking code and a QR code a phone reads as the lookup address, audited', async () => {
    const made = await intakes.create(people.baDinh, visit({ content: 'Đề nghị cấp giấy chứng nhận cho thửa đất số 12' }), [{ fileName: 'Bản chụp sổ đỏ.pdf', bytes: SCANS.pdf }]);
    const pdf = await intakes.slip(people.baDinh, made.id, { kind: 'receipt', format: 'pdf' }, ORIGIN);
    expect(pdf).toMatchObject({ mimeType: 'application/pdf', fileName: expect.stringMatching(/^giay-bien-nhan-\d{4}-\d{2}-\d{2}-TD-[A-Z0-9-]+\.pdf$/) });
    const text = await pdfText(pdf.bytes);
    for (const words of ['GIẤY BIÊN NHẬN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Ông/bà Nguyễn Văn An', 'CCCD số 001085012345', 'Bản chụp sổ đỏ.pdf', made.trackingCode!, 'NGƯỜI NHẬN', 'Cán bộ diemcau.bd']) expect(text).toContain(words);
    expect(await qrCodeOnFirstPage(pdf.bytes)).toBe(`${ORIGIN}/#/tra-cuu?ma=${made.trackingCode}`);
    const docx = await intakes.slip(people.baDinh, made.id, { kind: 'receipt', format: 'docx' }, ORIGIN);
    expect(await docxText(docx.bytes)).toContain(made.trackingCode!);
    const printed = await db.auditEntry.findMany({ where: { action: 'intake.print', subjectId: made.id }, orderBy: { id: 'asc' } });
    expect(printed.map((e) => e.after)).toEqual([
      { slip: 'receipt', format: 'pdf' },
      { slip: 'receipt', format: 'docx' },
    ]);
  });

  it('prints the guidance and forwarding slips only once the visit is so handled, naming the body, and a forwarded denouncer not at all', async () => {
    const outside = await intakes.create(people.baDinh, visit({ fullName: 'Trần Thị Tố', idNumber: '001190000777', birthYear: 1990, content: 'Tố cáo cán bộ địa chính phường nhận tiền', petitionType: 'DENUNCIATION', field: 'LAND', competent: false, phone: '0903 111 222' }));
    await expect(intakes.slip(people.baDinh, outside.id, { kind: 'guidance', format: 'pdf' }, ORIGIN)).rejects.toMatchObject({ code: 'CONFLICT', key: 'intake.slipNeedsGuided' });
    await expect(intakes.slip(people.baDinh, outside.id, { kind: 'forwarding', format: 'pdf' }, ORIGIN)).rejects.toMatchObject({ code: 'CONFLICT', key: 'intake.slipNeedsForwarded' });
    await intakes.handle(people.baDinh, outside.id, HandlingRequest.parse({ handling: 'GUIDED', handledBy: 'Thanh tra thành phố Hà Nội' }));
    const guidance = await pdfText((await intakes.slip(people.baDinh, outside.id, { kind: 'guidance', format: 'pdf' }, ORIGIN)).bytes);
    expect(guidance).toContain('PHIẾU HƯỚNG DẪN');
    expect(guidance).toContain('gửi đơn và tài liệu kèm theo đến Thanh tra thành phố Hà Nội');
    // The guidance slip is the citizen's own: it names them.
    expect(guidance).toContain('Trần Thị Tố');
    await intakes.handle(people.baDinh, outside.id, HandlingRequest.parse({ handling: 'FORWARDED', handledBy: 'Thanh tra thành phố Hà Nội' }));
    const forwarding = await pdfText((await intakes.slip(people.moderator, outside.id, { kind: 'forwarding', format: 'pdf' }, ORIGIN)).bytes);
    expect(forwarding).toContain('PHIẾU CHUYỂN ĐƠN');
    expect(forwarding).toContain('Kính gửi: Thanh tra thành phố Hà Nội');
    expect(forwarding).toContain('Người tố cáo (được giữ bí mật)');
    expect(forwarding).toContain(`Mã lượt tiếp: ${outside.trackingCode}`);
    for (const secret of ['Trần Thị Tố', '001190000777', '0903', 'Số 5 phố Đội Cấn']) expect(forwarding, secret).not.toContain(secret);
  });

  it('prints nothing for those who see the citizen masked or not at all', async () => {
    const made = await intakes.create(people.baDinh, visit());
    await expect(intakes.slip(people.observer, made.id, { kind: 'receipt', format: 'pdf' }, ORIGIN)).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'intake.slipFullOnly' });
    await expect(intakes.slip(people.admin, made.id, { kind: 'receipt', format: 'pdf' }, ORIGIN)).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'intake.slipFullOnly' });
    await expect(intakes.slip(people.dongAnh, made.id, { kind: 'receipt', format: 'pdf' }, ORIGIN)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the reception book', () => {
  let book: ReceptionBookService;
  const DAY = '2029-03-15';
  const period = (over: Record<string, unknown> = {}) => BookQuery.parse({ from: DAY, to: DAY, ...over });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    book = new ReceptionBookService(new IntakeRepository(db), { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'Ban Tiếp công dân thành phố', symbol: 'BTCD', place: 'Hà Nội' });
    clock = new Date(`${DAY}T01:30:00Z`);
    ids.first = (await intakes.create(people.baDinh, visit({ fullName: 'Hoàng Văn Sổ', idNumber: '001088004321', birthYear: 1988, content: 'Kiến nghị sửa đường ngõ 12', field: 'OTHER' }))).id;
    clock = new Date(`${DAY}T02:30:00Z`);
    ids.delegation = (await intakes.create(people.baDinh, visit({ fullName: 'Đỗ Thị Đoàn', idNumber: '001175009876', birthYear: 1975, content: 'Khiếu nại giá bồi thường dự án vành đai', petitionType: 'COMPLAINT', field: 'COMPENSATION', delegationSize: 7, representatives: ['Đỗ Thị Đoàn', 'Lý Văn Hai'], competent: false, handledBefore: 'UBND quận Ba Đình' }))).id;
    await intakes.handle(people.baDinh, ids.delegation!, HandlingRequest.parse({ handling: 'FORWARDED', handledBy: 'Sở Tài chính' }));
    clock = new Date(`${DAY}T03:30:00Z`);
    ids.denouncer = (await intakes.create(people.baDinh, visit({ fullName: 'Vũ Thị Kín', idNumber: '001192005555', birthYear: 1992, content: 'Tố cáo cán bộ thu tiền trái phép', petitionType: 'DENUNCIATION', field: 'LAND', phone: '0904 555 666' }))).id;
    clock = new Date(`${DAY}T04:30:00Z`);
    ids.dongAnh = (await intakes.create(people.dongAnh, visit({ siteId: site.dongAnh, fullName: 'Mai Văn Xa', idNumber: '001080001111', birthYear: 1980, content: 'Phản ánh ô nhiễm kênh', petitionType: 'FEEDBACK', field: 'ENVIRONMENT' }))).id;
    // The next day: outside the period.
    clock = new Date('2029-03-16T02:00:00Z');
    await intakes.create(people.baDinh, visit({ fullName: 'Ngày Sau', idNumber: '001090002222', birthYear: 1990 }));
  });

  it('lists the period’s visits in order, numbered, the city’s for the host office and a bridge point’s own for it', async () => {
    const city = await book.page(people.moderator, period());
    expect(city.rows.map((r) => [r.number, r.id])).toEqual([[1, ids.first], [2, ids.delegation], [3, ids.denouncer], [4, ids.dongAnh]]);
    expect(city.total).toBe(4);
    expect(city.rows[1]).toMatchObject({ delegationSize: 7, representatives: ['Đỗ Thị Đoàn', 'Lý Văn Hai'], handling: 'FORWARDED', handledBy: 'Sở Tài chính', handledBefore: 'UBND quận Ba Đình', citizen: { fullName: 'Đỗ Thị Đoàn', idNumber: '001175009876' } });
    expect((await book.page(people.baDinh, period())).rows.map((r) => r.id)).toEqual([ids.first, ids.delegation, ids.denouncer]);
    expect((await book.page(people.dongAnh, period())).rows.map((r) => r.id)).toEqual([ids.dongAnh]);
    // A bridge point asking for another site's book gets nothing of it.
    expect((await book.page(people.dongAnh, period({ siteId: site.baDinh }))).rows).toEqual([]);
    expect((await book.page(people.moderator, period({ petitionType: 'COMPLAINT' }))).rows.map((r) => r.id)).toEqual([ids.delegation]);
    expect((await book.page(people.moderator, period({ field: 'ENVIRONMENT', siteId: site.dongAnh }))).rows.map((r) => r.id)).toEqual([ids.dongAnh]);
    await expect(book.page(people.agencyRep, period())).rejects.toMatchObject({ code: 'FORBIDDEN', key: 'intake.readOnly' });
    expect(BookQuery.safeParse({ from: '2029-03-15', to: '2029-03-14' }).error?.issues[0]?.message).toBe('v.bookPeriodOrder');
    expect(BookQuery.safeParse({ from: '2028-01-01', to: '2029-03-14' }).error?.issues[0]?.message).toMatch(/^v.bookPeriodTooLong/);
  });

  it('masks every citizen for an observer and withholds the denouncer, on the page and in the XLSX and PDF, and audits the host office’s full reads', async () => {
    const observed = await book.page(people.observer, period());
    expect(observed.rows.map((r) => r.citizen.shown)).toEqual(['masked', 'masked', 'withheld', 'masked']);
    expect(observed.rows[0]!.citizen).toMatchObject({ fullName: 'H. V. S.', idNumber: '*********321' });
    expect(observed.rows[2]).toMatchObject({ content: null, citizen: { fullName: 'Người tố cáo (được giữ bí mật)', idNumber: null } });

    const xlsx = await book.export(people.observer, period(), 'xlsx');
    expect(xlsx.fileName).toBe(`so-tiep-cong-dan-${DAY}-${DAY}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A4').value).toBe('SỔ TIẾP CÔNG DÂN');
    expect(sheet.getCell('H6').value).toBe('Hướng xử lý');
    expect(sheet.getCell('H6').isMerged && sheet.getCell('J6').master.address).toBe('H6');
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((c) => sheet.getRow(BOOK_FIRST_DATA_ROW - 1).getCell(c).value)).toEqual(Array.from({ length: 12 }, (_, i) => `(${i + 1})`));
    const cells = (r: number) => Array.from({ length: 12 }, (_, c) => String(sheet.getRow(BOOK_FIRST_DATA_ROW + r).getCell(c + 1).value ?? ''));
    expect(cells(0).slice(0, 4)).toEqual(['1', '15/03/2029', 'H. V. S.\nHà Nội', '*********321']);
    expect(cells(1)[5]).toBe('Khiếu nại\nĐoàn 7 người');
    expect(cells(1)[9]).toBe('x\nSở Tài chính');
    expect(cells(2)[2]).toBe('Người tố cáo (được giữ bí mật)');
    const sheetText = JSON.stringify(sheet.getSheetValues());
    for (const secret of ['Hoàng Văn Sổ', '001088004321', 'Vũ Thị Kín', '001192005555', 'Tố cáo cán bộ thu tiền', 'Lý Văn Hai']) expect(sheetText, secret).not.toContain(secret);

    const pdfFile = (await book.export(people.observer, period(), 'pdf')).bytes;
    const pdf = await pdfText(pdfFile);
    for (const words of ['SỔ TIẾP CÔNG DÂN', 'Hướng xử lý', 'Từ ngày 15/03/2029 đến ngày 15/03/2029', 'H. V. S.', 'Đ. T. Đ.', 'được che']) expect(pdf).toContain(words);
    for (const secret of ['Hoàng Văn Sổ', '001088004321', 'Vũ Thị Kín', '001192005555']) expect(pdf, secret).not.toContain(secret);

    // The host office reads Ba Đình's citizens in full: in the audit log, with how many.
    const full = await pdfText((await book.export(people.moderator, period(), 'pdf')).bytes);
    expect(full).toContain('Hoàng Văn Sổ');
    expect(full).toContain('Vũ Thị Kín');
    const log = await db.auditEntry.findMany({ where: { action: 'book.export', subjectId: `${DAY}..${DAY}` }, include: { actor: true }, orderBy: { id: 'asc' } });
    expect(log.map((e) => [e.actor?.username, (e.after as { format: string; rows: number; elsewhereInFull: number }).format, (e.after as { elsewhereInFull: number }).elsewhereInFull])).toEqual([
      ['giamsat', 'xlsx', 0],
      ['giamsat', 'pdf', 0],
      ['dieuphoi', 'pdf', 4],
    ]);
  });
});
