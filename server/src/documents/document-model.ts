// The documents as blocks, built once from the minutes' content and drawn by both renderers, so the DOCX
// and the PDF cannot say different things. Sizes are the points Decree 30/2020/NĐ-CP gives for Times New
// Roman; a renderer with another font may scale them.

/** A4 portrait with the decree's margins (top and bottom 20 mm, left 30 mm, right 15 mm). */
export const PAGE = { widthMm: 210, heightMm: 297, topMm: 20, bottomMm: 20, leftMm: 30, rightMm: 15 } as const;
export const CONTENT_WIDTH_MM = PAGE.widthMm - PAGE.leftMm - PAGE.rightMm;
/** A register with many columns (the reception book) is printed across the page, with the same margins. */
export const LANDSCAPE_CONTENT_WIDTH_MM = PAGE.heightMm - PAGE.leftMm - PAGE.rightMm;
/** Page numbers sit in the top margin, this far from the paper's edge. */
export const PAGE_NUMBER_TOP_MM = 9;
export const PAGE_NUMBER_SIZE = 13;

/** Body text: 13–14 pt per the decree. */
export const BODY_SIZE = 14;
/** First-line indent of body paragraphs. */
export const FIRST_LINE_INDENT_MM = 10;

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export interface ParagraphBlock {
  type: 'paragraph';
  runs: Run[];
  align: Align;
  /** Points. */
  size: number;
  firstLineIndent: boolean;
  /** Points. */
  spaceBefore: number;
  spaceAfter: number;
  /** Keeps a heading on the page of what it introduces. */
  keepWithNext: boolean;
}

/** A centred horizontal line, as wide as a share of its column: the decree's short rules under headings. */
export interface RuleBlock {
  type: 'rule';
  widthRatio: number;
}

/** Room left blank, e.g. for a handwritten signature. */
export interface SpaceBlock {
  type: 'space';
  /** Points. */
  height: number;
}

/** A grid whose cells hold blocks: borderless for the header and signature columns, ruled for lists. */
export interface TableBlock {
  type: 'table';
  columnWidthsMm: number[];
  rows: Block[][][];
  borders: boolean;
  /** Leading rows repeated at the top of each page. */
  headerRows: number;
  /**
   * Cells that span others, keyed "row:column" (a register's grouped heading); the cells they cover stay in
   * `rows`, empty. The PDF merges them; the DOCX draws them unmerged (no document of ours in DOCX uses them).
   */
  spans?: Record<string, { colSpan?: number; rowSpan?: number }>;
}

/** Blocks that must share a page, e.g. the last sentence and the signatures, so a signature never stands alone. */
export interface GroupBlock {
  type: 'group';
  blocks: Block[];
}

/** A picture (a QR code on a receipt), as PNG bytes, drawn this wide and as tall as its proportions make it. */
export interface ImageBlock {
  type: 'image';
  png: Buffer;
  widthMm: number;
  heightMm: number;
  align: Align;
}

export type Block = ParagraphBlock | RuleBlock | SpaceBlock | TableBlock | GroupBlock | ImageBlock;

export interface ExportDocument {
  /** Metadata title, e.g. "Biên bản - Tiếp công dân định kỳ tháng 1". */
  title: string;
  subject: string;
  /** The document's date: printed in the date line and stamped in the file's metadata. */
  date: Date;
  blocks: Block[];
  /** Portrait unless said. */
  orientation?: 'portrait' | 'landscape';
}

export function contentWidthMm(doc: Pick<ExportDocument, 'orientation'>): number {
  return doc.orientation === 'landscape' ? LANDSCAPE_CONTENT_WIDTH_MM : CONTENT_WIDTH_MM;
}

export type ParagraphStyle = Partial<Omit<ParagraphBlock, 'type' | 'runs'>>;

export function paragraph(content: string | Run[], style: ParagraphStyle = {}): ParagraphBlock {
  return {
    type: 'paragraph',
    runs: typeof content === 'string' ? [{ text: content }] : content,
    align: 'left',
    size: BODY_SIZE,
    firstLineIndent: false,
    spaceBefore: 0,
    spaceAfter: 0,
    keepWithNext: false,
    ...style,
  };
}

/** A body paragraph: justified, indented first line, 6 pt after. */
export function bodyParagraph(content: string | Run[], style: ParagraphStyle = {}): ParagraphBlock {
  return paragraph(content, { align: 'justify', firstLineIndent: true, spaceAfter: 6, ...style });
}

export function centred(text: string, style: ParagraphStyle & { bold?: boolean; italic?: boolean } = {}): ParagraphBlock {
  const { bold, italic, ...rest } = style;
  return paragraph([{ text, bold, italic }], { align: 'center', ...rest });
}

export function rule(widthRatio: number): RuleBlock {
  return { type: 'rule', widthRatio };
}

export function space(height: number): SpaceBlock {
  return { type: 'space', height };
}

/** Two borderless columns side by side (header, signatures), each row aligned across both. */
export function sideBySide(columnWidthsMm: [number, number], rows: [Block[], Block[]][]): TableBlock {
  return { type: 'table', columnWidthsMm, rows, borders: false, headerRows: 0 };
}

export function image(png: Buffer, widthMm: number, heightMm: number, align: Align = 'center'): ImageBlock {
  return { type: 'image', png, widthMm, heightMm, align };
}

export function onOnePage(...blocks: Block[]): GroupBlock {
  return { type: 'group', blocks };
}

/** What a secretary typed, one paragraph per line they wrote; blank lines are dropped. */
export function writtenLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
