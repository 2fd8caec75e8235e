// Reads an intake sent as multipart/form-data: the intake as JSON in the field "intake" and the scans as
// "files". Files are held in memory (at most ten of ten megabytes) and checked by their bytes in the
// service; what multer refuses on the way (a 30 MB file, an eleventh file) becomes the same clear error.
import type { RequestHandler } from 'express';
import multer from 'multer';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_MB, ATTACHMENTS_PER_INTAKE, msg } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import { cleanFileName, type Upload } from './attachment-check.ts';

const receive = multer({
  storage: multer.memoryStorage(),
  // Browsers send file names in UTF-8: "Đơn khiếu nại.pdf" must not arrive as mojibake.
  defParamCharset: 'utf8',
  limits: { fileSize: ATTACHMENT_MAX_BYTES, files: ATTACHMENTS_PER_INTAKE, fields: 1, fieldSize: 200 * 1024, parts: ATTACHMENTS_PER_INTAKE + 1 },
}).array('files', ATTACHMENTS_PER_INTAKE);

/** Parses a multipart body (a JSON body passes by untouched). */
export const intakeUploads: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next();
  receive(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      // multer 2 names the file it refused (its type definitions do not say so yet).
      const name = cleanFileName((err as multer.MulterError & { filename?: string }).filename ?? err.field ?? '');
      const problem =
        err.code === 'LIMIT_FILE_SIZE'
          ? msg('intake.fileTooLarge', { name, max: ATTACHMENT_MAX_MB })
          : err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_PART_COUNT'
            ? msg('intake.fileTooMany', { max: ATTACHMENTS_PER_INTAKE })
            : msg('intake.fileUnreadable', { reason: err.message });
      return next(new AppError('BAD_REQUEST', problem, { details: { attachments: problem } }));
    }
    next(new AppError('BAD_REQUEST', msg('intake.fileUnreadable', { reason: err instanceof Error ? err.message : String(err) })));
  });
};

/** The intake's fields (JSON, or the multipart "intake" field) and its scans. */
export function intakeBody(body: unknown, files: unknown): { fields: unknown; uploads: Upload[] } {
  const uploads = Array.isArray(files) ? (files as Express.Multer.File[]).map((f) => ({ fileName: f.originalname, bytes: f.buffer })) : [];
  if (Array.isArray(files) || (body && typeof body === 'object' && typeof (body as { intake?: unknown }).intake === 'string')) {
    const text = (body as { intake?: unknown } | undefined)?.intake;
    try {
      return { fields: typeof text === 'string' ? JSON.parse(text) : {}, uploads };
    } catch {
      throw new AppError('BAD_REQUEST', msg('intake.fileUnreadable', { reason: 'the "intake" field is not JSON' }));
    }
  }
  return { fields: body, uploads };
}
