// One document, drawn as the file a person asked for: the DOCX to edit, the PDF to print.
import type { ExportDocument } from './document-model.ts';
import { renderDocx } from './render-docx.ts';
import { renderPdf } from './render-pdf.ts';

export type DocumentFormat = 'docx' | 'pdf';

export const DOCUMENT_MIME_TYPES: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export interface RenderedFile {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
}

export async function renderDocument(doc: ExportDocument, format: DocumentFormat, baseName: string): Promise<RenderedFile> {
  const bytes = format === 'docx' ? await renderDocx(doc) : await renderPdf(doc);
  return { bytes, fileName: `${baseName}.${format}`, mimeType: DOCUMENT_MIME_TYPES[format] };
}
