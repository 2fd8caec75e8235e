import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { MinutesContent } from '../../protocol/index.ts';
import { exportMinutes, publicCopy, type ExportOptions } from '../../server/src/minutes/export/index.ts';
import { placeAndDate } from '../../server/src/documents/vietnam-time.ts';
import { docxParagraphs, docxRaw as everythingIn, docxTableRows, pdfFirstPagePng, pdfText } from '../support/documents.ts';
import { AGENCIES, minutesFixture } from '../support/minutes-fixture.ts';

const CONFIDENTIAL_NAME = 'Đặng Văn Lực';
const CONFIDENTIAL_SUBJECT = 'nhận tiền để hợp thức hóa';
const WITHHELD = 'Người tố cáo (được giữ bí mật)';

const exported = async (content: MinutesContent, opts: ExportOptions) => (await exportMinutes(content, opts)).bytes;

describe('the minutes (biên bản) as a Word document', () => {
  it('carries the Decree 30 header: issuer, number, national title, motto and the place and date', async () => {
    const text = (await docxParagraphs(await exported(minutesFixture(), { doc: 'minutes', format: 'docx', copy: 'full' }))).join('\n');
    expect(text).toContain('UBND THÀNH PHỐ HÀ NỘI');
    expect(text).toContain('BAN TIẾP CÔNG DÂN THÀNH PHỐ');
    expect(text).toContain('Số: 05/BB-BTCD');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Hà Nội, ngày 05 tháng 01 năm 2026');
  });

  it('has the title, the meeting, the start, the place and the end as form 1.9 asks', async () => {
    const paragraphs = await docxParagraphs(await exported(minutesFixture(), { doc: 'minutes', format: 'docx', copy: 'full' }));
    expect(paragraphs).toContain('BIÊN BẢN');
    expect(paragraphs).toContain('Tiếp công dân định kỳ tháng 01/2026 của Chủ tịch UBND thành phố');
    expect(paragraphs).toContain('Thời gian bắt đầu: 08 giờ 30, ngày 05/01/2026.');
    expect(paragraphs).toContain(
      'Địa điểm: Trụ sở Tiếp công dân thành phố và các điểm cầu: Điểm cầu phường Ba Đình, Điểm cầu phường Hà Đông, Điểm cầu phường Long Biên.',
    );
    expect(paragraphs).toContain('Chủ trì: Trần Quốc Chủ.');
    expect(paragraphs).toContain('Thư ký: Phạm Thu Kỳ, Lương Thị Ghi.');
    expect(paragraphs).toContain('Buổi tiếp kết thúc vào 09 giờ 50, ngày 05/01/2026.');
    expect(paragraphs).not.toContain('DỰ THẢO');
  });

  it('records each turn in order: citizen, classification, times, statement line by line, answers and conclusion', async () => {
    const paragraphs = await docxParagraphs(await exported(minutesFixture(), { doc: 'minutes', format: 'docx', copy: 'full' }));
    const turn = (n: number) => paragraphs.findIndex((p) => p.startsWith(`Lượt ${n}:`));
    expect(paragraphs[turn(1)]).toBe('Lượt 1: Công dân Nguyễn Thị Hường (Điểm cầu phường Ba Đình)');
    expect(paragraphs[turn(2)]).toBe(`Lượt 2: Công dân ${CONFIDENTIAL_NAME} (Điểm cầu phường Hà Đông)`);
    expect(paragraphs[turn(3)]).toBe('Lượt 3: Công dân Hoàng Văn Thắng (Điểm cầu phường Long Biên) – đoàn 6 người, đại diện Vũ Thị Ánh Tuyết');
    expect(turn(1)).toBeLessThan(turn(2));
    expect(turn(2)).toBeLessThan(turn(3));
    expect(paragraphs).toContain('Loại đơn: Khiếu nại; Lĩnh vực: Đất đai; Bắt đầu 08:45, kết thúc 08:57 (11 phút 40 giây).');
    // The secretary's two lines stay two paragraphs.
    const statement = paragraphs.findIndex((p) => p.startsWith('Nội dung trình bày: Bà Hường trình bày'));
    expect(paragraphs[statement + 1]).toBe('Bà đề nghị xem xét lại nguồn gốc đất và áp giá bồi thường theo bảng giá năm 2025.');
    expect(paragraphs).toContain('(Trả lời: Đỗ Minh Xây – Sở Xây dựng; Ngô Thị Hoàn)');
    expect(paragraphs).toContain(
      'Kết luận (Giao cơ quan chuyên môn giải quyết): giao Sở Nông nghiệp và Môi trường giải quyết, thời hạn trước ngày 20/01/2026. Kiểm tra, xác minh nguồn gốc đất, trả lời bằng văn bản cho bà Hường.',
    );
    expect(paragraphs).toContain('Kết luận (Đã trả lời trực tiếp tại buổi tiếp): Ghi nhận ý kiến trả lời của Sở Xây dựng; công dân đồng ý.');
  });

  it('ends with the secretary signing on the left and the chair on the right', async () => {
    const paragraphs = await docxParagraphs(await exported(minutesFixture(), { doc: 'minutes', format: 'docx', copy: 'full' }));
    const tail = paragraphs.slice(-6).filter((p) => p !== '');
    expect(tail).toEqual(['THƯ KÝ', 'Phạm Thu Kỳ', 'CHỦ TỌA', 'Trần Quốc Chủ']);
  });

  it('the public copy has no trace of the confidential citizen anywhere in the file; the full copy names them', async () => {
    const content = minutesFixture();
    const full = await everythingIn(await exported(content, { doc: 'minutes', format: 'docx', copy: 'full' }));
    const pub = await everythingIn(await exported(content, { doc: 'minutes', format: 'docx', copy: 'public' }));
    expect(full).toContain(CONFIDENTIAL_NAME);
    expect(full).toContain(CONFIDENTIAL_SUBJECT);
    expect(pub).not.toContain(CONFIDENTIAL_NAME);
    expect(pub).not.toContain('Ông Lực');
    expect(pub).not.toContain(CONFIDENTIAL_SUBJECT);
    expect(pub).toContain(`Lượt 2: ${WITHHELD} (Điểm cầu phường Hà Đông)`);
    expect(pub).toContain('[Nội dung đã được lược bỏ để bảo vệ người tố cáo]');
    // Citizens who did not ask for protection are still named.
    expect(pub).toContain('Nguyễn Thị Hường');
  });

  it('prints a name the server withheld from this viewer as withheld, even in the full copy', async () => {
    const content = minutesFixture();
    content.entries[1]!.facts.citizenName = null;
    const paragraphs = await docxParagraphs(await exported(content, { doc: 'minutes', format: 'docx', copy: 'full' }));
    expect(paragraphs).toContain(`Lượt 2: ${WITHHELD} (Điểm cầu phường Hà Đông)`);
  });

  it('marks a draft "DỰ THẢO" above the title and leaves the number blank', async () => {
    const paragraphs = await docxParagraphs(await exported(minutesFixture(3, { approved: false }), { doc: 'minutes', format: 'docx', copy: 'full' }));
    expect(paragraphs.indexOf('DỰ THẢO')).toBeGreaterThan(-1);
    expect(paragraphs.indexOf('DỰ THẢO')).toBeLessThan(paragraphs.indexOf('BIÊN BẢN'));
    expect(paragraphs).toContain('Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BB-BTCD');
    // Without an approval the document is dated by the session's close, in Vietnam time.
    expect(paragraphs).toContain('Hà Nội, ngày 05 tháng 01 năm 2026');
  });

  it('gives the same bytes for the same content, with the document date in its metadata', async () => {
    const content = minutesFixture();
    const first = await exported(content, { doc: 'minutes', format: 'docx', copy: 'full' });
    await new Promise((r) => setTimeout(r, 2100)); // past the zip format's two-second clock
    const second = await exported(content, { doc: 'minutes', format: 'docx', copy: 'full' });
    expect(second.equals(first)).toBe(true);
    const core = await (await JSZip.loadAsync(first)).file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:creator>Tiếp Dân Hub</dc:creator>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-05T09:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-05T09:00:00Z</dcterms:modified>');
  });
});

