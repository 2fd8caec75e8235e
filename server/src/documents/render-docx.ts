// Draws an ExportDocument as a Word file with the `docx` library: Times New Roman, as Decree 30 asks.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  BODY_SIZE,
  contentWidthMm,
  FIRST_LINE_INDENT_MM,
  PAGE,
  PAGE_NUMBER_SIZE,
  PAGE_NUMBER_TOP_MM,
  type Align,
  type Block,
  type ExportDocument,
  type ParagraphBlock,
  type TableBlock,
} from './document-model.ts';
import { fixZipTimestamps } from './zip-timestamps.ts';

const FONT = 'Times New Roman';
const LANGUAGE = 'vi-VN';
const CREATOR = 'Tiếp Dân Hub';
const TWIPS_PER_MM = 1440 / 25.4;
/** Inner padding of ruled table cells, so text does not touch the lines. */
const RULED_CELL_PADDING_MM = 1.5;

const twips = (mm: number) => Math.round(mm * TWIPS_PER_MM);
/** docx sizes pictures in pixels at 96 dpi. */
const pixels = (mm: number) => Math.round((mm / 25.4) * 96);
/** docx sizes text in half-points and spacing in twentieths of a point. */
const halfPoints = (pt: number) => Math.round(pt * 2);
const twentieths = (pt: number) => Math.round(pt * 20);

const ALIGNMENT: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

export async function renderDocx(doc: ExportDocument): Promise<Buffer> {
  const file = new Document({
    creator: CREATOR,
    lastModifiedBy: CREATOR,
    title: doc.title,
    subject: doc.subject,
    styles: { default: { document: { run: { font: FONT, size: halfPoints(BODY_SIZE), language: { value: LANGUAGE } } } } },
    sections: [
      {
        properties: {
          // Page numbers from page 2 on (Decree 30): the first page gets its own, empty, header.
          titlePage: true,
          page: {
            size: { width: twips(PAGE.widthMm), height: twips(PAGE.heightMm), orientation: doc.orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: { top: twips(PAGE.topMm), bottom: twips(PAGE.bottomMm), left: twips(PAGE.leftMm), right: twips(PAGE.rightMm), header: twips(PAGE_NUMBER_TOP_MM) },
          },
        },
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: halfPoints(PAGE_NUMBER_SIZE) })] })],
          }),
          first: new Header({ children: [new Paragraph({})] }),
        },
        children: doc.blocks.flatMap((block) => renderBlock(block, contentWidthMm(doc))),
      },
    ],
  });
  // docx stamps the core properties with the current time: replace them with the document's date.
  const packed = await Packer.toBuffer(file, false, [{ path: 'docProps/core.xml', data: coreProperties(doc) }]);
  return fixZipTimestamps(packed, doc.date);
}

function renderBlock(block: Block, widthMm: number): (Paragraph | Table)[] {
  switch (block.type) {
    case 'paragraph':
      return [renderParagraph(block)];
    case 'group':
      // Word keeps a paragraph with the next one (or the next table's first row); rows are never split.
      return block.blocks.flatMap((b, i) =>
        renderBlock(b.type === 'paragraph' && i < block.blocks.length - 1 ? { ...b, keepWithNext: true } : b, widthMm),
      );
    case 'rule': {
      // An empty paragraph whose top border is the line; its indents make the line short and centred.
      const inset = twips((widthMm * (1 - block.widthRatio)) / 2);
      return [
        new Paragraph({
          border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
          indent: { left: inset, right: inset },
          spacing: { before: 0, after: 0, line: twentieths(6), lineRule: 'exact' },
          run: { size: halfPoints(4) },
        }),
      ];
    }
    case 'space':
      return [new Paragraph({ spacing: { before: 0, after: 0, line: twentieths(block.height), lineRule: 'exact' } })];
    case 'table':
      return [renderTable(block)];
    case 'image':
      return [
        new Paragraph({
          alignment: ALIGNMENT[block.align],
          children: [new ImageRun({ type: 'png', data: block.png, transformation: { width: pixels(block.widthMm), height: pixels(block.heightMm) } })],
        }),
      ];
  }
}

function renderParagraph(block: ParagraphBlock): Paragraph {
  return new Paragraph({
    alignment: ALIGNMENT[block.align],
    indent: block.firstLineIndent ? { firstLine: twips(FIRST_LINE_INDENT_MM) } : undefined,
    spacing: { before: twentieths(block.spaceBefore), after: twentieths(block.spaceAfter) },
    keepNext: block.keepWithNext || undefined,
    run: { size: halfPoints(block.size) },
    children: block.runs.map((run) => new TextRun({ text: run.text, bold: run.bold, italics: run.italic, size: halfPoints(block.size) })),
  });
}

function renderTable(block: TableBlock): Table {
  const paddingMm = block.borders ? RULED_CELL_PADDING_MM : 0;
  const padding = twips(paddingMm);
  const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
  return new Table({
    width: { size: twips(block.columnWidthsMm.reduce((a, b) => a + b, 0)), type: WidthType.DXA },
    columnWidths: block.columnWidthsMm.map(twips),
    layout: TableLayoutType.FIXED,
    borders: block.borders
      ? { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin }
      : TableBorders.NONE,
    rows: block.rows.map(
      (cells, rowIndex) =>
        new TableRow({
          tableHeader: rowIndex < block.headerRows || undefined,
          cantSplit: true,
          children: cells.map((blocks, column) => {
            const widthMm = block.columnWidthsMm[column] ?? 0;
            const children = blocks.flatMap((b) => renderBlock(b, widthMm - 2 * paddingMm));
            return new TableCell({
              width: { size: twips(widthMm), type: WidthType.DXA },
              margins: { top: padding, bottom: padding, left: padding, right: padding },
              // A cell must end with a paragraph.
              children: children.at(-1) instanceof Paragraph ? children : [...children, new Paragraph({})],
            });
          }),
        }),
    ),
  });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** docProps/core.xml as docx writes it, with the document's date instead of the time of export. */
function coreProperties(doc: ExportDocument): string {
  const when = doc.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(doc.title)}</dc:title>` +
    `<dc:subject>${escapeXml(doc.subject)}</dc:subject>` +
    `<dc:creator>${escapeXml(CREATOR)}</dc:creator>` +
    `<cp:lastModifiedBy>${escapeXml(CREATOR)}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}
