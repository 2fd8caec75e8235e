// Scans a citizen brings to an intake: what the hub takes (checked by the bytes on the server, here only so
// that a page can say so before it uploads) and how they appear on the wire.

/** PDF, JPEG and PNG, each with the names it may carry. */
export const ATTACHMENT_TYPES = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
} as const satisfies Record<string, readonly string[]>;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

/** A scanned page at 300 dpi is well under this; a 30 MB file is refused. */
export const ATTACHMENT_MAX_MB = 10;
export const ATTACHMENT_MAX_BYTES = ATTACHMENT_MAX_MB * 1024 * 1024;
export const ATTACHMENTS_PER_INTAKE = 10;

/** For a file input's `accept`. */
export const ATTACHMENT_ACCEPT = Object.values(ATTACHMENT_TYPES)
  .flat()
  .map((e) => `.${e}`)
  .join(',');

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: AttachmentType;
  size: number;
}
