// Draws an ExportDocument as a PDF with pdfmake on the server. Times New Roman cannot be shipped (it is
// not on npm and its licence forbids bundling), so the PDF embeds DejaVu Serif Condensed, which covers
// every Vietnamese letter. Even condensed it runs about 13 % wider than Times, so text is set at 88 % of
// the decree's sizes (14 pt body → 12.3 pt): the lines then break about where Word breaks them in Times,
// and DejaVu's tall lower case keeps the smaller size as legible.
import { createRequire } from 'node:module';
import pdfMake from 'pdfmake';
import type { Content, ContentTable, CustomTableLayout, Node, TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  BODY_SIZE,
  contentWidthMm,
  FIRST_LINE_INDENT_MM,
  PAGE,
  PAGE_NUMBER_SIZE,
  PAGE_NUMBER_TOP_MM,
  type Block,
  type ExportDocument,
  type ParagraphBlock,
  type TableBlock,
} from './document-model.ts';

const FONT_SCALE = 0.88;
const FAMILY = 'DejaVuSerifCondensed';
const PRODUCER = 'Tiếp Dân Hub';
const RULED_CELL_PADDING_MM = 1.5;
const RULED_LINE_WIDTH = 0.5;
/** How far a rule sits below the text above it (points): clear of the descenders, as Word draws a border. */
const RULE_DROP = 4;
/**
 * Room (points, from its top) a keep-with-next paragraph needs on its page for the start of what follows:
 * itself and two lines, or a table's heading row and first row, which pdfmake moves together.
 */
const ROOM_FOR_NEXT_LINES = 60;
const ROOM_FOR_NEXT_TABLE = 130;

const points = (mm: number) => (mm * 72) / 25.4;
const millimetres = (pt: number) => (pt * 25.4) / 72;
const fontSize = (decreeSize: number) => decreeSize * FONT_SCALE;

let fontsReady = false;

/** Registers DejaVu Serif Condensed from the installed package (resolved from this file, not the working directory). */
function useDejaVuSerifCondensed(): void {
  if (fontsReady) return;
  const resolve = createRequire(import.meta.url).resolve;
  const files = {
    normal: resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf'),
    bold: resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Bold.ttf'),
    italics: resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Italic.ttf'),
    bolditalics: resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-BoldItalic.ttf'),
  };
  const allowed = new Set(Object.values(files));
  pdfMake.addFonts({ [FAMILY]: files });
  // The content is typed by people: nothing in it may make the server fetch a URL or read a file.
  pdfMake.setUrlAccessPolicy(() => false);
  pdfMake.setLocalAccessPolicy((path) => allowed.has(path));
  fontsReady = true;
}

export async function renderPdf(doc: ExportDocument): Promise<Buffer> {
  useDejaVuSerifCondensed();
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: doc.orientation ?? 'portrait',
    pageMargins: [points(PAGE.leftMm), points(PAGE.topMm), points(PAGE.rightMm), points(PAGE.bottomMm)],
    // Page numbers from page 2 on, centred in the top margin (Decree 30).
    header: (page) =>
      page > 1 ? { text: String(page), alignment: 'center', fontSize: fontSize(PAGE_NUMBER_SIZE), margin: [0, points(PAGE_NUMBER_TOP_MM), 0, 0] } : null,
    // pdfkit derives the file ID from this information, so fixed dates make the bytes reproducible.
    info: { title: doc.title, subject: doc.subject, author: PRODUCER, creator: PRODUCER, producer: PRODUCER, creationDate: doc.date, modDate: doc.date },
    language: 'vi-VN',
    defaultStyle: { font: FAMILY, fontSize: fontSize(BODY_SIZE) },
    pageBreakBefore: (node, queries) => {
      const room = node.headlineLevel;
      if (!room) return false;
      const roomBelow = points(PAGE.topMm) + node.startPosition.pageInnerHeight - node.startPosition.top;
      return roomBelow < room || !queries.getFollowingNodesOnPage().some(isDrawnContent);
    },
    content: renderBlocks(doc.blocks, contentWidthMm(doc)),
  };
  return pdfMake.createPdf(definition).getBuffer();
}

/**
 * Text or a line, not a container: a table that moved whole to the next page still reports the page it
 * was first tried on, so containers cannot tell whether anything follows on this page. (Rows pdfmake moves
 * as one block report it too, hence also the room check above.)
 */
function isDrawnContent(node: Node): boolean {
  return node.table === undefined && node.columns === undefined && !node.stack;
}

function renderBlocks(blocks: Block[], widthMm: number): Content[] {
  return blocks.map((block, i) => {
    if (block.type !== 'paragraph' || !block.keepWithNext) return renderBlock(block, widthMm);
    return renderParagraph(block, blocks[i + 1]?.type === 'table' ? ROOM_FOR_NEXT_TABLE : ROOM_FOR_NEXT_LINES);
  });
}

function renderBlock(block: Block, widthMm: number): Content {
  switch (block.type) {
    case 'paragraph':
      return renderParagraph(block);
    case 'rule': {
      const width = points(widthMm);
      const inset = (width * (1 - block.widthRatio)) / 2;
      return { canvas: [{ type: 'line', x1: inset, y1: RULE_DROP, x2: width - inset, y2: RULE_DROP, lineWidth: 0.6 }], margin: [0, 0, 0, RULE_DROP] };
    }
    case 'space':
      // An empty canvas has no height of its own, unlike an empty text, which takes a line.
      return { canvas: [], margin: [0, block.height, 0, 0] };
    case 'table':
      return renderTable(block);
    case 'group':
      return { stack: renderBlocks(block.blocks, widthMm), unbreakable: true };
    case 'image':
      return { image: `data:image/png;base64,${block.png.toString('base64')}`, width: points(block.widthMm), height: points(block.heightMm), alignment: block.align === 'justify' ? 'left' : block.align };
  }
}

/** `roomForNext` rides in headlineLevel: of a node's own properties, pdfmake hands pageBreakBefore only a few. */
function renderParagraph(block: ParagraphBlock, roomForNext?: number): Content {
  return {
    text: block.runs.map((run) => ({ text: run.text, bold: run.bold, italics: run.italic })),
    alignment: block.align,
    fontSize: fontSize(block.size),
    leadingIndent: block.firstLineIndent ? points(FIRST_LINE_INDENT_MM) : 0,
    margin: [0, block.spaceBefore, 0, block.spaceAfter],
    headlineLevel: roomForNext,
  };
}

function renderTable(block: TableBlock): ContentTable {
  const padding = block.borders ? points(RULED_CELL_PADDING_MM) : 0;
  const line = block.borders ? RULED_LINE_WIDTH : 0;
  // pdfmake's widths exclude the cells' padding and the lines between them; the model's include them.
  const innerWidthsMm = block.columnWidthsMm.map((mm) => mm - millimetres(2 * padding + line));
  const layout: CustomTableLayout = {
    hLineWidth: () => line,
    vLineWidth: () => line,
    paddingLeft: () => padding,
    paddingRight: () => padding,
    paddingTop: () => padding,
    paddingBottom: () => padding,
  };
  return {
    table: {
      widths: innerWidthsMm.map(points),
      headerRows: block.headerRows,
      // A borderless row is a header or a signature column, never to be cut; a ruled row may run onto the next page.
      dontBreakRows: !block.borders,
      body: block.rows.map((cells, row) =>
        cells.map((blocks, column) => ({ stack: renderBlocks(blocks, innerWidthsMm[column] ?? 0), ...(block.spans?.[`${row}:${column}`] ?? {}) })),
      ),
    },
    layout,
  };
}
