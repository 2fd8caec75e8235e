// The conclusion notice (thông báo kết luận): the chair's instructions after the session, sent to the
// agencies that must act and to the citizens concerned. It leaves the chair's circle by its nature, so it
// never names a denouncer who asked for protection, in any copy (Law on Denunciation 2018, art. 47): the
// identity stays in the minutes, which stay with the chair's circle.
import type { MinutesContent, MinutesHeader } from '../../../../protocol/index.ts';
import {
  agencyName,
  citizenLabel,
  conclusionBlocks,
  documentDate,
  documentHeader,
  documentTitle,
  fieldLabel,
  petitionTypeLabel,
  sentence,
  sessionDate,
  signature,
  type ContentEntry,
} from './document-parts.ts';
import { bodyParagraph, centred, onOnePage, paragraph, sideBySide, type Block, type ExportDocument, type TableBlock } from '../../documents/document-model.ts';
import { SESSION_KIND_LABELS, WITHHELD_NAME } from './labels.ts';
import { publicCopy } from '../../access/redaction.ts';
import { dayMonthYear, deadlineDay } from '../../documents/vietnam-time.ts';

const CLOSING_COLUMNS_MM: [number, number] = [80, 85];
/** STT, Công dân, Nội dung, Cơ quan được giao, Thời hạn: 165 mm in all. */
const ASSIGNED_TABLE_COLUMNS_MM = [12, 36, 52, 38, 27];
const TABLE_TEXT_SIZE = 12;

export function noticeDocument(minutes: MinutesContent): ExportDocument {
  const content = publicCopy(minutes);
  const { header } = content;
  const subject = `Kết luận của đồng chí ${header.chair.name} tại buổi tiếp công dân ${kindInSentence(header)} ngày ${dayMonthYear(sessionDate(header))}`;
  const assigned = content.entries.filter((e) => e.fields.conclusionType === 'ASSIGNED');
  const blocks: Block[] = [
    documentHeader(content, 'TB'),
    ...documentTitle(content, 'THÔNG BÁO', subject),
    bodyParagraph(introduction(header)),
    ...content.entries.flatMap((entry, i) => matterBlocks(entry, i + 1, header)),
    ...(assigned.length > 0 ? assignedMatters(assigned, header) : []),
    onOnePage(
      bodyParagraph(
        `Trên đây là kết luận của đồng chí ${header.chair.name} tại buổi tiếp công dân, ` +
          'thông báo để các cơ quan, đơn vị và công dân có liên quan biết, thực hiện./.',
      ),
      sideBySide(CLOSING_COLUMNS_MM, [[recipients(assigned, header), signature('CHỦ TRÌ BUỔI TIẾP', header.chair.name)]]),
    ),
  ];
  return { title: `Thông báo kết luận - ${header.title}`, subject, date: new Date(documentDate(content)), blocks };
}

/** "định kỳ", as the kind reads inside a sentence. */
function kindInSentence(header: MinutesHeader): string {
  return SESSION_KIND_LABELS[header.kind].toLocaleLowerCase('vi');
}

function introduction(header: MinutesHeader): string {
  const bridges = header.sites.filter((s) => s.tookPart).length;
  const online = bridges > 0 ? `, kết nối trực tuyến với ${bridges} điểm cầu` : '';
  const agencies = header.agencies.length > 0 ? `; tham dự có đại diện ${header.agencies.map((a) => a.name).join(', ')}` : '';
  return (
    `Ngày ${dayMonthYear(sessionDate(header))}, tại ${header.hostSite.name}, đồng chí ${header.chair.name} đã chủ trì buổi tiếp công dân ` +
    `${kindInSentence(header)}${online}${agencies}. Sau khi nghe công dân trình bày và ý kiến của các cơ quan ` +
    `có liên quan, đồng chí ${header.chair.name} kết luận như sau:`
  );
}

function matterBlocks(entry: ContentEntry, ordinal: number, header: MinutesHeader): Block[] {
  const { facts } = entry;
  const subject = facts.subject ? `: ${facts.subject}` : '';
  return [
    bodyParagraph(
      [
        { text: `${ordinal}. ${citizenLabel(entry)}`, bold: true },
        { text: ` (${facts.siteName}) – ${sentence(`${petitionTypeLabel(entry)}, lĩnh vực ${fieldLabel(entry, header)}${subject}`)}` },
      ],
      { keepWithNext: true },
    ),
    ...conclusionBlocks(entry, header),
  ];
}

function assignedMatters(assigned: ContentEntry[], header: MinutesHeader): Block[] {
  const cell = (text: string, align: 'left' | 'center' = 'left', bold = false): Block[] => [
    paragraph([{ text, bold }], { size: TABLE_TEXT_SIZE, align }),
  ];
  const headings = ['STT', 'Công dân', 'Nội dung', 'Cơ quan được giao', 'Thời hạn'].map((h) => cell(h, 'center', true));
  const rows = assigned.map((entry, i) => {
    const { facts, fields } = entry;
    const matter = facts.subject ?? `${petitionTypeLabel(entry)} – ${fieldLabel(entry, header)}`;
    return [
      cell(String(i + 1), 'center'),
      cell(facts.citizenName ?? WITHHELD_NAME),
      cell(matter),
      cell(agencyName(header, fields.agencyId) ?? '–'),
      cell(fields.deadline ? deadlineDay(fields.deadline) : '–', 'center'),
    ];
  });
  const table: TableBlock = { type: 'table', columnWidthsMm: ASSIGNED_TABLE_COLUMNS_MM, rows: [headings, ...rows], borders: true, headerRows: 1 };
  return [
    centred('Danh sách vụ việc giao giải quyết', { bold: true, spaceBefore: 6, spaceAfter: 6, keepWithNext: true }),
    table,
    bodyParagraph(
      'Đề nghị các cơ quan được giao khẩn trương xem xét, giải quyết các vụ việc nêu trên theo quy định của pháp luật, ' +
        'thông báo kết quả cho công dân và báo cáo kết quả về cơ quan tiếp công dân trước thời hạn ghi trong danh sách.',
      { spaceBefore: 6 },
    ),
  ];
}

/** "Nơi nhận:" (12 pt bold italic) and its list (11 pt): the assigned agencies, the citizens, the archive. */
function recipients(assigned: ContentEntry[], header: MinutesHeader): Block[] {
  const assignedIds = new Set(assigned.map((e) => e.fields.agencyId));
  const lines = [
    ...header.agencies.filter((a) => assignedIds.has(a.id)).map((a) => `- ${a.name};`),
    '- Các công dân có liên quan;',
    `- Lưu: VT, ${header.issuer.symbol}.`,
  ];
  return [paragraph([{ text: 'Nơi nhận:', bold: true, italic: true }], { size: 12 }), ...lines.map((line) => paragraph(line, { size: 11 }))];
}
