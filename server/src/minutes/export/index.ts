// Downloads of a session's minutes (biên bản) and conclusion notice (thông báo kết luận) as DOCX or PDF.
// Pure: the same content always gives the same bytes, whatever the clock or the machine's time zone.
import type { MinutesContent } from '../../../../protocol/index.ts';
import { isDraft, sessionDate } from './document-parts.ts';
import type { ExportDocument } from '../../documents/document-model.ts';
import { minutesDocument } from './minutes-document.ts';
import { noticeDocument } from './notice-document.ts';
import { publicCopy } from '../../access/redaction.ts';
import { renderDocument, type RenderedFile } from '../../documents/render.ts';
import { isoDay } from '../../documents/vietnam-time.ts';

export { publicCopy } from '../../access/redaction.ts';

export interface ExportOptions {
  doc: 'minutes' | 'notice';
  format: 'docx' | 'pdf';
  /** "public" withholds confidential citizens' identities and statements. */
  copy: 'full' | 'public';
}

const BUILDERS: Record<ExportOptions['doc'], (content: MinutesContent) => ExportDocument> = {
  minutes: minutesDocument,
  notice: noticeDocument,
};

export async function exportMinutes(content: MinutesContent, opts: ExportOptions): Promise<RenderedFile> {
  const printed = opts.copy === 'public' ? publicCopy(content) : content;
  const document = BUILDERS[opts.doc](printed);
  return renderDocument(document, opts.format, exportBaseName(content, opts));
}

/** "bien-ban-2026-01-05-du-thao-ban-cong-khai" (the renderer adds ".pdf"): ASCII, safe in a Content-Disposition header, dated by the session's day. */
function exportBaseName(content: MinutesContent, opts: ExportOptions): string {
  const parts = [
    opts.doc === 'minutes' ? 'bien-ban' : 'thong-bao-ket-luan',
    isoDay(sessionDate(content.header)),
    ...(isDraft(content) ? ['du-thao'] : []),
    ...(opts.copy === 'public' ? ['ban-cong-khai'] : []),
  ];
  return parts.join('-');
}
