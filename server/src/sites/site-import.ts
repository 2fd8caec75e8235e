// Reading a file of sites (CSV or XLSX, as an office keeps its list of 126 wards and communes) and finding
// every problem of every row before anything is saved. Pure apart from parsing: the caller gives the
// districts the city knows and the codes the hub has, and saves only a file without a single problem.
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_MAX_ROWS, msg, type Message, type SiteImportPreview, type SiteImportRow, type SiteKind } from '../../../protocol/index.ts';
import type { SiteFields } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';

export type ImportFileType = 'csv' | 'xlsx';

/** The cells of a file: its header row and its data rows, each with its line in the file. */
export interface Table {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

const COLUMNS = ['code', 'name', 'kind', 'district', 'ward', 'address'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['code', 'name'];
/** The column's Vietnamese heading, as an error names it. */
const HEADING: Record<Column, string> = { code: 'Mã', name: 'Tên', kind: 'Loại', district: 'Quận/huyện', ward: 'Xã/phường', address: 'Địa chỉ' };
const MAX: Record<Column, number> = { code: 20, name: 200, kind: 40, district: 100, ward: 100, address: 300 };

/** "Quận/Huyện" → "quanhuyen": headings and kinds compared without accents, case or punctuation. */
export function folded(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const HEADINGS: Record<string, Column> = {
  ma: 'code', madiem: 'code', madiemcau: 'code', code: 'code', sitecode: 'code',
  ten: 'name', tendiem: 'name', tendiemcau: 'name', name: 'name',
  loai: 'kind', loaidiem: 'kind', kind: 'kind', type: 'kind',
  quanhuyen: 'district', quan: 'district', huyen: 'district', quanhuyenthixa: 'district', district: 'district',
  xaphuong: 'ward', phuongxa: 'ward', xa: 'ward', phuong: 'ward', ward: 'ward', commune: 'ward',
  diachi: 'address', address: 'address',
};

const KINDS: Record<string, SiteKind> = {
  '': 'BRIDGE_POINT', diemcau: 'BRIDGE_POINT', bridgepoint: 'BRIDGE_POINT', bridge: 'BRIDGE_POINT',
  truso: 'HOST_OFFICE', trusotiepcongdan: 'HOST_OFFICE', hostoffice: 'HOST_OFFICE', host: 'HOST_OFFICE',
};

/** "Huyện Đông Anh", "quận Ba Đình", "TX Sơn Tây" name the districts "Đông Anh", "Ba Đình", "Sơn Tây". */
function districtKey(s: string): string {
  return folded(s.replace(/^\s*(quận|huyện|thị xã|quan|huyen|thi xa|tx|q\.|h\.)\s+/i, ''));
}

const SITE_CODE = /^[A-Za-z0-9-]{2,20}$/;

export async function readTable(bytes: Buffer, type: ImportFileType): Promise<Table> {
  const cells = type === 'xlsx' ? await xlsxCells(bytes) : csvCells(bytes);
  const nonEmpty = cells.filter((r) => r.cells.some((c) => c !== ''));
  const [head, ...rows] = nonEmpty;
  if (!head) throw new AppError('BAD_REQUEST', msg('import.empty'));
  return { header: head.cells, rows };
}

function csvCells(bytes: Buffer): { line: number; cells: string[] }[] {
  let text: string;
  try {
    // Excel's "Unicode text" is UTF-16 with its byte-order mark; everything else must be UTF-8 ("CSV UTF-8").
    text = bytes[0] === 0xff && bytes[1] === 0xfe ? new TextDecoder('utf-16le').decode(bytes) : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('BAD_REQUEST', msg('import.unreadable'));
  }
  try {
    const records = parseCsv(text.normalize('NFC'), { bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ line: r.info.lines, cells: r.record.map((c) => c.trim()) }));
  } catch {
    throw new AppError('BAD_REQUEST', msg('import.unreadable'));
  }
}

async function xlsxCells(bytes: Buffer): Promise<{ line: number; cells: string[] }[]> {
  // Checked by its content, not its name: an XLSX is a ZIP archive.
  if (bytes.subarray(0, 4).toString('binary') !== 'PK\x03\x04') throw new AppError('BAD_REQUEST', msg('import.unreadable'));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('BAD_REQUEST', msg('import.unreadable'));
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('BAD_REQUEST', msg('import.empty'));
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(row.getCell(i).text.normalize('NFC').trim());
    rows.push({ line, cells });
  });
  return rows;
}

