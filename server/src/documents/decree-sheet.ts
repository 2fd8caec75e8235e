// The head of a spreadsheet an office files (the reception book, the statutory reports), laid out as
// Decree 30 lays out the head of a paper document: the issuing body on the left (its parent above it,
// its own name in bold), the national motto on the right, then the title and a line saying what it covers.
import type ExcelJS from 'exceljs';
import type { Issuer } from './decree-parts.ts';

export const SHEET_FONT = 'Times New Roman';

export interface SheetHead {
  /** The last column of the issuing body's block, e.g. "C"; the motto runs from `mottoFrom` to `last`. */
  issuerTo: string;
  mottoFrom: string;
  last: string;
  title: string;
  /** The period and scope, in italics under the title. */
  subtitle: string;
}

/** Writes rows 1–5: the body and the motto (rows 1–2), the title (row 4), the subtitle (row 5). */
export function putDecreeHead(sheet: ExcelJS.Worksheet, issuer: Issuer, head: SheetHead): void {
  const put = (from: string, to: string, value: string, font: Partial<ExcelJS.Font> = {}) => {
    sheet.mergeCells(`${from}:${to}`);
    const c = sheet.getCell(from);
    c.value = value;
    c.font = { name: SHEET_FONT, size: 12, ...font };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  put('A1', `${head.issuerTo}1`, issuer.parent.toLocaleUpperCase('vi'));
  put('A2', `${head.issuerTo}2`, issuer.name.toLocaleUpperCase('vi'), { bold: true });
  put(`${head.mottoFrom}1`, `${head.last}1`, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
  put(`${head.mottoFrom}2`, `${head.last}2`, 'Độc lập - Tự do - Hạnh phúc', { bold: true });
  put('A4', `${head.last}4`, head.title, { bold: true, size: 14 });
  put('A5', `${head.last}5`, head.subtitle, { italic: true });
}
