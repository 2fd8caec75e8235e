// The minutes as the people around them see them: facts filled in from the live session, structured
// fields checked, confidential citizens withheld outside the chair's circle, approval that locks, and
// amendments kept as versions with their reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTextKey, sessionTextKey, type Ack, type MinutesFieldsRequest, type MinutesView } from '../../protocol/index.ts';
import { signedIn } from '../support/api.ts';
import { createSession, testDb } from '../support/db.ts';
import { docxRaw, docxText, pdfFirstPagePng, pdfText } from '../support/documents.ts';
import { LiveClient } from '../support/live.ts';
import { MinutesClient } from '../support/minutes.ts';
import { waitFor } from '../support/socket.ts';
import { holdTurns } from '../support/turns.ts';

let sessionId: string;
let entries: string[];
let agencies: Record<string, string>;
const clients: { close(): void }[] = [];
async function open(username: string): Promise<MinutesClient> {
  const c = await MinutesClient.open(username, sessionId);
  clients.push(c);
  return c;
}

function fields(entryId: string, over: Partial<MinutesFieldsRequest> = {}): MinutesFieldsRequest {
  return { sessionId, entryId, petitionType: null, field: null, conclusionType: 'ANSWERED', agencyId: null, deadline: null, ...over };
}
function dayFromToday(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
function refusal<T>(res: Ack<T>): string {
  expect(res.ok).toBe(false);
  return res.ok ? '' : res.error.message;
}
function ok<T>(res: Ack<T>): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
}

beforeAll(async () => {
  sessionId = await createSession('Phiên thử phê duyệt biên bản');
  entries = await holdTurns(sessionId, [
    { siteCode: 'BA-DINH', citizenName: 'Nguyễn Thị Hường', petitionType: 'COMPLAINT', field: 'LAND', subject: 'Bồi thường đất nông nghiệp' },
    { siteCode: 'HOAN-KIEM', citizenName: 'Người Tố Cáo Kín', petitionType: 'DENUNCIATION', field: 'OTHER', subject: 'Tố cáo cán bộ phường', confidential: true },
  ]);
  const db = testDb();
  try {
    agencies = Object.fromEntries((await db.agency.findMany()).map((a) => [a.code, a.id]));
  } finally {
    await db.$disconnect();
  }
});
afterAll(() => {
  for (const c of clients) c.close();
});

