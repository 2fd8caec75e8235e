// The reception book as the spreadsheet offices keep and file (exceljs: the maintained library for
// writing real .xlsx with merged cells, borders, print settings and repeated headings): form 03's columns,
// "Hướng xử lý" merged over its three, the column numbers row, landscape A4 fitted to the page's width.
import ExcelJS from 'exceljs';
import type { BookRow } from '../../../../protocol/index.ts';
import type { Issuer } from '../../documents/decree-parts.ts';
import { putDecreeHead, SHEET_FONT as FONT } from '../../documents/decree-sheet.ts';
import { BOOK_COLUMNS, BOOK_TITLE, HANDLING_COLUMNS, HANDLING_GROUP, bookCells, periodLine, type BookScope } from './book-columns.ts';

/** Characters across, close to the PDF's millimetres. */
const WIDTHS = [5, 11, 24, 16, 40, 14, 18, 10, 14, 16, 14, 18];
const HEAD_ROW = 6;
export const BOOK_FIRST_DATA_ROW = HEAD_ROW + 3;

const thin = { style: 'thin' } as const;
const box = { top: thin, left: thin, bottom: thin, right: thin };

export async function bookWorkbook(rows: BookRow[], scope: BookScope, issuer: Issuer, fieldName: (code: string) => string, createdAt: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Tiếp Dân Hub';
  book.created = createdAt;
  book.modified = createdAt;
  const sheet = book.addWorksheet('Sổ tiếp công dân', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.6, right: 0.4, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 } },
    views: [{ state: 'frozen', ySplit: BOOK_FIRST_DATA_ROW - 1 }],
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  sheet.pageSetup.printTitlesRow = `${HEAD_ROW}:${HEAD_ROW + 2}`;

  putDecreeHead(sheet, issuer, {
    issuerTo: 'E',
    mottoFrom: 'G',
    last: 'L',
    title: BOOK_TITLE,
    subtitle: periodLine(scope.from, scope.to, scope.siteName) + (scope.masked ? ' (thông tin cá nhân được che theo quyền của người xem)' : ''),
  });

  const put = (ref: string, value: string, font: Partial<ExcelJS.Font> = {}) => {
    const c = sheet.getCell(ref);
    c.value = value;
    c.font = { name: FONT, size: 12, ...font };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  const letter = (i: number) => String.fromCharCode(65 + i);
  const handling = HANDLING_COLUMNS as readonly number[];
  BOOK_COLUMNS.forEach((title, i) => {
    if (handling.includes(i)) {
      put(`${letter(i)}${HEAD_ROW + 1}`, title, { bold: true, size: 11 });
    } else {
      sheet.mergeCells(`${letter(i)}${HEAD_ROW}:${letter(i)}${HEAD_ROW + 1}`);
      put(`${letter(i)}${HEAD_ROW}`, title, { bold: true, size: 11 });
    }
    put(`${letter(i)}${HEAD_ROW + 2}`, `(${i + 1})`, { size: 11 });
  });
  sheet.mergeCells(`${letter(handling[0]!)}${HEAD_ROW}:${letter(handling.at(-1)!)}${HEAD_ROW}`);
  put(`${letter(handling[0]!)}${HEAD_ROW}`, HANDLING_GROUP, { bold: true, size: 11 });
  sheet.getRow(HEAD_ROW + 1).height = 48;

  rows.forEach((row, r) => {
    const line = sheet.getRow(BOOK_FIRST_DATA_ROW + r);
    bookCells(row, fieldName).forEach((text, i) => {
      const c = line.getCell(i + 1);
      // The number is a number (offices sum and sort on it); the rest is text as printed.
      c.value = i === 0 ? row.number : text;
      c.font = { name: FONT, size: 11 };
      c.alignment = { vertical: 'top', horizontal: i === 0 || handling.includes(i) ? 'center' : 'left', wrapText: true };
    });
  });
  for (let r = HEAD_ROW; r < BOOK_FIRST_DATA_ROW + rows.length; r++) {
    for (let c = 1; c <= BOOK_COLUMNS.length; c++) sheet.getRow(r).getCell(c).border = box;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
