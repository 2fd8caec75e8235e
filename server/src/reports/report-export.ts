// The report as offices file it: an XLSX (exceljs, as for the reception book) with form 01/TCD on one sheet
// and the follow-up on another, merged headings, the column-number row, and total rows written as SUM
// formulas with their values, so the check "total = the rows above" holds in the file itself; or one table
// as CSV (UTF-8 with the byte-order mark Excel needs, comma-separated, every field quoted).
import ExcelJS from 'exceljs';
import type { FollowUpFigures, Rate, ReceptionFigures, ReportSummary } from '../../../protocol/index.ts';
import type { Issuer } from '../documents/decree-parts.ts';
import { putDecreeHead, SHEET_FONT as FONT } from '../documents/decree-sheet.ts';
import type { RenderedFile } from '../documents/render.ts';

const thin = { style: 'thin' } as const;
const box = { top: thin, left: thin, bottom: thin, right: thin };

export const RECEPTION_ROWS = [
  ['regular', 'Tiếp thường xuyên'],
  ['byHead', 'Tiếp định kỳ, đột xuất: thủ trưởng trực tiếp tiếp'],
  ['delegated', 'Tiếp định kỳ, đột xuất: ủy quyền tiếp'],
] as const;
export const RECEPTION_HEADINGS = ['Lượt', 'Người', 'Vụ việc lần đầu', 'Vụ việc tái diễn', 'Số đoàn', 'Người', 'Vụ việc lần đầu', 'Vụ việc tái diễn'];
export const FOLLOW_UP_HEADINGS = ['Được giao', 'Đã giải quyết', 'Đúng hạn', 'Quá hạn', 'Đang giải quyết trong hạn'];

const receptionCells = (f: ReceptionFigures): number[] => [f.visits, f.people, f.firstTime, f.repeated, f.delegations.count, f.delegations.people, f.delegations.firstTime, f.delegations.repeated];
const followUpCells = (f: FollowUpFigures): number[] => [f.assigned, f.resolved, f.resolvedOnTime, f.overdue, f.inProgress];
/** "3/5 = 60,00%": the rate with its two numbers, as the offices write it. */
export const rateText = (r: Rate): string => (r.denominator === 0 ? `${r.numerator}/0` : `${r.numerator}/${r.denominator} = ${((100 * r.numerator) / r.denominator).toFixed(2).replace('.', ',')}%`);
const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
export const scopeLine = (s: ReportSummary): string => `Kỳ báo cáo: từ ngày ${dmy(s.period.from)} đến ngày ${dmy(s.period.to)} · Phạm vi: ${s.scope.site?.name ?? s.scope.district ?? 'toàn thành phố'}`;

const letter = (i: number) => String.fromCharCode(65 + i);

function sheetFor(book: ExcelJS.Workbook, name: string, widths: number[], title: string, s: ReportSummary, issuer: Issuer): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = widths.map((width) => ({ width }));
  putDecreeHead(sheet, issuer, { issuerTo: 'C', mottoFrom: 'D', last: letter(widths.length - 1), title, subtitle: scopeLine(s) });
  return sheet;
}

function styleBody(sheet: ExcelJS.Worksheet, fromRow: number, toRow: number, columns: number): void {
  for (let r = fromRow; r <= toRow; r++) {
    for (let c = 1; c <= columns; c++) {
      const cell = sheet.getCell(r, c);
      cell.border = box;
      cell.font = { name: FONT, size: 12, ...(cell.font?.bold ? { bold: true } : {}) };
      cell.alignment = { vertical: 'middle', horizontal: c === 1 ? 'left' : 'center', wrapText: true };
    }
  }
}

/** The header rows of form 01/TCD start here; the figures two rows below the column numbers. */
export const RECEPTION_FIRST_ROW = 10;
export const FOLLOW_UP_FIRST_ROW = 9;

