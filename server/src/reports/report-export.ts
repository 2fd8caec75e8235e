// The report as offices file it: an XLSX (exceljs, as for the reception book) with form 01/TCD, the
// follow-up, form 01/XLD, and the leaders' duty with the dialogue conferences, one sheet each: merged
// headings, the column-number row, and total rows written as SUM formulas with their values, so the check
// "total = the rows above" holds in the file itself; one table as CSV (UTF-8 with the byte-order mark Excel
// needs, comma-separated, every field quoted); or the printed report (report-document.ts) as a PDF.
import ExcelJS from 'exceljs';
import type { ReportSummary, ReportTable } from '../../../protocol/index.ts';
import type { Issuer } from '../documents/decree-parts.ts';
import { putDecreeHead, SHEET_FONT as FONT } from '../documents/decree-sheet.ts';
import type { RenderedFile } from '../documents/render.ts';
import {
  DIALOGUE_HEADINGS,
  FOLLOW_UP_HEADINGS,
  HANDLING_HEADINGS,
  LEADER_HEADINGS,
  RECEPTION_HEADINGS,
  RECEPTION_ROWS,
  dialogueCells,
  dialogueTotal,
  followUpCells,
  handlingCells,
  leaderCells,
  rateText,
  receptionCells,
  scopeLine,
} from './report-tables.ts';

const thin = { style: 'thin' } as const;
const box = { top: thin, left: thin, bottom: thin, right: thin };


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
export const XLD_FIRST_ROW = 9;
export const LEADERS_FIRST_ROW = 8;

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

  // Form 01/XLD: one row of counts under its headings; "within" and "outside" make up "received" (the check
  // row, as a formula).
  const xld = sheetFor(book, '01-XLD', [12, 12, 11, 11, 11, 10, 10, 12, 11, 12, 12, 12, 11, 11, 10, 12, 12, 11, 11, 12], 'TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN (Mẫu 01/XLD)', s, issuer);
  xld.getRow(XLD_FIRST_ROW - 2).values = HANDLING_HEADINGS;
  xld.getRow(XLD_FIRST_ROW - 1).values = HANDLING_HEADINGS.map((_, i) => `(${i + 1})`);
  xld.getRow(XLD_FIRST_ROW).values = handlingCells(s.handling);
  // The check rows, as formulas in the file: received = within + outside competence; within = resolved
  // (first time, repeated) + being resolved + not yet.
  const r = XLD_FIRST_ROW;
  xld.getCell(`A${r + 2}`).value = 'Kiểm tra: (2) = (10) + (11)';
  xld.getCell(`B${r + 2}`).value = { formula: `IF(B${r}=J${r}+K${r},"Đúng","Sai")`, result: s.handling.received === s.handling.withinCompetence.total + s.handling.outsideCompetence ? 'Đúng' : 'Sai' };
  const res = s.handling.resolution;
  xld.getCell(`A${r + 3}`).value = 'Kiểm tra: (10) = (16) + (17) + (18) + (19)';
  xld.getCell(`B${r + 3}`).value = { formula: `IF(J${r}=P${r}+Q${r}+R${r}+S${r},"Đúng","Sai")`, result: s.handling.withinCompetence.total === res.firstTime + res.repeated + res.inProgress + res.notYet ? 'Đúng' : 'Sai' };
  styleBody(xld, XLD_FIRST_ROW - 2, XLD_FIRST_ROW, HANDLING_HEADINGS.length);
  for (let c = 1; c <= HANDLING_HEADINGS.length; c++) xld.getCell(XLD_FIRST_ROW - 2, c).font = { name: FONT, size: 12, bold: true };

  // The leaders' reception duty and the dialogue conferences, one table under the other.
  const ld = sheetFor(book, 'Lanh-dao-doi-thoai', [30, 30, 14, 12, 12, 14, 10, 12], 'LÃNH ĐẠO TIẾP CÔNG DÂN VÀ HỘI NGHỊ ĐỐI THOẠI', s, issuer);
  ld.getRow(LEADERS_FIRST_ROW - 1).values = LEADER_HEADINGS;
  leaderCells(s).forEach((cells, r) => (ld.getRow(LEADERS_FIRST_ROW + r).values = cells));
  const leadersEnd = LEADERS_FIRST_ROW + Math.max(s.leaders.length, 1) - 1;
  styleBody(ld, LEADERS_FIRST_ROW - 1, leadersEnd, LEADER_HEADINGS.length);
  const dHead = leadersEnd + 3;
  ld.getRow(dHead).values = DIALOGUE_HEADINGS;
  dialogueCells(s).forEach((cells, r) => (ld.getRow(dHead + 1 + r).values = cells));
  const dTotal = dHead + 1 + s.dialogues.rows.length;
  ld.getCell(`A${dTotal}`).value = 'Tổng cộng';
  dialogueTotal(s).forEach((value, i) => {
    const col = letter(i + 2);
    ld.getCell(`${col}${dTotal}`).value = s.dialogues.rows.length > 0 ? { formula: `SUM(${col}${dHead + 1}:${col}${dTotal - 1})`, result: value } : value;
  });
  styleBody(ld, dHead, dTotal, DIALOGUE_HEADINGS.length);
  for (const r of [LEADERS_FIRST_ROW - 1, dHead, dTotal]) for (let c = 1; c <= LEADER_HEADINGS.length; c++) ld.getCell(r, c).font = { name: FONT, size: 12, bold: true };

  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvField = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
const csvOf = (rows: (string | number)[][]) => Buffer.from('\ufeff' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');

export function reportCsv(s: ReportSummary, table: ReportTable): Buffer {
  if (table === 'handling') return csvOf([HANDLING_HEADINGS, handlingCells(s.handling)]);
  if (table === 'leaders') return csvOf([LEADER_HEADINGS, ...leaderCells(s)]);
  if (table === 'dialogues') return csvOf([DIALOGUE_HEADINGS, ...dialogueCells(s), ['Tổng cộng', '', ...dialogueTotal(s)]]);
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

const CSV_NAMES: Record<ReportTable, string> = { reception: '01-tcd', handling: '01-xld', followUp: 'theo-doi', leaders: 'lanh-dao-tiep', dialogues: 'doi-thoai' };

export async function exportReport(s: ReportSummary, format: 'xlsx' | 'csv' | 'pdf', table: ReportTable, issuer: Issuer, createdAt: Date): Promise<RenderedFile> {
  const base = `bao-cao-${s.period.from}-${s.period.to}`;
  if (format === 'pdf') {
    // Loaded on first use, as the minutes' renderers are: the fonts are not needed to read the figures.
    const [{ reportDocument }, { renderDocument }] = await Promise.all([import('./report-document.ts'), import('../documents/render.ts')]);
    return renderDocument(reportDocument(s, issuer, createdAt), 'pdf', base);
  }
  if (format === 'xlsx') return { bytes: await reportWorkbook(s, issuer, createdAt), fileName: `${base}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  return { bytes: reportCsv(s, table), fileName: `${base}-${CSV_NAMES[table]}.csv`, mimeType: 'text/csv; charset=utf-8' };
}
