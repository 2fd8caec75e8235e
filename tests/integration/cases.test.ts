// Cases born from an approved conclusion notice on the running hub: the agency works its own queue through
// the workflow (a complaint's result needs its document; closing needs the day the citizen was told); the
// host office sees the city's and decides an extension; an agency never learns a denouncer's name; an
// observer reads every case masked; a bridge point its own citizens'; an amended notice moves a case.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ack, CaseListPage, CaseView, MinutesFieldsRequest } from '../../protocol/index.ts';
import { signedIn, type ApiClient } from '../support/api.ts';
import { createSession, testDb } from '../support/db.ts';
import { MinutesClient } from '../support/minutes.ts';
import { LiveClient } from '../support/live.ts';
import { holdTurns, siteIds } from '../support/turns.ts';
import { SCANS } from '../support/scans.ts';

let sessionId: string;
let entries: string[];
let agencies: Record<string, string>;
let intake: { id: string; trackingCode: string };
const clients: { close(): void }[] = [];
const api: Record<string, ApiClient> = {};
const dayFromToday = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const ok = <T>(res: Ack<T>): T => {
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
};
const casesOf = async (who: string, query = '') => (await api[who]!.request('GET', `/api/cases?${query}`)).body as CaseListPage;
const mine = (page: CaseListPage) => page.cases.filter((c) => c.sessionId === sessionId);

beforeAll(async () => {
  sessionId = await createSession('Phiên thử theo dõi vụ việc');
  // A citizen taken in at Ba Đình with their CCCD joins the queue from the intake: their case carries the receipt's code.
  const chairLive = await LiveClient.open('chutri', sessionId);
  await chairLive.must({ type: 'session.open' });
  await chairLive.must({ type: 'session.start' });
  const operator = await signedIn('diemcau.badinh');
  const sites = await siteIds();
  const taken = (await operator.request('POST', '/api/intakes', { siteId: sites['BA-DINH'], sessionId, fullName: 'Trần Văn Tra', idNumber: '001085099999', birthYear: 1985, province: 'Hà Nội', content: 'Đề nghị hỗ trợ tái định cư dự án đường vành đai', petitionType: 'RECOMMENDATION', field: 'COMPENSATION', competent: true })).body as { id: string; trackingCode: string };
  intake = taken;
  const queued = (await operator.request('POST', `/api/intakes/${taken.id}/queue`, { sessionId })).body as { entryId: string };
  await chairLive.must({ type: 'floor.give', entryId: queued.entryId });
  await chairLive.must({ type: 'turn.end' });
  chairLive.close();
  entries = await holdTurns(
    sessionId,
    [
      { siteCode: 'BA-DINH', citizenName: 'Nguyễn Thị Hường', petitionType: 'COMPLAINT', field: 'LAND', subject: 'Khiếu nại giá bồi thường đất nông nghiệp' },
      { siteCode: 'HOAN-KIEM', citizenName: 'Người Tố Cáo Kín', petitionType: 'DENUNCIATION', field: 'OTHER', subject: 'Tố cáo cán bộ phường thu tiền', confidential: true },
      { siteCode: 'BA-DINH', citizenName: 'Lê Văn Kiến', petitionType: 'RECOMMENDATION', field: 'OTHER', subject: 'Kiến nghị lắp đèn ngõ 5' },
    ],
    { close: true },
  );
  entries.push(queued.entryId);
  const db = testDb();
  try {
    agencies = Object.fromEntries((await db.agency.findMany()).map((a) => [a.code, a.id]));
  } finally {
    await db.$disconnect();
  }
  for (const who of ['coquan.xaydung', 'chutri', 'dieuphoi', 'giamsat', 'diemcau.badinh', 'diemcau.hoankiem']) api[who] = await signedIn(who);
  const lead = await MinutesClient.open('thuky', sessionId);
  clients.push(lead);
  const fields = (entryId: string, agency: string, days: number): MinutesFieldsRequest => ({ sessionId, entryId, petitionType: null, field: null, conclusionType: 'ASSIGNED', agencyId: agencies[agency]!, deadline: dayFromToday(days) });
  ok(await lead.socket.emitWithAck('minutes:fields', fields(entries[0]!, 'SO-XD', 20)));
  ok(await lead.socket.emitWithAck('minutes:fields', fields(entries[1]!, 'SO-XD', 20)));
  ok(await lead.socket.emitWithAck('minutes:fields', fields(entries[2]!, 'SO-NV', 10)));
  ok(await lead.socket.emitWithAck('minutes:fields', fields(entries[3]!, 'SO-XD', 25)));
  const chair = await MinutesClient.open('chutri', sessionId);
  clients.push(chair);
  ok(await chair.socket.emitWithAck('minutes:approve', { sessionId }));
}, 120_000);
afterAll(() => {
  for (const c of clients) c.close();
});