describe('the minutes of a session', () => {
  it('open with the header and each turn’s facts already filled in', async () => {
    const lead = await open('thuky');
    const { header, entries: turns } = lead.view;
    expect(header).toMatchObject({ title: 'Phiên thử phê duyệt biên bản', kind: 'THEMATIC', chair: { name: 'Trần Quốc Chủ' }, hostSite: { name: 'Trụ sở Tiếp công dân thành phố' } });
    expect(header.agencies.map((a) => a.name)).toContain('Sở Xây dựng');
    expect(header.secretaries.map((s) => s.name)).toContain('Phạm Thu Kỳ');
    expect(header.startedAt).not.toBeNull();
    expect(turns.map((t) => t.facts.number)).toEqual([1, 2]);
    expect(turns[0]!.facts).toMatchObject({ entryId: entries[0], citizenName: 'Nguyễn Thị Hường', siteName: 'Điểm cầu phường Ba Đình', petitionType: 'COMPLAINT', status: 'DONE' });
    expect(turns[0]!.facts.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(turns[0]!.facts.endedAt).not.toBeNull();
    expect(lead.view.canEdit).toBe(true);
  });

  it('follows a name the moderator corrects without touching what the secretary wrote', async () => {
    const lead = await open('thuky');
    lead.text(entryTextKey(entries[0]!, 'statement')).insert(0, 'Bà Hường đề nghị xem xét lại giá bồi thường.');
    await waitFor('stored', () => lead.pending === 0);
    const before = lead.view.metaVersion;
    const mod = await LiveClient.open('dieuphoi', sessionId);
    clients.push(mod);
    await mod.must({ type: 'entry.rename', entryId: entries[0]!, citizenName: 'Nguyễn Thị Hương' });
    await waitFor('told of the change', () => lead.changes.some((v) => v > before));
    const view = await lead.refresh();
    expect(view.entries[0]!.facts.citizenName).toBe('Nguyễn Thị Hương');
    const reader = await open('giamsat');
    expect(reader.text(entryTextKey(entries[0]!, 'statement')).toString()).toBe('Bà Hường đề nghị xem xét lại giá bồi thường.');
  });

  it('names a confidential citizen only to the chair’s circle', async () => {
    const confidential = (v: MinutesView) => v.entries.find((e) => e.facts.entryId === entries[1])!.facts;
    for (const username of ['chutri', 'dieuphoi', 'thuky']) {
      const c = await open(username);
      expect(confidential(c.view).citizenName, username).toBe('Người Tố Cáo Kín');
      expect(c.view.redacted).toBe(false);
    }
    for (const username of ['thuky.badinh', 'giamsat', 'diemcau.hoankiem']) {
      const c = await open(username);
      expect(confidential(c.view), username).toMatchObject({ citizenName: null, subject: null, confidential: true });
      expect(c.view.redacted).toBe(true);
      // The other turn is not confidential and stays named.
      expect(c.view.entries[0]!.facts.citizenName).toBe('Nguyễn Thị Hương');
    }
  });

  it('lets only the session’s own chair among leaders write: another chair at the host office reads', async () => {
    const db = testDb();
    try {
      const chair = await db.account.findUniqueOrThrow({ where: { username: 'chutri' } });
      await db.account.upsert({
        where: { username: 'chutri.pho' },
        create: { username: 'chutri.pho', fullName: 'Lãnh Đạo Khác', role: 'CHAIR', siteId: chair.siteId, passwordHash: chair.passwordHash },
        update: {},
      });
    } finally {
      await db.$disconnect();
    }
    const other = await open('chutri.pho');
    expect(other.canEdit).toBe(false);
    expect(other.view).toMatchObject({ canEdit: false, canApprove: false });
    expect(refusal(await other.socket.emitWithAck('minutes:fields', fields(entries[0]!)))).toMatch(/chủ trì của kỳ tiếp này/);
    const own = await open('chutri');
    expect(own.canEdit).toBe(true);
    expect(own.view.canEdit).toBe(true);
  });

  it('checks the structured fields of an entry', async () => {
    const lead = await open('thuky');
    const call = (req: MinutesFieldsRequest) => lead.socket.emitWithAck('minutes:fields', req);
    expect(refusal(await call(fields(entries[0]!, { conclusionType: 'ASSIGNED', deadline: dayFromToday(10) })))).toMatch(/phải chọn cơ quan/);
    expect(refusal(await call(fields(entries[0]!, { conclusionType: 'ASSIGNED', agencyId: agencies['SO-NNMT']! })))).toMatch(/phải có thời hạn/);
    expect(refusal(await call(fields(entries[0]!, { conclusionType: 'ASSIGNED', agencyId: agencies['SO-NNMT']!, deadline: dayFromToday(-1) })))).toMatch(/đã qua/);
    expect(refusal(await call(fields(entries[0]!, { conclusionType: 'ASSIGNED', agencyId: agencies['SO-NNMT']!, deadline: '2026-02-30' })))).toMatch(/không phải là một ngày/);
    expect(refusal(await call({ ...fields(entries[0]!), conclusionType: 'MAYBE' } as never))).toMatch(/Hình thức kết luận không hợp lệ/);
    const deadline = dayFromToday(30);
    const view = ok(await call(fields(entries[0]!, { conclusionType: 'ASSIGNED', agencyId: agencies['SO-NNMT']!, deadline, petitionType: 'RECOMMENDATION' })));
    expect(view.entries[0]!.fields).toMatchObject({ conclusionType: 'ASSIGNED', agencyId: agencies['SO-NNMT'], deadline, petitionType: 'RECOMMENDATION' });
    const observer = await open('giamsat');
    expect(refusal(await observer.socket.emitWithAck('minutes:fields', fields(entries[1]!)))).toMatch(/chỉ được đọc/);
  });

  it('approves only after the session, locks, and keeps every amendment as a version with its reason', async () => {
    const chair = await open('chutri');
    const lead = await open('thuky');
    const approve = () => chair.socket.emitWithAck('minutes:approve', { sessionId });
    expect(refusal(await approve())).toMatch(/sau khi kết thúc/);

    const mod = await LiveClient.open('dieuphoi', sessionId);
    clients.push(mod);
    const liveChair = await LiveClient.open('chutri', sessionId);
    clients.push(liveChair);
    await liveChair.must({ type: 'session.close' });
    expect(refusal(await approve())).toMatch(/lượt 2/);
    ok(await lead.socket.emitWithAck('minutes:fields', fields(entries[1]!, { conclusionType: 'STUDY' })));
    expect(refusal(await mod.socket.emitWithAck('minutes:approve', { sessionId }))).toMatch(/Chỉ người chủ trì/);

    const approved = ok(await approve());
    expect(approved).toMatchObject({ status: 'APPROVED', versions: 1, canEdit: false, canApprove: false });
    expect(approved.numbers.minutes).toMatch(/^\d{2}\/BB-BTCD$/);
    expect(approved.numbers.notice).toMatch(/^\d{2}\/TB-BTCD$/);

    // Locked: text and fields are refused, and nothing of the refused text is stored.
    lead.text(entryTextKey(entries[0]!, 'statement')).insert(0, 'SỬA SAU PHÊ DUYỆT ');
    await waitFor('refusal', () => lead.errors.length > 0);
    expect(lead.errors.at(-1)).toMatch(/đã được phê duyệt và khóa/);
    expect(refusal(await lead.socket.emitWithAck('minutes:fields', fields(entries[1]!)))).toMatch(/khóa/);
    const fresh = await open('giamsat');
    expect(fresh.text(entryTextKey(entries[0]!, 'statement')).toString()).not.toContain('SỬA SAU PHÊ DUYỆT');

    // A ward's secretary writes drafts but does not reopen the city's approved record; nothing changes.
    const ward = await open('thuky.badinh');
    expect(ward.view.canAmend).toBe(false);
    expect(lead.view.canAmend).toBe(false); // opened before the approval
    expect((await lead.refresh()).canAmend).toBe(true);
    expect(refusal(await ward.socket.emitWithAck('minutes:amend', { sessionId, reason: 'Ghi thêm ý kiến' }))).toMatch(/Chỉ chủ trì, điều phối viên và thư ký trụ sở/);
    expect((await ward.refresh()).status).toBe('APPROVED');

    // An amendment needs a reason, and becomes version 2 once the chair approves it.
    expect(refusal(await lead.socket.emitWithAck('minutes:amend', { sessionId, reason: '' }))).toMatch(/lý do/);
    const amending = ok(await lead.socket.emitWithAck('minutes:amend', { sessionId, reason: 'Bổ sung ý kiến của Sở Tài chính' }));
    expect(amending).toMatchObject({ status: 'AMENDING', amendReason: 'Bổ sung ý kiến của Sở Tài chính', canEdit: true });
    const writer = await open('thuky');
    writer.text(sessionTextKey('closing')).insert(0, 'Sở Tài chính phối hợp kiểm tra giá đất.');
    await waitFor('stored', () => writer.pending === 0);
    const second = ok(await approve());
    expect(second).toMatchObject({ status: 'APPROVED', versions: 2, numbers: approved.numbers });

    const versions = ok(await fresh.socket.emitWithAck('minutes:versions', { sessionId }));
    expect(versions.map((v) => v.number)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ reason: 'Bổ sung ý kiến của Sở Tài chính', amendedBy: 'Phạm Thu Kỳ', approvedBy: 'Trần Quốc Chủ' });
    expect(versions[0]!.editors).toContain('Phạm Thu Kỳ');
    expect(versions[0]!.changes).toContainEqual({ where: 'Kết luận chung', before: '', after: 'Sở Tài chính phối hợp kiểm tra giá đất.' });
    // Every version stays readable as it was approved; the confidential name is withheld from the observer.
    const v1 = ok(await fresh.socket.emitWithAck('minutes:version', { sessionId, number: 1 }));
    expect(v1.text.closing).toBe('');
    expect(v1.approved).toMatchObject({ version: 1, by: 'Trần Quốc Chủ', reason: null });
    expect(v1.entries[1]!.facts.citizenName).toBeNull();
    const v2 = ok(await chair.socket.emitWithAck('minutes:version', { sessionId, number: 2 }));
    expect(v2.text.closing).toBe('Sở Tài chính phối hợp kiểm tra giá đất.');
    expect(v2.entries[1]!.facts.citizenName).toBe('Người Tố Cáo Kín');
  });

  it('exports the approved minutes and the conclusion notice as DOCX and PDF, with a public copy that withholds the denouncer', async () => {
    const chair = await signedIn('chutri');
    const url = (q: string) => `/api/sessions/${sessionId}/minutes/export?${q}`;
    const [y, m, d] = dayFromToday(30).split('-');
    const deadline = `${d}/${m}/${y}`;

    const minutesDocx = await chair.download(url('doc=minutes&format=docx&copy=full'));
    expect(minutesDocx.status).toBe(200);
    expect(minutesDocx.headers.get('content-disposition')).toMatch(/bien-ban-.*\.docx/);
    const minutes = await docxText(minutesDocx.bytes);
    for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BAN TIẾP CÔNG DÂN THÀNH PHỐ', 'BIÊN BẢN', 'Phiên thử phê duyệt biên bản', 'Nguyễn Thị Hương', 'Người Tố Cáo Kín', 'Bà Hường đề nghị xem xét lại giá bồi thường.', 'Sở Tài chính phối hợp kiểm tra giá đất.', 'Sở Nông nghiệp và Môi trường', deadline, 'THƯ KÝ', 'CHỦ TỌA', 'Phạm Thu Kỳ', 'Trần Quốc Chủ']) {
      expect(minutes, line).toContain(line);
    }
    expect(minutes).toMatch(/Số: \d{2}\/BB-BTCD/);
    expect(minutes).toMatch(/Hà Nội, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    expect(minutes).not.toContain('DỰ THẢO');

    const noticePdf = await chair.download(url('doc=notice&format=pdf&copy=full'));
    expect(noticePdf.status).toBe(200);
    expect(noticePdf.headers.get('content-type')).toBe('application/pdf');
    const notice = await pdfText(noticePdf.bytes);
    for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'THÔNG BÁO', 'Nguyễn Thị Hương', 'Sở Nông nghiệp và Môi trường', deadline]) {
      expect(notice, line).toContain(line);
    }
    expect(notice).toMatch(/Số: \d{2}\/TB-BTCD/);
    // The notice goes to agencies and citizens: even the chair's full copy does not name the denouncer.
    expect(notice).not.toContain('Người Tố Cáo Kín');
    expect(notice).not.toContain('Tố cáo cán bộ phường');
    expect((await pdfFirstPagePng(noticePdf.bytes)).subarray(1, 4).toString()).toBe('PNG');

    // Outside the chair's circle only the public copy leaves, and it carries no trace of the denouncer.
    const bridge = await signedIn('thuky.badinh');
    const refused = await bridge.request('GET', url('doc=minutes&format=docx&copy=full'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/bản công khai/);
    const publicDocx = await bridge.download(url('doc=minutes&format=docx&copy=public'));
    expect(publicDocx.status).toBe(200);
    expect(await docxRaw(publicDocx.bytes)).not.toContain('Người Tố Cáo Kín');
    expect(await docxText(publicDocx.bytes)).toContain('Nguyễn Thị Hương');
    const publicPdf = await bridge.download(url('doc=minutes&format=pdf&copy=public'));
    expect(await pdfText(publicPdf.bytes)).not.toContain('Người Tố Cáo Kín');

    // Every approved version can still be exported; version 1 has no closing remark yet.
    const v1 = await docxText((await chair.download(url('doc=minutes&format=docx&copy=full&version=1'))).bytes);
    expect(v1).not.toContain('Sở Tài chính phối hợp kiểm tra giá đất.');
    // The same minutes give the same bytes.
    expect((await chair.download(url('doc=minutes&format=docx&copy=full'))).bytes.equals(minutesDocx.bytes)).toBe(true);
  });
});
