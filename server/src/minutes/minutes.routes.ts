// Downloads of the minutes and the conclusion notice (DOCX, PDF). Anyone who may see the session gets the
// public copy; the full copy, with confidential citizens named, only leaves for the chair's circle (the
// service decides both).
import { Router, type Request } from 'express';
import { MinutesExportQuery, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import { sendDownload } from '../http/send-download.ts';
import type { MinutesService } from './minutes.service.ts';

export function minutesRoutes(minutes: MinutesService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.sessionId');

  router.get('/:id/minutes/export', async (req, res) => {
    const sessionId = idOf(req);
    const query = parse(MinutesExportQuery, req.query, 'what.export');
    const content = await minutes.approval.content(req.signIn!.caller, sessionId, query.copy, query.version);
    // Loaded on first use: the document libraries and fonts are not needed to run a session.
    const { exportMinutes } = await import('./export/index.ts');
    const file = await exportMinutes(content, { doc: query.doc, format: query.format, copy: query.copy });
    // A draft changes with every keystroke and a full copy names protected citizens: neither is cached.
    sendDownload(res, { ...file, contentType: file.mimeType });
  });

  return router;
}