export interface ImportContext {
  /** The city's active districts, by name. */
  districts: readonly string[];
  /** Codes of sites the hub has (active or not), in capitals. */
  existingCodes: ReadonlySet<string>;
}

export interface CheckedImport extends SiteImportPreview {
  /** The sites to create, when there is no problem at all. */
  ready: SiteFields[];
}

/** Every row with every problem it has; `ready` is filled only when the whole file is clean. */
export function checkTable(table: Table, ctx: ImportContext): CheckedImport {
  const fileProblems: Message[] = [];
  const columnOf = new Map<Column, number>();
  table.header.forEach((heading, i) => {
    if (heading === '') return;
    const column = HEADINGS[folded(heading)];
    if (!column) fileProblems.push(msg('import.unknownColumn', { column: heading }));
    else if (!columnOf.has(column)) columnOf.set(column, i);
  });
  for (const c of REQUIRED) if (!columnOf.has(c)) fileProblems.push(msg('import.missingColumn', { column: HEADING[c] }));
  if (table.rows.length === 0) fileProblems.push(msg('import.empty'));
  if (table.rows.length > IMPORT_MAX_ROWS) fileProblems.push(msg('import.tooManyRows', { max: IMPORT_MAX_ROWS }));
  if (fileProblems.length > 0) return { rows: [], fileProblems, badRows: 0, ready: [] };

  const districtByKey = new Map(ctx.districts.map((d) => [districtKey(d), d]));
  const firstLineOf = new Map<string, number>();
  const ready: SiteFields[] = [];
  const rows: SiteImportRow[] = table.rows.map(({ line, cells }) => {
    const cell = (c: Column) => (columnOf.has(c) ? (cells[columnOf.get(c)!] ?? '') : '');
    const row: SiteImportRow = { line, code: cell('code').toUpperCase(), name: cell('name'), kind: cell('kind'), district: cell('district'), ward: cell('ward'), address: cell('address'), problems: [] };
    const problems = row.problems;
    for (const c of COLUMNS) if (cell(c).length > MAX[c]) problems.push(msg('import.row.tooLong', { column: HEADING[c], max: MAX[c] }));

    if (row.code === '') problems.push(msg('import.row.codeMissing'));
    else if (!SITE_CODE.test(row.code)) problems.push(msg('import.row.codeFormat', { code: row.code }));
    else if (firstLineOf.has(row.code)) problems.push(msg('import.row.codeDuplicate', { code: row.code, line: firstLineOf.get(row.code)! }));
    else if (ctx.existingCodes.has(row.code)) problems.push(msg('import.row.codeExists', { code: row.code }));
    if (row.code !== '' && !firstLineOf.has(row.code)) firstLineOf.set(row.code, line);

    if (row.name.length < 3) problems.push(msg('import.row.nameMissing'));
    const kind = KINDS[folded(row.kind)];
    if (!kind) problems.push(msg('import.row.kindUnknown', { kind: row.kind }));

    let district: string | null = null;
    if (row.district !== '') {
      district = districtByKey.get(districtKey(row.district)) ?? null;
      if (!district) problems.push(msg('import.row.districtUnknown', { district: row.district }));
    } else if (kind === 'BRIDGE_POINT') {
      problems.push(msg('import.row.districtMissing'));
    }

    if (problems.length === 0 && kind) {
      ready.push({ code: row.code, name: row.name, kind, district, ward: row.ward || null, address: row.address || null });
    }
    return row;
  });
  const badRows = rows.filter((r) => r.problems.length > 0).length;
  return { rows, fileProblems, badRows, ready: badRows === 0 ? ready : [] };
}
