// Reading exported documents back as a person would see them: the paragraphs of a DOCX (runs joined), the
// text of a PDF (poppler's pdftotext) and its first page drawn as a PNG (pdftoppm). One set of readers for the
// export's unit tests and the hub's integration tests, so both check the same thing.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

const run = promisify(execFile);

const decodeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of each paragraph of a piece of WordprocessingML, its runs joined. */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    decodeXml([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  );
}

const bodyXml = async (bytes: Buffer) => (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');

/** Every paragraph of the body, in order, empty ones included. */
export async function docxParagraphs(bytes: Buffer): Promise<string[]> {
  return paragraphsOf(await bodyXml(bytes));
}

/** The body and the page headers as a reader sees them: one non-empty paragraph per line. */
export async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.keys(zip.files).filter((n) => /^word\/(document|header\d*)\.xml$/.test(n)).sort();
  const lines: string[] = [];
  for (const name of parts) lines.push(...paragraphsOf(await zip.file(name)!.async('string')).filter(Boolean));
  return lines.join('\n');
}

/** Each row of the table whose header has an "STT" column (the assigned matters), cell texts in order. */
export async function docxTableRows(bytes: Buffer): Promise<string[][]> {
  const xml = await bodyXml(bytes);
  const table = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => t[0]).find((t) => t.includes('>STT</w:t>'));
  if (!table) return [];
  return [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => paragraphsOf(cell[0]).join(' ')),
  );
}

/** Every file of the package as text, markup and metadata included: to prove something is nowhere in it. */
export async function docxRaw(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const texts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
  return texts.join('\n');
}

async function withPdfFile<T>(bytes: Buffer, work: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tiepdan-doc-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    await fs.writeFile(file, bytes);
    return await work(file, dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * What pdftotext reads from the PDF (all pages, or one), with the layout's line breaks and column gaps
 * folded into single spaces so a wrapped sentence still reads as one.
 */
export function pdfText(bytes: Buffer, page?: number): Promise<string> {
  return withPdfFile(bytes, async (file) => {
    const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', ...pages, file, '-']);
    return stdout.normalize('NFC').replace(/\s+/g, ' ').trim();
  });
}

/** The first page drawn at 50 dpi (or as asked), as PNG bytes. */
export function pdfFirstPagePng(bytes: Buffer, dpi = 50): Promise<Buffer> {
  return withPdfFile(bytes, async (file, dir) => {
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    return fs.readFile(path.join(dir, 'page.png'));
  });
}

/** What a phone's camera reads from the QR code drawn on a PDF's first page (jsQR on the page at 150 dpi). */
export async function qrCodeOnFirstPage(bytes: Buffer): Promise<string | null> {
  const page = PNG.sync.read(await pdfFirstPagePng(bytes, 150));
  return jsQR(new Uint8ClampedArray(page.data.buffer, page.data.byteOffset, page.data.length), page.width, page.height)?.data ?? null;
}