/** Attaches one file to a case as the hub's page does (multipart, field "file"). */
function attachTo(who: ApiClient, caseId: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return who.requestForm('POST', `/api/cases/${caseId}/documents`, form);
}

describe('cases from the conclusion notice', () => {
  it('makes each assigned matter a case with its agency and deadline, in that agency’s queue only, a denouncer unnamed to it', async () => {
    await expect.poll(async () => mine(await casesOf('dieuphoi')).length, { timeout: 20_000 }).toBe(4);
    const agency = mine(await casesOf('coquan.xaydung'));
    expect(agency.map((c) => [c.citizen.fullName, c.kind, c.status, c.noticeDeadline])).toEqual([
      ['Nguyễn Thị Hường', 'COMPLAINT', 'ASSIGNED', dayFromToday(20)],
      ['Người tố cáo (được giữ bí mật)', 'DENUNCIATION', 'ASSIGNED', dayFromToday(20)],
      ['Trần Văn Tra', 'RECOMMENDATION', 'ASSIGNED', dayFromToday(25)],
    ]);
    expect(JSON.stringify(await casesOf('coquan.xaydung'))).not.toContain('Người Tố Cáo Kín');
    expect(agency.every((c) => c.number.match(/^VV-\d{4}-\d{5}$/))).toBe(true);
    // The host office sees all three and the denouncer; the observer every case masked, no denouncer.
    const host = mine(await casesOf('dieuphoi'));
    expect(host.map((c) => c.citizen.fullName)).toContain('Người Tố Cáo Kín');
    const observed = mine(await casesOf('giamsat'));
    expect(observed.map((c) => c.citizen.fullName).sort()).toEqual(['L. V. K.', 'N. T. H.', 'Người tố cáo (được giữ bí mật)', 'T. V. T.'].sort());
    // Ba Đình's operator reads Ba Đình's three cases; Hoàn Kiếm's its one.
    expect(mine(await casesOf('diemcau.badinh')).map((c) => c.citizen.fullName).sort()).toEqual(['Lê Văn Kiến', 'Nguyễn Thị Hường', 'Trần Văn Tra']);
    expect(mine(await casesOf('diemcau.hoankiem')).map((c) => c.kind)).toEqual(['DENUNCIATION']);
    // A case of another agency is not there for this one: not listed, not readable, not workable.
    const other = host.find((c) => c.agency.id === agencies['SO-NV'])!;
    expect((await api['coquan.xaydung']!.request('GET', `/api/cases/${other.id}`)).status).toBe(404);
    expect((await api['coquan.xaydung']!.request('POST', `/api/cases/${other.id}/actions`, { type: 'accept' })).status).toBe(404);
  });

  it('takes a complaint through the workflow: accepted, resolved with its document, closed only with the day the citizen was told', async () => {
    const rep = api['coquan.xaydung']!;
    const complaint = mine(await casesOf('coquan.xaydung')).find((c) => c.kind === 'COMPLAINT')!;
    const act = (body: object) => rep.request('POST', `/api/cases/${complaint.id}/actions`, body);
    const accepted = (await act({ type: 'accept' })).body as CaseView;
    expect(accepted).toMatchObject({ status: 'IN_PROGRESS', acceptedDay: dayFromToday(0) });
    expect(accepted.legalDeadline! > dayFromToday(30)).toBe(true);
    expect((await act({ type: 'accept' })).body).toMatchObject({ code: 'CONFLICT', key: 'case.notAssigned' });
    const noDocument = await act({ type: 'resolve', result: 'FULL', answer: 'Đã điều chỉnh đơn giá bồi thường' });
    expect(noDocument).toMatchObject({ status: 409, body: { key: 'case.resultNeedsDocument', message: expect.stringContaining('văn bản giải quyết') } });
    expect((await act({ type: 'inform', day: dayFromToday(0), how: 'Gửi quyết định qua bưu điện' })).body).toMatchObject({ key: 'case.notResolved' });
    expect((await act({ type: 'resolve', result: 'FULL', answer: 'Đã điều chỉnh đơn giá bồi thường', document: 'Quyết định số 123/QĐ-SXD' })).body).toMatchObject({ status: 'RESOLVED', result: 'FULL' });
    expect((await act({ type: 'inform', day: dayFromToday(1), how: 'Gọi điện' })).body).toMatchObject({ key: 'case.informedDay' });
    const closed = (await act({ type: 'inform', day: dayFromToday(0), how: 'Gửi quyết định qua bưu điện' })).body as CaseView;
    expect(closed).toMatchObject({ status: 'INFORMED', informedDay: dayFromToday(0) });
    const timeline = ((await rep.request('GET', `/api/cases/${complaint.id}`)).body as CaseView).events!;
    expect(timeline.map((e) => e.kind)).toEqual(['notice.assigned', 'accept', 'resolve', 'inform']);
    expect(timeline[2]).toMatchObject({ actor: 'Đỗ Minh Xây', data: { document: 'Quyết định số 123/QĐ-SXD', result: 'FULL' } });
    // Bad input is refused at the edge, with the field named.
    expect((await act({ type: 'wait' })).body).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await act({ type: 'levitate' })).status).toBe(400);
  });

  it('keeps a case’s documents: attached by its agency, checked by their bytes, opened by the agency and the office, never by an observer', async () => {
    const rep = api['coquan.xaydung']!;
    const complaint = mine(await casesOf('coquan.xaydung')).find((c) => c.kind === 'COMPLAINT')!;
    const attach = (who: ApiClient, name: string, bytes: Buffer) => attachTo(who, complaint.id, name, bytes);
    // A program named like a PDF is refused by what it is, and nothing is kept.
    const renamed = await attach(rep, 'Quyết định 123.pdf', SCANS.exe);
    expect(renamed).toMatchObject({ status: 400, body: { details: { file: expect.stringContaining('Quyết định 123.pdf') } } });
    const added = await attach(rep, 'Quyết định 123-QĐ-SXD.pdf', SCANS.pdf);
    expect(added.status).toBe(201);
    const withDoc = added.body as CaseView;
    expect(withDoc.documents!.map((d) => [d.fileName, d.contentType, d.uploadedBy])).toEqual([['Quyết định 123-QĐ-SXD.pdf', 'application/pdf', 'Đỗ Minh Xây']]);
    expect(withDoc.events!.at(-1)).toMatchObject({ kind: 'document', data: { fileName: 'Quyết định 123-QĐ-SXD.pdf' } });
    const path = `/api/cases/${complaint.id}/documents/${withDoc.documents![0]!.id}`;
    // The office opens the same bytes; the citizen's bridge point too; an observer sees that there is one, not what it is.
    for (const who of ['dieuphoi', 'diemcau.badinh', 'coquan.xaydung']) {
      const got = await api[who]!.download(path);
      expect(got.status, who).toBe(200);
      expect(got.bytes.equals(SCANS.pdf)).toBe(true);
      expect(got.headers.get('content-disposition')).toMatch(/^attachment;/);
    }
    const observed = (await api.giamsat!.request('GET', `/api/cases/${complaint.id}`)).body as CaseView;
    expect([observed.documentCount, observed.documents]).toEqual([1, []]);
    expect((await api.giamsat!.download(path)).status).toBe(403);
    expect((await api['diemcau.hoankiem']!.download(path)).status).toBe(404);
    // An observer and another site attach nothing.
    expect((await attach(api.giamsat!, 'x.pdf', SCANS.pdf)).body).toMatchObject({ key: 'case.agencyActs' });
    expect((await attach(api['diemcau.hoankiem']!, 'x.pdf', SCANS.pdf)).status).toBe(404);
    // Every download is in the audit log.
    const db = testDb();
    try {
      expect(await db.auditEntry.count({ where: { action: 'case.download', subjectId: complaint.id } })).toBe(3);
    } finally {
      await db.$disconnect();
    }
  });

  it('keeps a denouncer’s papers from the agency: on a denunciation it opens only what its own people attached', async () => {
    const rep = api['coquan.xaydung']!;
    const denunciation = mine(await casesOf('coquan.xaydung')).find((c) => c.kind === 'DENUNCIATION')!;
    const attach = (who: ApiClient, name: string, bytes: Buffer) => attachTo(who, denunciation.id, name, bytes);
    // The office attaches the denouncer's own petition, named after them; the agency its verification minutes.
    const byOffice = (await attach(api.dieuphoi!, 'Đơn tố cáo của ông Trần Văn Tố.pdf', SCANS.pdf)).body as CaseView;
    const officeDoc = byOffice.documents!.find((d) => d.fileName.includes('Trần Văn Tố'))!;
    expect((await attach(rep, 'Biên bản xác minh.png', SCANS.png)).status).toBe(201);
    const seenByAgency = (await rep.request('GET', `/api/cases/${denunciation.id}`)).body as CaseView;
    expect(seenByAgency.citizen.shown).toBe('withheld');
    expect(seenByAgency.documents!.map((d) => d.fileName)).toEqual(['Biên bản xác minh.png']);
    expect(seenByAgency.documentCount).toBe(2);
    expect(JSON.stringify(seenByAgency)).not.toContain('Trần Văn Tố');
    const refused = await rep.download(`/api/cases/${denunciation.id}/documents/${officeDoc.id}`);
    expect(refused.status).toBe(403);
    // The chair's circle opens both.
    const seenByOffice = (await api.dieuphoi!.request('GET', `/api/cases/${denunciation.id}`)).body as CaseView;
    expect(seenByOffice.documents!.map((d) => d.fileName).sort()).toEqual(['Biên bản xác minh.png', 'Đơn tố cáo của ông Trần Văn Tố.pdf']);
    expect((await api.dieuphoi!.download(`/api/cases/${denunciation.id}/documents/${officeDoc.id}`)).status).toBe(200);
  });

  it('lets only the host office decide an extension, and refuses one past the legal limit', async () => {
    const rep = api['coquan.xaydung']!;
    const denunciation = mine(await casesOf('coquan.xaydung')).find((c) => c.kind === 'DENUNCIATION')!;
    const act = (who: ApiClient, body: object) => who.request('POST', `/api/cases/${denunciation.id}/actions`, body);
    await act(rep, { type: 'accept' });
    expect((await act(rep, { type: 'askExtension', days: 31, reason: 'Vụ việc phức tạp' })).body).toMatchObject({ key: 'case.extensionTooLong' });
    const asked = (await act(rep, { type: 'askExtension', days: 30, reason: 'Vụ việc phức tạp, cần xác minh' })).body as CaseView;
    expect(asked.extensionAsked).toBe(30);
    expect((await act(rep, { type: 'decideExtension', approve: true })).status).toBe(409);
    expect((await act(api.giamsat!, { type: 'decideExtension', approve: true })).status).toBe(403);
    const granted = (await act(api.dieuphoi!, { type: 'decideExtension', approve: true })).body as CaseView;
    expect(granted.extensionAsked).toBeNull();
    expect(granted.legalDeadline! > asked.legalDeadline!).toBe(true);
  });

  it('moves a case to the agency an amended notice names, keeping its history', async () => {
    const chair = clients[1] as MinutesClient;
    const lead = clients[0] as MinutesClient;
    ok(await lead.socket.emitWithAck('minutes:amend', { sessionId, reason: 'Giao lại cho Sở Xây dựng' }));
    ok(await lead.socket.emitWithAck('minutes:fields', { sessionId, entryId: entries[2]!, petitionType: null, field: null, conclusionType: 'ASSIGNED', agencyId: agencies['SO-XD']!, deadline: dayFromToday(15) }));
    ok(await chair.socket.emitWithAck('minutes:approve', { sessionId }));
    await expect.poll(async () => mine(await casesOf('coquan.xaydung')).length, { timeout: 20_000 }).toBe(4);
    const moved = mine(await casesOf('coquan.xaydung')).find((c) => c.summary === 'Kiến nghị lắp đèn ngõ 5')!;
    expect(moved).toMatchObject({ noticeDeadline: dayFromToday(15), agency: { id: agencies['SO-XD'] } });
    const timeline = ((await api.dieuphoi!.request('GET', `/api/cases/${moved.id}`)).body as CaseView).events!;
    expect(timeline.map((e) => e.kind)).toEqual(['notice.assigned', 'notice.amended']);
    // The complaint already closed stays closed.
    expect(mine(await casesOf('dieuphoi')).find((c) => c.kind === 'COMPLAINT')!.status).toBe('INFORMED');
  });
});

