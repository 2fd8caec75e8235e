// Every file the hub hands out (a scan, a case's document, a report, the reception book, a receipt) goes
// out the same way: never cached (it may name a protected citizen), and always as a download, never shown
// in the hub's own origin, so a crafted PDF cannot run as a page of ours.
import type { Response } from 'express';

/**
 * `Content-Disposition: attachment` for a name people typed in Vietnamese: an ASCII fallback for old
 * clients and the exact name in RFC 5987's filename*, so "Đơn khiếu nại.pdf" is saved as itself.
 */
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
      .replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export interface Download {
  bytes: Buffer | Uint8Array;
  fileName: string;
  /** What the bytes are: sniffed for an upload, set by the renderer for a document. */
  contentType: string;
}

export function sendDownload(res: Response, file: Download): void {
  res.set('Cache-Control', 'no-store');
  res.set('Content-Type', file.contentType);
  res.set('Content-Disposition', contentDisposition(file.fileName));
  res.send(file.bytes);
}
