// A scan is taken for what its bytes are, not for its name: file-type reads the magic numbers, and the
// name's extension must agree with them, so a renamed executable or a Word file called "scan.pdf" is
// refused with a message that names the file.
import { fileTypeFromBuffer } from 'file-type';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_MB, ATTACHMENT_TYPES, msg, type AttachmentType, type Message } from '../../../protocol/index.ts';

export interface Upload {
  fileName: string;
  bytes: Buffer;
}

export interface CheckedUpload extends Upload {
  contentType: AttachmentType;
}

const isAllowed = (mime: string): mime is AttachmentType => Object.hasOwn(ATTACHMENT_TYPES, mime);

/** The name a person chose, cut to something a header and a file system take: no folders, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (clean || 'tep-dinh-kem').slice(-150);
}

export async function checkUpload(upload: Upload): Promise<{ ok: true; file: CheckedUpload } | { ok: false; problem: Message }> {
  const name = cleanFileName(upload.fileName);
  if (upload.bytes.length === 0) return { ok: false, problem: msg('intake.fileEmpty', { name }) };
  if (upload.bytes.length > ATTACHMENT_MAX_BYTES) return { ok: false, problem: msg('intake.fileTooLarge', { name, max: ATTACHMENT_MAX_MB }) };
  const sniffed = await fileTypeFromBuffer(upload.bytes);
  if (!sniffed || !isAllowed(sniffed.mime)) return { ok: false, problem: msg('intake.fileType', { name }) };
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const names: readonly string[] = ATTACHMENT_TYPES[sniffed.mime];
  if (extension && !names.includes(extension)) {
    return { ok: false, problem: msg('intake.fileMismatch', { name, extension, actual: sniffed.ext.toUpperCase() }) };
  }
  return { ok: true, file: { fileName: name, bytes: upload.bytes, contentType: sniffed.mime } };
}