describe('cases from a dialogue conference', () => {
  it('attributes the opinions it did not answer on the spot to the group the conference was held with', async () => {
    const dialogue = await createSession('Hội nghị đối thoại với hội cựu chiến binh');
    const db = testDb();
    try {
      const chairId = (await db.account.findUniqueOrThrow({ where: { username: 'chutri' } })).id;
      await db.receptionSession.update({ where: { id: dialogue }, data: { kind: 'DIALOGUE' } });
      await db.plannedSession.create({ data: { year: 2026, topic: 'Chế độ chính sách cựu chiến binh', withGroup: 'Hội Cựu chiến binh phường Ba Đình', targetMonth: 12, createdById: chairId, sessionId: dialogue } });
    } finally {
      await db.$disconnect();
    }
    const [opinion, answered] = await holdTurns(
      dialogue,
      [
        { siteCode: 'BA-DINH', citizenName: 'Nguyễn Văn Cựu', petitionType: 'RECOMMENDATION', field: 'OTHER', subject: 'Kiến nghị sửa nhà văn hóa tổ dân phố' },
        { siteCode: 'BA-DINH', citizenName: 'Trần Văn Binh', petitionType: 'FEEDBACK', field: 'OTHER', subject: 'Phản ánh lịch khám sức khỏe' },
      ],
      { close: true },
    );
    const lead = await MinutesClient.open('thuky', dialogue);
    const chair = await MinutesClient.open('chutri', dialogue);
    try {
      ok(await lead.socket.emitWithAck('minutes:fields', { sessionId: dialogue, entryId: opinion!, petitionType: null, field: null, conclusionType: 'ASSIGNED', agencyId: agencies['SO-XD']!, deadline: dayFromToday(20) }));
      ok(await lead.socket.emitWithAck('minutes:fields', { sessionId: dialogue, entryId: answered!, petitionType: null, field: null, conclusionType: 'ANSWERED', agencyId: null, deadline: null }));
      ok(await chair.socket.emitWithAck('minutes:approve', { sessionId: dialogue }));
    } finally {
      lead.close();
      chair.close();
    }
    const fromDialogue = async () => (await casesOf('dieuphoi')).cases.filter((c) => c.sessionId === dialogue);
    await expect.poll(async () => (await fromDialogue()).length, { timeout: 20_000 }).toBe(1);
    expect((await fromDialogue())[0]).toMatchObject({ summary: 'Kiến nghị sửa nhà văn hóa tổ dân phố', withGroup: 'Hội Cựu chiến binh phường Ba Đình' });
    // A case of an ordinary session names no group.
    expect(mine(await casesOf('dieuphoi')).every((c) => c.withGroup === null)).toBe(true);
  });
});

