// Reads one document sent to a case as multipart/form-data (the field "file"), held in memory up to the
// scans' size limit; what multer refuses on the way (a 30 MB file, a second file) becomes a clear error.
import type { RequestHandler } from 'express';
import multer from 'multer';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_MB, msg } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import { cleanFileName } from '../intake/attachment-check.ts';

const receive = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } }).single('file');

export const caseDocumentUpload: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next(new AppError('BAD_REQUEST', msg('case.documentMissing'), { details: { file: msg('case.documentMissing') } }));
  receive(req, res, (err: unknown) => {
    if (!err) return next();
    const name = err instanceof multer.MulterError ? cleanFileName((err as multer.MulterError & { filename?: string }).filename ?? err.field ?? '') : '';
    const problem =
      err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE'
        ? msg('intake.fileTooLarge', { name, max: ATTACHMENT_MAX_MB })
        : msg('intake.fileUnreadable', { reason: err instanceof Error ? err.message : String(err) });
    next(new AppError('BAD_REQUEST', problem, { details: { file: problem } }));
  });
};
