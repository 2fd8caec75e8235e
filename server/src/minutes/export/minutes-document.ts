// The minutes of a reception session (biên bản), laid out after form 1.9 of Decree 30/2020/NĐ-CP.
import type { MinutesContent, MinutesHeader } from '../../../../protocol/index.ts';
import {
  citizenLabel,
  conclusionBlocks,
  delegationLabel,
  documentDate,
  documentHeader,
  documentTitle,
  fieldLabel,
  labelledText,
  petitionTypeLabel,
  sentence,
  sessionDate,
  signature,
  type ContentEntry,
} from './document-parts.ts';
import { bodyParagraph, onOnePage, sideBySide, writtenLines, type Block, type ExportDocument } from '../../documents/document-model.ts';
import { hourMinute, hourMinuteOfDay, speakingTime } from '../../documents/vietnam-time.ts';

const SIGNATURE_COLUMNS_MM: [number, number] = [82, 83];
/** Form 1.9 leaves what is not known to be filled in by hand: the end of a session not yet closed, a missing name. */
const UNKNOWN_END = '..... giờ ....., ngày ...../...../.......';
const UNKNOWN_NAME = '....................';

export function minutesDocument(content: MinutesContent): ExportDocument {
  const { header } = content;
  const blocks: Block[] = [
    documentHeader(content, 'BB'),
    ...documentTitle(content, 'BIÊN BẢN', header.title),
    ...sessionFacts(header),
    bodyParagraph([{ text: 'Nội dung buổi tiếp:', bold: true }], { keepWithNext: true }),
    ...writtenLines(content.text.opening).map((line) => bodyParagraph(line)),
    ...content.entries.flatMap((entry) => turnBlocks(entry, header)),
    ...writtenLines(content.text.closing).map((line) => bodyParagraph(line)),
    onOnePage(
      bodyParagraph(`Buổi tiếp kết thúc vào ${header.closedAt ? hourMinuteOfDay(header.closedAt) : UNKNOWN_END}.`),
      sideBySide(SIGNATURE_COLUMNS_MM, [[signature('THƯ KÝ', header.secretaries[0]?.name ?? ''), signature('CHỦ TỌA', header.chair.name)]]),
    ),
  ];
  return { title: `Biên bản - ${header.title}`, subject: header.title, date: new Date(documentDate(content)), blocks };
}

function sessionFacts(header: MinutesHeader): Block[] {
  const bridges = header.sites.filter((s) => s.tookPart).map((s) => s.name);
  const place = bridges.length > 0 ? `${header.hostSite.name} và các điểm cầu: ${bridges.join(', ')}` : header.hostSite.name;
  const attendees = [
    `Đồng chí ${header.chair.name}, chủ trì buổi tiếp`,
    ...header.agencies.map((a) => `Đại diện ${a.name}`),
    ...(bridges.length > 0 ? [`Cán bộ tiếp công dân tại các điểm cầu: ${bridges.join(', ')}`] : []),
  ];
  return [
    bodyParagraph([{ text: 'Thời gian bắt đầu:', bold: true }, { text: ` ${hourMinuteOfDay(sessionDate(header))}.` }]),
    bodyParagraph([{ text: 'Địa điểm:', bold: true }, { text: ` ${place}.` }]),
    bodyParagraph([{ text: 'Thành phần tham dự:', bold: true }], { keepWithNext: true }),
    // A list in a Vietnamese document: "- " before each item, ";" after all but the last, which ends ".".
    ...attendees.map((line, i) => bodyParagraph(`- ${line}${i === attendees.length - 1 ? '.' : ';'}`)),
    bodyParagraph([{ text: 'Chủ trì:', bold: true }, { text: ` ${header.chair.name}.` }]),
    bodyParagraph([{ text: 'Thư ký:', bold: true }, { text: ` ${sentence(header.secretaries.map((s) => s.name).join(', ') || UNKNOWN_NAME)}` }]),
  ];
}

function turnBlocks(entry: ContentEntry, header: MinutesHeader): Block[] {
  const { facts } = entry;
  const delegation = delegationLabel(entry);
  const heading = `Lượt ${facts.number}: ${citizenLabel(entry)} (${facts.siteName})${delegation ? ` – ${delegation}` : ''}`;
  const answeredBy = facts.answeredBy.map((a) => (a.agencyName ? `${a.accountName} – ${a.agencyName}` : a.accountName));
  return [
    bodyParagraph([{ text: heading, bold: true }], { keepWithNext: true, spaceBefore: 6 }),
    bodyParagraph(classification(entry, header)),
    ...(facts.subject ? [bodyParagraph([{ text: 'Vụ việc:', bold: true }, { text: ` ${sentence(facts.subject)}` }])] : []),
    ...labelledText('Nội dung trình bày:', entry.text.statement),
    ...labelledText('Ý kiến trả lời:', entry.text.answers),
    ...(answeredBy.length > 0 ? [bodyParagraph(`(Trả lời: ${answeredBy.join('; ')})`)] : []),
    ...conclusionBlocks(entry, header),
  ];
}

/** "Loại đơn: Khiếu nại; Lĩnh vực: Đất đai; Bắt đầu 09:05, kết thúc 09:17 (11 phút 40 giây)". */
function classification(entry: ContentEntry, header: MinutesHeader): string {
  const { facts } = entry;
  const kind = `Loại đơn: ${petitionTypeLabel(entry)}; Lĩnh vực: ${fieldLabel(entry, header)}`;
  if (facts.startedAt === null) return `${kind}.`;
  const end = facts.endedAt === null ? 'chưa kết thúc' : `kết thúc ${hourMinute(facts.endedAt)}`;
  const duration = facts.durationSeconds === null ? '' : ` (${speakingTime(facts.durationSeconds)})`;
  return `${kind}; Bắt đầu ${hourMinute(facts.startedAt)}, ${end}${duration}.`;
}