describe('cases from the regular reception', () => {
  it('lets the host office assign an intake accepted at a regular reception to an agency, once, and only such an intake', async () => {
    const operator = await signedIn('diemcau.badinh');
    const sites = await siteIds();
    const take = async (fullName: string, content: string) =>
      (await operator.request('POST', '/api/intakes', { siteId: sites['BA-DINH'], sessionId: null, fullName, idNumber: null, birthYear: 1970, province: 'Hà Nội', ward: 'Phường Ba Đình', content, petitionType: 'COMPLAINT', field: 'LAND', competent: true })).body as { id: string; trackingCode: string };
    const walkIn = await take('Phạm Thị Thường', 'Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất ngõ 12');
    const guided = await take('Đào Văn Hướng', 'Hỏi về thủ tục tách thửa');
    expect((await operator.request('PUT', `/api/intakes/${walkIn.id}/handling`, { handling: 'ACCEPTED' })).status).toBe(200);
    expect((await operator.request('PUT', `/api/intakes/${guided.id}/handling`, { handling: 'GUIDED', handledBy: 'UBND phường Ba Đình' })).status).toBe(200);

    // The office's list of intakes waiting for an agency holds the accepted one only.
    const waiting = (await api.dieuphoi!.request('GET', '/api/cases/intakes')).body as { id: string; citizen: { fullName: string } }[];
    expect(waiting.map((w) => w.id)).toContain(walkIn.id);
    expect(waiting.map((w) => w.id)).not.toContain(guided.id);
    // An agency, a bridge point or an observer does not assign cases.
    for (const who of ['coquan.xaydung', 'diemcau.badinh', 'giamsat']) {
      expect((await api[who]!.request('POST', '/api/cases/from-intake', { intakeId: walkIn.id, agencyId: agencies['SO-XD'] })).body, who).toMatchObject({ code: 'FORBIDDEN', key: 'case.hostAssigns' });
    }
    expect((await api.dieuphoi!.request('POST', '/api/cases/from-intake', { intakeId: guided.id, agencyId: agencies['SO-XD'] })).body).toMatchObject({ key: 'case.intakeNotAccepted' });
    // The session's intake is followed by the case its notice made.
    expect((await api.dieuphoi!.request('POST', '/api/cases/from-intake', { intakeId: intake.id, agencyId: agencies['SO-XD'] })).body).toMatchObject({ key: 'case.intakeFollowed' });
    expect((await api.dieuphoi!.request('POST', '/api/cases/from-intake', { intakeId: walkIn.id, agencyId: '00000000-0000-4000-8000-000000000000' })).body).toMatchObject({ key: 'case.agencyUnknown' });
    const made = await api.dieuphoi!.request('POST', '/api/cases/from-intake', { intakeId: walkIn.id, agencyId: agencies['SO-XD'], deadline: dayFromToday(30) });
    expect(made.status).toBe(201);
    const opened = made.body as CaseView;
    expect(opened).toMatchObject({ status: 'ASSIGNED', agency: { id: agencies['SO-XD'] }, noticeDeadline: dayFromToday(30), kind: 'COMPLAINT', citizen: { fullName: 'Phạm Thị Thường' } });
    expect(opened.events!.map((e) => [e.kind, e.actor])).toEqual([['intake.assigned', 'Lê Thị Điều']]);
    expect((await api.dieuphoi!.request('POST', '/api/cases/from-intake', { intakeId: walkIn.id, agencyId: agencies['SO-XD'] })).body).toMatchObject({ key: 'case.intakeFollowed' });
    // It joins the agency's queue, and the citizen follows it with the receipt's code.
    expect((await casesOf('coquan.xaydung')).cases.map((c) => c.id)).toContain(opened.id);
    expect(((await api.dieuphoi!.request('GET', '/api/cases/intakes')).body as { id: string }[]).map((w) => w.id)).not.toContain(walkIn.id);
    const db = testDb();
    try {
      expect((await db.case.findUniqueOrThrow({ where: { id: opened.id } })).trackingCode).toBe(walkIn.trackingCode);
    } finally {
      await db.$disconnect();
    }

    // Sent to the wrong agency: it transfers the case with a reason, and the host office is told at once.
    const rep = api['coquan.xaydung']!;
    const act = (body: object) => rep.request('POST', `/api/cases/${opened.id}/actions`, body);
    expect((await act({ type: 'transfer', toAgencyId: agencies['SO-XD'], reason: 'Nhầm' })).body).toMatchObject({ key: 'case.transferSameAgency' });
    expect((await act({ type: 'transfer', toAgencyId: agencies['SO-NV'] })).status).toBe(400);
    const moved = await act({ type: 'transfer', toAgencyId: agencies['SO-NV'], reason: 'Đất do Sở Nội vụ quản lý hồ sơ' });
    expect(moved).toMatchObject({ status: 200, body: { status: 'ASSIGNED', agency: { id: agencies['SO-NV'] } } });
    // The agency that sent it on no longer reads it; the office sees it, with the transfer on its timeline.
    expect((await rep.request('GET', `/api/cases/${opened.id}`)).status).toBe(404);
    const seen = (await api.dieuphoi!.request('GET', `/api/cases/${opened.id}`)).body as CaseView;
    expect(seen.events!.at(-1)).toMatchObject({ kind: 'transfer', actor: 'Đỗ Minh Xây', data: { from: agencies['SO-XD'], to: agencies['SO-NV'], reason: 'Đất do Sở Nội vụ quản lý hồ sơ' } });
    const told = (await api.dieuphoi!.request('GET', '/api/notifications')).body as { items: { kind: string; params: { title: string; reason?: string } }[] };
    expect(told.items.find((n) => n.kind === 'CASE_TRANSFERRED')).toMatchObject({ params: { title: expect.stringContaining(opened.number), reason: 'Đất do Sở Nội vụ quản lý hồ sơ' } });
  });
});

