// The twelve columns of form 03 (Sổ tiếp công dân, Circular 04/2021/TT-TTCP) and what each row prints in
// them: the one place the XLSX and the PDF take their headings and cells from, so the two cannot differ.
import { PETITION_TYPE_LABELS_VI, type BookRow, type IntakeType } from '../../../../protocol/index.ts';
import { dayMonthYear } from '../../documents/vietnam-time.ts';

/** What the book covers and for whom, printed above its table. */
export interface BookScope {
  from: string;
  to: string;
  /** The one site the book covers, or null for the whole city. */
  siteName: string | null;
  /** Whether any citizen in it is masked or withheld for this reader (said on the page). */
  masked: boolean;
}

export const BOOK_TITLE = 'SỔ TIẾP CÔNG DÂN';

/** Headings: the first seven and the last two span both heading rows; "Hướng xử lý" groups three. */
export const HANDLING_GROUP = 'Hướng xử lý';
export const BOOK_COLUMNS = [
  'STT',
  'Ngày tiếp',
  'Họ tên, địa chỉ',
  'Số CCCD/ giấy tờ tùy thân',
  'Nội dung vụ việc',
  'Phân loại đơn/ Số người',
  'Cơ quan, tổ chức đã giải quyết',
  'Thụ lý giải quyết',
  'Trả lại đơn và hướng dẫn',
  'Chuyển đơn đến cơ quan có thẩm quyền',
  'Theo dõi kết quả giải quyết',
  'Ghi chú',
] as const;
/** Columns 8–10 (0-based 7–9) sit under the handling group. */
export const HANDLING_COLUMNS = [7, 8, 9] as const;

const WITHHELD_CONTENT = '[Nội dung được giữ bí mật để bảo vệ người tố cáo]';
const typeLabel = (t: IntakeType) => (t === 'MIXED' ? 'Nhiều nội dung' : PETITION_TYPE_LABELS_VI[t]);

/** A row's twelve cells as text; lines inside a cell are separated by "\n". */
export function bookCells(row: BookRow, fieldName: (code: string) => string): string[] {
  const { citizen } = row;
  const people = row.delegationSize > 1 ? `Đoàn ${row.delegationSize} người` : '1 người';
  const notes = [
    `Tiếp tại ${row.siteName}`,
    ...(row.returningSince ? [`Tái diễn, đã tiếp ngày ${dayMonthYear(row.returningSince)}`] : []),
    ...(row.representatives.length > 0 ? [`Đại diện: ${row.representatives.join(', ')}`] : []),
  ];
  return [
    String(row.number),
    dayMonthYear(row.receivedAt),
    [citizen.fullName, ...(citizen.address ? [citizen.address] : [])].join('\n'),
    citizen.idNumber ?? '',
    row.content === null ? WITHHELD_CONTENT : `${row.content}\n(Lĩnh vực: ${fieldName(row.field)})`,
    `${typeLabel(row.petitionType)}\n${people}`,
    row.handledBefore ?? '',
    row.handling === 'ACCEPTED' ? 'x' : '',
    row.handling === 'GUIDED' ? `x\n${row.handledBy ?? ''}`.trim() : '',
    row.handling === 'FORWARDED' ? `x\n${row.handledBy ?? ''}`.trim() : '',
    // Filled by the follow-up of each case once it exists; the handling's date until then.
    row.handledAt ? `Quyết định ngày\n${dayMonthYear(row.handledAt)}` : '',
    notes.join('\n'),
  ];
}

/** "Từ ngày 01/12/2026 đến ngày 31/12/2026", and where. */
export function periodLine(from: string, to: string, siteName: string | null): string {
  const day = (d: string) => d.split('-').reverse().join('/');
  return `Từ ngày ${day(from)} đến ngày ${day(to)}${siteName ? ` – ${siteName}` : ' – Toàn thành phố'}`;
}
