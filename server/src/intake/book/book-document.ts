// The reception book as a printed register: landscape A4 in the Decree 30 layout, form 03's columns with
// "Hướng xử lý" over its three, the headings repeated on every page.
import type { BookRow } from '../../../../protocol/index.ts';
import { decreeHeader, type Issuer } from '../../documents/decree-parts.ts';
import { centred, paragraph, space, type Block, type ExportDocument, type TableBlock } from '../../documents/document-model.ts';
import { vietnamInstant } from '../../calendar/vietnam-clock.ts';
import { BOOK_COLUMNS, BOOK_TITLE, HANDLING_COLUMNS, HANDLING_GROUP, bookCells, periodLine, type BookScope } from './book-columns.ts';

/** 252 mm across the landscape page's margins. */
const COLUMN_WIDTHS_MM = [10, 21, 32, 25, 38, 20, 22, 13, 17, 18, 19, 17];
const CELL_SIZE = 10;
const HEADING_SIZE = 10;

const cell = (text: string, bold = false, align: 'left' | 'center' = 'left'): Block[] => text.split('\n').map((line) => paragraph([{ text: line, bold }], { size: bold ? HEADING_SIZE : CELL_SIZE, align }));

export function bookDocument(rows: BookRow[], scope: BookScope, issuer: Issuer, fieldName: (code: string) => string): ExportDocument {
  const groupRow: Block[][] = BOOK_COLUMNS.map((title, i) => (i === HANDLING_COLUMNS[0] ? cell(HANDLING_GROUP, true, 'center') : (HANDLING_COLUMNS as readonly number[]).includes(i) ? [] : cell(title, true, 'center')));
  const titleRow: Block[][] = BOOK_COLUMNS.map((title, i) => ((HANDLING_COLUMNS as readonly number[]).includes(i) ? cell(title, true, 'center') : []));
  const numberRow: Block[][] = BOOK_COLUMNS.map((_t, i) => cell(`(${i + 1})`, false, 'center'));
  const spans: TableBlock['spans'] = Object.fromEntries([
    ...BOOK_COLUMNS.map((_t, i) => i).filter((i) => !(HANDLING_COLUMNS as readonly number[]).includes(i)).map((i) => [`0:${i}`, { rowSpan: 2 }] as const),
    [`0:${HANDLING_COLUMNS[0]}`, { colSpan: HANDLING_COLUMNS.length }] as const,
  ]);
  const table: TableBlock = {
    type: 'table',
    columnWidthsMm: COLUMN_WIDTHS_MM,
    rows: [groupRow, titleRow, numberRow, ...rows.map((row) => bookCells(row, fieldName).map((text, i) => cell(text, false, i === 0 || (i >= 7 && i <= 9) ? 'center' : 'left')))],
    borders: true,
    headerRows: 3,
    spans,
  };
  const date = vietnamInstant(scope.to, '23:59').toISOString();
  return {
    title: `${BOOK_TITLE} - ${periodLine(scope.from, scope.to, scope.siteName)}`,
    subject: 'Sổ tiếp công dân (Mẫu số 03, Thông tư 04/2021/TT-TTCP)',
    date: new Date(date),
    orientation: 'landscape',
    blocks: [
      decreeHeader(issuer, null, null, date),
      centred(BOOK_TITLE, { bold: true, spaceBefore: 12 }),
      centred(periodLine(scope.from, scope.to, scope.siteName), { italic: true, spaceAfter: 6 }),
      ...(scope.masked ? [centred('Thông tin cá nhân của công dân được che theo quyền của người xem.', { italic: true, size: 11, spaceAfter: 6 })] : []),
      space(4),
      table,
      ...(rows.length === 0 ? [paragraph([{ text: 'Không có lượt tiếp nào trong khoảng này.', italic: true }], { spaceBefore: 6 })] : []),
    ],
  };
}