describe('the citizen’s public lookup', () => {
  const lookup = (body: object) =>
    fetch(`${inject('baseUrl')}/api/public/lookup`, { method: 'POST', headers: { 'content-type': 'application/json', origin: inject('baseUrl') }, body: JSON.stringify(body) });

  it('shows the matter’s stage, agency and deadline for the receipt’s code and the last four ID digits, and nothing for any wrong pair', async () => {
    const right = await lookup({ code: intake.trackingCode.toLowerCase(), idSuffix: '9999' });
    expect(right.status).toBe(200);
    const found = await right.json();
    expect(found).toMatchObject({ found: true, kind: 'RECOMMENDATION', field: 'COMPENSATION', case: { status: 'ASSIGNED', agency: 'Sở Xây dựng', deadline: dayFromToday(25), answer: null } });
    expect(JSON.stringify(found)).not.toContain('Trần Văn Tra');
    // Ba Đình's operator, typing the citizen's card again, sees where the matter stands; Hoàn Kiếm's does not.
    const history = (await api['diemcau.badinh']!.request('GET', '/api/intakes/history?idNumber=001085099999')).body as { visits: { case: { status: string; agency: string } | null }[] };
    expect(history.visits[0]!.case).toMatchObject({ status: 'ASSIGNED', agency: 'Sở Xây dựng' });
    const elsewhere = (await api['diemcau.hoankiem']!.request('GET', '/api/intakes/history?idNumber=001085099999')).body as { visits: { case: unknown }[] };
    expect(elsewhere.visits.map((v) => v.case)).toEqual([null]);
    const wrongSuffix = await lookup({ code: intake.trackingCode, idSuffix: '9998' });
    const unknownCode = await lookup({ code: 'TD-0000-0000-0000-0000', idSuffix: '9999' });
    expect([wrongSuffix.status, unknownCode.status]).toEqual([200, 200]);
    const [a, b] = [await wrongSuffix.text(), await unknownCode.text()];
    expect(a).toBe('{"found":false}');
    expect(b).toBe(a);
    expect((await lookup({ code: intake.trackingCode, idSuffix: '99' })).status).toBe(400);
  });

  it('shows the answer once the agency resolved it, and locks a code after five wrong tries', async () => {
    // The agency resolves the recommendation (an answer, no document needed) and tells the citizen.
    const mineToo = mine(await casesOf('coquan.xaydung')).find((c) => c.summary === 'Đề nghị hỗ trợ tái định cư dự án đường vành đai')!;
    const act = (body: object) => api['coquan.xaydung']!.request('POST', `/api/cases/${mineToo.id}/actions`, body);
    await act({ type: 'accept' });
    expect((await act({ type: 'resolve', result: 'FULL', answer: 'Đã bố trí suất tái định cư tại khu X2' })).body).toMatchObject({ status: 'RESOLVED' });
    const resolved = await (await lookup({ code: intake.trackingCode, idSuffix: '9999' })).json();
    expect(resolved).toMatchObject({ found: true, case: { status: 'RESOLVED', result: 'FULL', answer: 'Đã bố trí suất tái định cư tại khu X2' } });
    const guessed = 'TD-ABCD-EFGH-JKMN-PQRS';
    for (let i = 0; i < 5; i++) expect((await lookup({ code: guessed, idSuffix: String(1000 + i) })).status).toBe(200);
    const locked = await lookup({ code: guessed, idSuffix: '1005' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('3600');
    expect(await locked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', key: 'lookup.tooMany' });
    // Every try is logged, right or wrong.
    const db2 = testDb();
    try {
      expect(await db2.lookupAttempt.count({ where: { code: guessed } })).toBe(5);
      expect(await db2.lookupAttempt.count({ where: { code: intake.trackingCode, found: true } })).toBeGreaterThanOrEqual(2);
    } finally {
      await db2.$disconnect();
    }
  });

  it('takes the citizen’s word on the answer and their request to reopen, which the host office decides', async () => {
    const reply = (idSuffix: string, r: object) =>
      fetch(`${inject('baseUrl')}/api/public/lookup/reply`, { method: 'POST', headers: { 'content-type': 'application/json', origin: inject('baseUrl') }, body: JSON.stringify({ code: intake.trackingCode, idSuffix, reply: r }) });
    // A wrong pair says as little as the lookup does, and records nothing.
    const wrong = await reply('9990', { type: 'rate', satisfaction: 'SATISFIED' });
    expect([wrong.status, await wrong.text()]).toEqual([200, '{"found":false}']);
    expect((await reply('9999', { type: 'rate', satisfaction: 'HAPPY' })).status).toBe(400);
    const rated = await (await reply('9999', { type: 'rate', satisfaction: 'NOT_SATISFIED', comment: 'Suất tái định cư ở quá xa' })).json();
    expect(rated).toMatchObject({ found: true, case: { status: 'RESOLVED', satisfaction: 'NOT_SATISFIED', reopenAsked: false } });
    expect(await (await reply('9999', { type: 'rate', satisfaction: 'SATISFIED' })).json()).toMatchObject({ key: 'case.alreadyRated' });
    const asked = await (await reply('9999', { type: 'askReopen', reason: 'Tôi đề nghị được bố trí tái định cư tại chỗ' })).json();
    expect(asked).toMatchObject({ found: true, case: { reopenAsked: true } });
    expect(await (await reply('9999', { type: 'askReopen', reason: 'Lần nữa' })).json()).toMatchObject({ key: 'case.reopenPending' });

    // The host office is told at once; the case shows the request and the citizen's word.
    const told = (await api.dieuphoi!.request('GET', '/api/notifications')).body as { items: { kind: string; params: { title: string; reason?: string } }[] };
    const notice = told.items.find((n) => n.kind === 'CASE_REOPEN_ASKED')!;
    expect(notice.params.reason).toBe('Tôi đề nghị được bố trí tái định cư tại chỗ');
    const theCase = mine(await casesOf('dieuphoi')).find((c) => c.summary === 'Đề nghị hỗ trợ tái định cư dự án đường vành đai')!;
    expect(notice.params.title).toContain(theCase.number);
    const seen = (await api.dieuphoi!.request('GET', `/api/cases/${theCase.id}`)).body as CaseView;
    expect(seen).toMatchObject({ reopenAsked: { reason: 'Tôi đề nghị được bố trí tái định cư tại chỗ' }, satisfaction: { value: 'NOT_SATISFIED', comment: 'Suất tái định cư ở quá xa' } });
    // An observer counts the satisfaction but reads neither the citizen's comment nor their reason.
    const observed = (await api.giamsat!.request('GET', `/api/cases/${theCase.id}`)).body as CaseView;
    expect(observed).toMatchObject({ reopenAsked: { reason: null }, satisfaction: { value: 'NOT_SATISFIED', comment: null } });
    // The agency does not decide it, nor does an observer; the host office reopens it as a new round.
    const act = (who: ApiClient, body: object) => who.request('POST', `/api/cases/${theCase.id}/actions`, body);
    expect((await act(api['coquan.xaydung']!, { type: 'decideReopen', approve: true, reason: 'Tự mở lại' })).body).toMatchObject({ key: 'case.notYours' });
    expect((await act(api.giamsat!, { type: 'decideReopen', approve: true, reason: 'Mở lại' })).status).toBe(403);
    expect((await act(api.dieuphoi!, { type: 'decideReopen', approve: true })).status).toBe(400);
    const reopened = (await act(api.dieuphoi!, { type: 'decideReopen', approve: true, reason: 'Xem xét phương án tái định cư tại chỗ' })).body as CaseView;
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', acceptedDay: dayFromToday(0), result: null, noticeDeadline: null, reopenAsked: null, satisfaction: null });
    expect(reopened.legalDeadline! > dayFromToday(14)).toBe(true);
    const timeline = ((await api.dieuphoi!.request('GET', `/api/cases/${theCase.id}`)).body as CaseView).events!;
    expect(timeline.map((e) => [e.kind, e.actor])).toEqual([
      ['notice.assigned', null],
      ['accept', 'Đỗ Minh Xây'],
      ['resolve', 'Đỗ Minh Xây'],
      ['rate', null],
      ['askReopen', null],
      ['decideReopen', expect.any(String)],
    ]);
    // The citizen's page shows the matter being resolved again, without the old answer.
    const again = await (await fetch(`${inject('baseUrl')}/api/public/lookup`, { method: 'POST', headers: { 'content-type': 'application/json', origin: inject('baseUrl') }, body: JSON.stringify({ code: intake.trackingCode, idSuffix: '9999' }) })).json();
    expect(again).toMatchObject({ found: true, case: { status: 'IN_PROGRESS', answer: null, satisfaction: null, reopenAsked: false } });
  });
});