export async function reportWorkbook(s: ReportSummary, issuer: Issuer, createdAt: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Tiếp Dân Hub';
  book.created = createdAt;
  book.modified = createdAt;

  // Form 01/TCD: the kinds of reception down, the figures across; "Đoàn đông người" over its four columns.
  const tcd = sheetFor(book, '01-TCD', [44, 9, 9, 12, 12, 9, 9, 12, 12], 'TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN (Mẫu 01/TCD)', s, issuer);
  const head = RECEPTION_FIRST_ROW - 3;
  tcd.mergeCells(`A${head}:A${head + 1}`);
  tcd.getCell(`A${head}`).value = 'Hình thức tiếp';
  RECEPTION_HEADINGS.slice(0, 4).forEach((t, i) => {
    tcd.mergeCells(`${letter(i + 1)}${head}:${letter(i + 1)}${head + 1}`);
    tcd.getCell(`${letter(i + 1)}${head}`).value = t;
  });
  tcd.mergeCells(`F${head}:I${head}`);
  tcd.getCell(`F${head}`).value = 'Đoàn đông người';
  RECEPTION_HEADINGS.slice(4).forEach((t, i) => (tcd.getCell(`${letter(i + 5)}${head + 1}`).value = t));
  for (let c = 0; c < 9; c++) tcd.getCell(`${letter(c)}${head + 2}`).value = `(${c + 1})`;
  RECEPTION_ROWS.forEach(([key, label], r) => {
    const row = tcd.getRow(RECEPTION_FIRST_ROW + r);
    row.values = [label, ...receptionCells(s.reception[key])];
  });
  const totalRow = RECEPTION_FIRST_ROW + RECEPTION_ROWS.length;
  tcd.getCell(`A${totalRow}`).value = 'Tổng cộng';
  receptionCells(s.reception.total).forEach((value, i) => {
    const col = letter(i + 1);
    tcd.getCell(`${col}${totalRow}`).value = { formula: `SUM(${col}${RECEPTION_FIRST_ROW}:${col}${totalRow - 1})`, result: value };
  });
  styleBody(tcd, head, totalRow, 9);
  for (let c = 1; c <= 9; c++) {
    for (const r of [head, head + 1, totalRow]) tcd.getCell(r, c).font = { name: FONT, size: 12, bold: true };
    tcd.getCell(head, c).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }

  // The follow-up: one row per agency, the total as SUM formulas, the rate beside each as its two numbers.
  const fu = sheetFor(book, 'Theo-doi-giai-quyet', [40, 12, 12, 12, 12, 16, 22], 'THEO DÕI KẾT QUẢ GIẢI QUYẾT VỤ VIỆC', s, issuer);
  const fhead = FOLLOW_UP_FIRST_ROW - 2;
  fu.getRow(fhead).values = ['Cơ quan giải quyết', ...FOLLOW_UP_HEADINGS, 'Tỷ lệ giải quyết'];
  fu.getRow(fhead + 1).values = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7) = (3)/(2)'];
  s.followUp.byAgency.forEach((a, r) => (fu.getRow(FOLLOW_UP_FIRST_ROW + r).values = [a.agency.name, ...followUpCells(a), rateText(a.resolutionRate)]));
  const fTotal = FOLLOW_UP_FIRST_ROW + s.followUp.byAgency.length;
  fu.getCell(`A${fTotal}`).value = 'Tổng cộng';
  followUpCells(s.followUp).forEach((value, i) => {
    const col = letter(i + 1);
    fu.getCell(`${col}${fTotal}`).value = s.followUp.byAgency.length > 0 ? { formula: `SUM(${col}${FOLLOW_UP_FIRST_ROW}:${col}${fTotal - 1})`, result: value } : value;
  });
  fu.getCell(`G${fTotal}`).value = rateText(s.followUp.resolutionRate);
  styleBody(fu, fhead, fTotal, 7);
  for (let c = 1; c <= 7; c++) for (const r of [fhead, fTotal]) fu.getCell(r, c).font = { name: FONT, size: 12, bold: true };
  const sat = fTotal + 2;
  fu.getCell(`A${sat}`).value = 'Mức độ hài lòng của công dân (vụ việc đã giải quyết)';
  fu.getRow(sat + 1).values = ['Hài lòng', s.satisfaction.satisfied];
  fu.getRow(sat + 2).values = ['Hài lòng một phần', s.satisfaction.partly];
  fu.getRow(sat + 3).values = ['Không hài lòng', s.satisfaction.notSatisfied];
  fu.getRow(sat + 4).values = ['Chưa đánh giá', s.satisfaction.notAnswered];
  styleBody(fu, sat + 1, sat + 4, 2);

  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvField = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
const csvOf = (rows: (string | number)[][]) => Buffer.from('\ufeff' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');

export function reportCsv(s: ReportSummary, table: 'reception' | 'followUp'): Buffer {
  if (table === 'reception') {
    const names = RECEPTION_HEADINGS.map((h, i) => (i >= 4 ? `Đoàn đông người: ${h}` : h));
    return csvOf([['Hình thức tiếp', ...names], ...RECEPTION_ROWS.map(([key, label]) => [label, ...receptionCells(s.reception[key])]), ['Tổng cộng', ...receptionCells(s.reception.total)]]);
  }
  return csvOf([
    ['Cơ quan giải quyết', ...FOLLOW_UP_HEADINGS, 'Tỷ lệ giải quyết (đã giải quyết)', 'Tỷ lệ giải quyết (được giao)'],
    ...s.followUp.byAgency.map((a) => [a.agency.name, ...followUpCells(a), a.resolutionRate.numerator, a.resolutionRate.denominator]),
    ['Tổng cộng', ...followUpCells(s.followUp), s.followUp.resolutionRate.numerator, s.followUp.resolutionRate.denominator],
  ]);
}

export async function exportReport(s: ReportSummary, format: 'xlsx' | 'csv', table: 'reception' | 'followUp', issuer: Issuer, createdAt: Date): Promise<RenderedFile> {
  const base = `bao-cao-${s.period.from}-${s.period.to}`;
  if (format === 'xlsx') return { bytes: await reportWorkbook(s, issuer, createdAt), fileName: `${base}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  return { bytes: reportCsv(s, table), fileName: `${base}-${table === 'reception' ? '01-tcd' : 'theo-doi'}.csv`, mimeType: 'text/csv; charset=utf-8' };
}
