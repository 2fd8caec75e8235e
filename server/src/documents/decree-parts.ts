// The parts of an administrative document Decree 30/2020/NĐ-CP fixes for every kind: the two-column
// header (issuer and number; national title, motto and place-date) and the signer's column. The minutes,
// the conclusion notice and the intake's slips all print them from here.
import { centred, rule, sideBySide, space, type Block, type TableBlock } from './document-model.ts';
import { placeAndDate } from './vietnam-time.ts';

const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
/**
 * The issuer's column and the national title's column, together the 165 mm between the margins: wide enough
 * for "BAN TIẾP CÔNG DÂN THÀNH PHỐ" (67 mm) and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (82 mm) in 12 pt Times bold.
 */
const HEADER_COLUMNS_MM: [number, number] = [72, 93];
/** Six no-break spaces: room to write a number by hand that no renderer collapses into one space. */
const HAND_FILLED_BLANK = '\u00a0'.repeat(6);
/** Room for a handwritten signature (about 2.5 cm). */
const SIGNATURE_SPACE_PT = 72;

export interface Issuer {
  parent: string;
  name: string;
  symbol: string;
  place: string;
}

/**
 * Issuer (its parent body above it) and "Số: 05/BB-BTCD" on the left; the national title, the motto and
 * "Hà Nội, ngày 05 tháng 01 năm 2026" on the right. A document not yet numbered leaves the number blank
 * to be written by hand; a register without a number passes no type code.
 */
export function decreeHeader(issuer: Issuer, typeCode: string | null, number: string | null, dateIso: string): TableBlock {
  const issuerLines: Block[] = [
    ...(issuer.parent.trim() ? [centred(issuer.parent.toLocaleUpperCase('vi'), { size: 12 })] : []),
    centred(issuer.name.toLocaleUpperCase('vi'), { size: 12, bold: true }),
    rule(0.35),
  ];
  const nationalLines: Block[] = [centred(NATIONAL_TITLE, { size: 12, bold: true }), centred(MOTTO, { size: 13, bold: true }), rule(0.62)];
  // A register (the reception book) has no number: its left column is the issuer alone.
  const numberLine = typeCode === null ? centred('', { size: 13 }) : centred(`Số: ${number ?? `${HAND_FILLED_BLANK}/${typeCode}-${issuer.symbol}`}`, { size: 13, spaceBefore: 4 });
  const dateLine = centred(placeAndDate(issuer.place, dateIso), { size: 14, italic: true, spaceBefore: 4 });
  return sideBySide(HEADER_COLUMNS_MM, [
    [issuerLines, nationalLines],
    [[numberLine], [dateLine]],
  ]);
}

/** A signer's column: position in bold capitals, room to sign, full name in bold (blank when signed by hand). */
export function signature(position: string, name: string): Block[] {
  return [centred(position, { bold: true }), space(SIGNATURE_SPACE_PT), centred(name, { bold: true })];
}

/** Ends a sentence built around typed text with one full stop, whether or not the typist put one. */
export function sentence(text: string): string {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
