// The report as a paper an office files (Báo cáo, type code BC): the Decree 30 header, the title and what it
// covers, then a section per table with a sentence that states its main figures, the recipients and the
// signer's column. Built as blocks of the same document model as the minutes and drawn by the same PDF
// renderer, from the same summary the page and the spreadsheet show.
import type { ReportSummary } from '../../../protocol/index.ts';
import { decreeHeader, signature, type Issuer } from '../documents/decree-parts.ts';
import { bodyParagraph, centred, onOnePage, paragraph, sideBySide, space, type Block, type ExportDocument, type TableBlock } from '../documents/document-model.ts';
import { DIALOGUE_HEADINGS, FOLLOW_UP_HEADINGS, RECEPTION_HEADINGS, RECEPTION_ROWS, rateText, scopeLine } from './report-tables.ts';

const CELL_SIZE = 10;
const CLOSING_COLUMNS_MM: [number, number] = [85, 80];

const cell = (text: string | number, bold = false, align: 'left' | 'center' = 'center'): Block[] => [paragraph([{ text: String(text), bold }], { size: CELL_SIZE, align })];

/** A ruled table: a heading row, then rows whose first cell is a label. */
function grid(widthsMm: number[], headings: string[], rows: (string | number)[][], totalLast = false): TableBlock {
  return {
    type: 'table',
    columnWidthsMm: widthsMm,
    rows: [headings.map((h) => cell(h, true)), ...rows.map((r, i) => r.map((v, c) => cell(v, totalLast && i === rows.length - 1, c === 0 && typeof v === 'string' ? 'left' : 'center')))],
    borders: true,
    headerRows: 1,
  };
}

const heading = (text: string): Block => paragraph([{ text, bold: true }], { spaceBefore: 10, spaceAfter: 4, keepWithNext: true });