describe('the minutes as a PDF', () => {
  it('reads back with every Vietnamese letter: header, title, turns, agencies, deadline and signers', async () => {
    const text = await pdfText(await exported(minutesFixture(), { doc: 'minutes', format: 'pdf', copy: 'full' }));
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 05/BB-BTCD',
      'Hà Nội, ngày 05 tháng 01 năm 2026',
      'BIÊN BẢN',
      'Lượt 1: Công dân Nguyễn Thị Hường',
      `Lượt 2: Công dân ${CONFIDENTIAL_NAME}`,
      'Lượt 3: Công dân Hoàng Văn Thắng',
      'Sở Nông nghiệp và Môi trường',
      'Thanh tra thành phố',
      '20/01/2026',
      '04/02/2026',
      'THƯ KÝ',
      'CHỦ TỌA',
      'Phạm Thu Kỳ',
      'Trần Quốc Chủ',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('the public copy withholds the confidential citizen', async () => {
    const text = await pdfText(await exported(minutesFixture(), { doc: 'minutes', format: 'pdf', copy: 'public' }));
    expect(text).not.toContain(CONFIDENTIAL_NAME);
    expect(text).not.toContain('Ông Lực');
    expect(text).toContain(`Lượt 2: ${WITHHELD}`);
    expect(text).toContain('Hường');
  });

  it('numbers pages from the second one on', async () => {
    const bytes = await exported(minutesFixture(), { doc: 'minutes', format: 'pdf', copy: 'full' });
    expect(await pdfText(bytes, 1)).not.toMatch(/^1(\s|$)/);
    expect(await pdfText(bytes, 2)).toMatch(/^2(\s|$)/);
  });

  it('draws a first page that is not blank', async () => {
    const png = await pdfFirstPagePng(await exported(minutesFixture(), { doc: 'minutes', format: 'pdf', copy: 'full' }));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // A blank A4 page at 50 dpi compresses to about 1.5 KB; this page of text to about 90 KB.
    expect(png.length).toBeGreaterThan(8_000);
  });

  it('marks a draft', async () => {
    const text = await pdfText(await exported(minutesFixture(3, { approved: false }), { doc: 'minutes', format: 'pdf', copy: 'full' }));
    expect(text).toContain('DỰ THẢO');
  });

  it('gives the same bytes for the same content', async () => {
    const content = minutesFixture();
    const first = await exported(content, { doc: 'minutes', format: 'pdf', copy: 'full' });
    await new Promise((r) => setTimeout(r, 1100));
    const second = await exported(content, { doc: 'minutes', format: 'pdf', copy: 'full' });
    expect(second.equals(first)).toBe(true);
  });
});

describe('the conclusion notice (thông báo kết luận)', () => {
  it('is numbered TB, titled, and states the chair’s conclusion on the session', async () => {
    const paragraphs = await docxParagraphs(await exported(minutesFixture(), { doc: 'notice', format: 'docx', copy: 'full' }));
    expect(paragraphs).toContain('Số: 05/TB-BTCD');
    expect(paragraphs).toContain('THÔNG BÁO');
    expect(paragraphs).toContain('Kết luận của đồng chí Trần Quốc Chủ tại buổi tiếp công dân định kỳ ngày 05/01/2026');
    expect(paragraphs.some((p) => p.startsWith('1. Công dân Nguyễn Thị Hường (Điểm cầu phường Ba Đình) – Khiếu nại, lĩnh vực Đất đai'))).toBe(true);
  });

  it('lists each assigned matter with its agency and deadline, and sends the notice to those agencies', async () => {
    const bytes = await exported(minutesFixture(), { doc: 'notice', format: 'docx', copy: 'full' });
    expect(await docxTableRows(bytes)).toEqual([
      ['STT', 'Công dân', 'Nội dung', 'Cơ quan được giao', 'Thời hạn'],
      ['1', 'Nguyễn Thị Hường', 'Khiếu nại quyết định thu hồi 120 m² đất ở tại tổ dân phố số 7', AGENCIES.environment.name, '20/01/2026'],
      ['2', WITHHELD, 'Tố cáo – Xây dựng, trật tự đô thị', AGENCIES.inspectorate.name, '04/02/2026'],
    ]);
    const paragraphs = await docxParagraphs(bytes);
    expect(paragraphs).toContain('Nơi nhận:');
    expect(paragraphs).toContain(`- ${AGENCIES.environment.name};`);
    expect(paragraphs).toContain(`- ${AGENCIES.inspectorate.name};`);
    expect(paragraphs).not.toContain(`- ${AGENCIES.finance.name};`);
    expect(paragraphs).toContain('- Lưu: VT, BTCD.');
    expect(paragraphs).toContain('CHỦ TRÌ BUỔI TIẾP');
  });

  it('never names the denouncer or the subject of the denunciation, even in the full copy the chair downloads', async () => {
    for (const format of ['docx', 'pdf'] as const) {
      const bytes = await exported(minutesFixture(), { doc: 'notice', format, copy: 'full' });
      const everything = format === 'docx' ? await everythingIn(bytes) : await pdfText(bytes);
      expect(everything, format).not.toContain(CONFIDENTIAL_NAME);
      expect(everything, format).not.toContain(CONFIDENTIAL_SUBJECT);
      expect(everything, format).toContain('Nguyễn Thị Hường');
    }
    // The minutes, which stay in the chair's circle, still name them in the full copy.
    expect(await everythingIn(await exported(minutesFixture(), { doc: 'minutes', format: 'docx', copy: 'full' }))).toContain(CONFIDENTIAL_NAME);
  });

  it('the public copy lists the denunciation without the denouncer or the subject', async () => {
    const bytes = await exported(minutesFixture(), { doc: 'notice', format: 'docx', copy: 'public' });
    const rows = await docxTableRows(bytes);
    expect(rows[2]).toEqual(['2', WITHHELD, 'Tố cáo – Xây dựng, trật tự đô thị', AGENCIES.inspectorate.name, '04/02/2026']);
    const everything = await everythingIn(bytes);
    expect(everything).not.toContain(CONFIDENTIAL_NAME);
    expect(everything).not.toContain(CONFIDENTIAL_SUBJECT);
  });

  it('as a PDF reads back with the matters, agencies and deadlines', async () => {
    const text = await pdfText(await exported(minutesFixture(), { doc: 'notice', format: 'pdf', copy: 'public' }));
    for (const expected of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 05/TB-BTCD', 'THÔNG BÁO', 'Danh sách vụ việc giao giải quyết', '20/01/2026', '04/02/2026', 'Hường', 'CHỦ TRÌ BUỔI TIẾP']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(CONFIDENTIAL_NAME);
  });

  it('gives the same bytes for the same content, in both formats', async () => {
    const content = minutesFixture();
    for (const format of ['docx', 'pdf'] as const) {
      const first = await exported(content, { doc: 'notice', format, copy: 'public' });
      const second = await exported(structuredClone(content), { doc: 'notice', format, copy: 'public' });
      expect(second.equals(first)).toBe(true);
    }
  });
});

describe('a session with little in it', () => {
  it('still exports both documents in both formats, with blanks to fill in by hand', async () => {
    const content = minutesFixture(0, { approved: false });
    content.header = { ...content.header, startedAt: null, closedAt: null, secretaries: [], agencies: [], sites: [] };
    content.text = { opening: '', closing: '' };
    for (const doc of ['minutes', 'notice'] as const) {
      for (const format of ['docx', 'pdf'] as const) {
        const file = await exportMinutes(content, { doc, format, copy: 'public' });
        expect(file.bytes.length).toBeGreaterThan(1000);
      }
    }
    const paragraphs = await docxParagraphs(await exported(content, { doc: 'minutes', format: 'docx', copy: 'full' }));
    expect(paragraphs).toContain('Địa điểm: Trụ sở Tiếp công dân thành phố.');
    expect(paragraphs).toContain('Buổi tiếp kết thúc vào ..... giờ ....., ngày ...../...../........');
  });
});

describe('the public copy', () => {
  it('empties the confidential entries’ identity and statement and leaves the rest untouched', () => {
    const content = minutesFixture();
    const before = structuredClone(content);
    const copy = publicCopy(content);
    expect(content).toEqual(before);
    const hidden = copy.entries[1]!;
    expect(hidden.facts).toMatchObject({ citizenName: null, representative: null, subject: null });
    expect(hidden.text.statement).toBe('[Nội dung đã được lược bỏ để bảo vệ người tố cáo]');
    expect(hidden.text.conclusion).toBe(content.entries[1]!.text.conclusion);
    expect(copy.entries[0]).toEqual(content.entries[0]);
    expect(copy.entries[2]).toEqual(content.entries[2]);
  });
});

describe('file names', () => {
  it.each([
    [{ doc: 'minutes', format: 'docx', copy: 'full' }, true, 'bien-ban-2026-01-05.docx'],
    [{ doc: 'notice', format: 'pdf', copy: 'full' }, true, 'thong-bao-ket-luan-2026-01-05.pdf'],
    [{ doc: 'minutes', format: 'pdf', copy: 'public' }, true, 'bien-ban-2026-01-05-ban-cong-khai.pdf'],
    [{ doc: 'notice', format: 'docx', copy: 'public' }, false, 'thong-bao-ket-luan-2026-01-05-du-thao-ban-cong-khai.docx'],
  ] as [ExportOptions, boolean, string][])('%o (approved: %s) is %s', async (opts, approved, name) => {
    const file = await exportMinutes(minutesFixture(1, { approved }), opts);
    expect(file.fileName).toBe(name);
    expect(file.mimeType).toBe(opts.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});

describe('the date line', () => {
  it('pads the day below 10 and only the months January and February, as Decree 30 asks', () => {
    expect(placeAndDate('Hà Nội', '2026-01-05T09:00:00Z')).toBe('Hà Nội, ngày 05 tháng 01 năm 2026');
    expect(placeAndDate('Hà Nội', '2026-02-14T09:00:00Z')).toBe('Hà Nội, ngày 14 tháng 02 năm 2026');
    expect(placeAndDate('Hà Nội', '2026-03-09T09:00:00Z')).toBe('Hà Nội, ngày 09 tháng 3 năm 2026');
    expect(placeAndDate('Hà Nội', '2026-11-20T09:00:00Z')).toBe('Hà Nội, ngày 20 tháng 11 năm 2026');
  });

  it('is the day in Vietnam, not on the server’s clock or in UTC', async () => {
    const content = minutesFixture();
    // 23:30 UTC on 31 March is 06:30 on 1 April in Hà Nội.
    content.approved = { version: 1, at: '2026-03-31T23:30:00.000Z', by: 'Trần Quốc Chủ', reason: null };
    const paragraphs = await docxParagraphs(await exported(content, { doc: 'notice', format: 'docx', copy: 'full' }));
    expect(paragraphs).toContain('Hà Nội, ngày 01 tháng 4 năm 2026');
  });
});