export function reportDocument(s: ReportSummary, issuer: Issuer, createdAt: Date): ExportDocument {
  const date = createdAt.toISOString();
  const r = s.reception.total;
  const h = s.handling;
  const f = s.followUp;
  const byReception = RECEPTION_ROWS.map(([key, label]) => [label, ...[s.reception[key]].flatMap((x) => [x.visits, x.people, x.firstTime, x.repeated, x.delegations.count, x.delegations.people])]);
  const blocks: Block[] = [
    decreeHeader(issuer, 'BC', null, date),
    centred('BÁO CÁO', { bold: true, spaceBefore: 14 }),
    centred('Kết quả công tác tiếp công dân, xử lý đơn và theo dõi giải quyết vụ việc', { bold: true }),
    centred(scopeLine(s), { italic: true, size: 13, spaceAfter: 8 }),
    bodyParagraph('Số liệu trong báo cáo được tính từ sổ tiếp công dân và các vụ việc theo dõi trên Tiếp Dân Hub; kỳ báo cáo tính từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ (Thông tư 02/2021/TT-TTCP).'),

    heading('I. KẾT QUẢ TIẾP CÔNG DÂN (Mẫu 01/TCD)'),
    bodyParagraph(
      `Trong kỳ đã tiếp ${r.visits} lượt với ${r.people} người, về ${r.firstTime} vụ việc lần đầu và ${r.repeated} vụ việc tái diễn; ` +
        `có ${r.delegations.count} đoàn đông người với ${r.delegations.people} người.`,
    ),
    grid([45, 20, 20, 20, 20, 20, 20], ['Hình thức tiếp', ...RECEPTION_HEADINGS.slice(0, 6)], [...byReception, ['Tổng cộng', r.visits, r.people, r.firstTime, r.repeated, r.delegations.count, r.delegations.people]], true),

    heading('II. KẾT QUẢ XỬ LÝ ĐƠN (Mẫu 01/XLD)'),
    bodyParagraph(
      `Kỳ trước chuyển sang ${h.carriedOver} đơn; trong kỳ tiếp nhận ${h.received} đơn (${h.bySigners.one} đơn một người đứng tên, ${h.bySigners.many} đơn nhiều người), gồm ${h.byContent.complaint} khiếu nại, ` +
        `${h.byContent.denunciation} tố cáo, ${h.byContent.recommendationFeedback} kiến nghị, phản ánh và ${h.byContent.mixed} đơn nhiều nội dung. ` +
        `Đủ điều kiện xử lý ${h.admissible} đơn. Thuộc thẩm quyền ${h.withinCompetence.total} đơn (đã giải quyết ${h.resolution.firstTime} vụ việc lần đầu và ${h.resolution.repeated} vụ việc tái diễn, ` +
        `đang giải quyết ${h.resolution.inProgress}, chưa giải quyết ${h.resolution.notYet}), không thuộc thẩm quyền ${h.outsideCompetence} đơn; đã tiếp nhận giải quyết ${h.accepted}, hướng dẫn ${h.guided}, chuyển đơn ${h.forwarded} (đã nhận ${h.repliesReceived} văn bản trả lời), chưa xử lý ${h.undecided}.`,
    ),
    grid(
      [33, 33, 33, 33, 33],
      ['Nội dung', 'Khiếu nại', 'Tố cáo', 'Kiến nghị, phản ánh', 'Nhiều nội dung'],
      [
        ['Đơn tiếp nhận', h.byContent.complaint, h.byContent.denunciation, h.byContent.recommendationFeedback, h.byContent.mixed],
        ['Thuộc thẩm quyền', h.withinCompetence.complaint, h.withinCompetence.denunciation, h.withinCompetence.recommendationFeedback, h.withinCompetence.mixed],
      ],
    ),
    space(4),
    grid([33, 33, 33, 33, 33], ['Tiếp nhận giải quyết', 'Hướng dẫn', 'Chuyển đơn', 'Chưa xử lý', 'Không thuộc thẩm quyền'], [[h.accepted, h.guided, h.forwarded, h.undecided, h.outsideCompetence]]),

    heading('III. THEO DÕI KẾT QUẢ GIẢI QUYẾT VỤ VIỆC'),
    bodyParagraph(
      `Trong kỳ giao giải quyết ${f.assigned} vụ việc; đã giải quyết ${f.resolved} (đúng hạn ${f.resolvedOnTime}), quá hạn ${f.overdue}, đang giải quyết trong hạn ${f.inProgress}. ` +
        `Tỷ lệ giải quyết: ${rateText(f.resolutionRate)}. Mức độ hài lòng của công dân với kết quả: hài lòng ${s.satisfaction.satisfied}, hài lòng một phần ${s.satisfaction.partly}, ` +
        `không hài lòng ${s.satisfaction.notSatisfied}, chưa đánh giá ${s.satisfaction.notAnswered}.`,
    ),
    ...(f.byAgency.length > 0
      ? [
          grid(
            [50, 20, 20, 20, 20, 35],
            ['Cơ quan giải quyết', ...FOLLOW_UP_HEADINGS.slice(0, 4), 'Tỷ lệ giải quyết'],
            [...f.byAgency.map((a) => [a.agency.name, a.assigned, a.resolved, a.resolvedOnTime, a.overdue, rateText(a.resolutionRate)]), ['Tổng cộng', f.assigned, f.resolved, f.resolvedOnTime, f.overdue, rateText(f.resolutionRate)]],
            true,
          ),
        ]
      : []),

    heading('IV. LÃNH ĐẠO TIẾP CÔNG DÂN ĐỊNH KỲ'),
    bodyParagraph('Luật Tiếp công dân năm 2013: Chủ tịch Ủy ban nhân dân cấp tỉnh tiếp công dân ít nhất 01 ngày trong 01 tháng; cấp huyện ít nhất 02 ngày; cấp xã ít nhất 01 ngày trong 01 tuần.'),
    ...(s.leaders.length > 0
      ? [
          grid(
            [50, 22, 22, 27, 22, 22],
            ['Lãnh đạo', 'Trực tiếp chủ trì (buổi)', 'Ủy quyền (buổi)', 'Số ngày tiếp / tối thiểu', 'Vụ việc', 'Lượt công dân'],
            s.leaders.map((l) => [l.leader.fullName, l.inPerson, l.delegated, `${l.days}/${l.required}${l.days < l.required ? ' (chưa đủ)' : ''}`, l.matters, l.people]),
          ),
        ]
      : [bodyParagraph('Không có lãnh đạo nào chủ trì buổi tiếp trong phạm vi báo cáo.')]),

    heading('V. HỘI NGHỊ ĐỐI THOẠI'),
    ...(s.dialogues.total.conferences > 0
      ? [
          bodyParagraph(`Tổ chức ${s.dialogues.total.conferences} hội nghị đối thoại, tiếp nhận ${s.dialogues.total.opinions} ý kiến; trả lời tại hội nghị ${s.dialogues.total.answered}, giao giải quyết ${s.dialogues.total.assigned}, đã giải quyết ${s.dialogues.total.resolved}.`),
          grid(
            [35, 40, 18, 18, 18, 18, 18],
            DIALOGUE_HEADINGS,
            [
              ...s.dialogues.rows.map((d) => [d.area ?? 'Toàn thành phố', d.withGroup ?? 'Ngoài kế hoạch', d.conferences, d.opinions, d.answered, d.assigned, d.resolved]),
              ['Tổng cộng', '', s.dialogues.total.conferences, s.dialogues.total.opinions, s.dialogues.total.answered, s.dialogues.total.assigned, s.dialogues.total.resolved],
            ],
            true,
          ),
        ]
      : [bodyParagraph('Trong kỳ không tổ chức hội nghị đối thoại.')]),

    onOnePage(
      space(12),
      sideBySide(CLOSING_COLUMNS_MM, [
        [
          [paragraph([{ text: 'Nơi nhận:', bold: true, italic: true }], { size: 12 }), ...['- Thanh tra thành phố;', '- Ủy ban Mặt trận Tổ quốc thành phố;', `- Lưu: VT, ${issuer.symbol}.`].map((line) => paragraph(line, { size: 11 }))],
          signature('TRƯỞNG BAN', ''),
        ],
      ]),
    ),
  ];
  return {
    title: `Báo cáo kết quả tiếp công dân - ${scopeLine(s)}`,
    subject: 'Báo cáo công tác tiếp công dân, xử lý đơn (Thông tư 02/2021/TT-TTCP)',
    date: createdAt,
    blocks,
  };
}
