// /api/reports: the statutory reports' figures for a period and a scope.
import { Router } from 'express';
import { ReportExportQuery, ReportQuery } from '../../../protocol/index.ts';
import { contentDisposition } from '../http/content-disposition.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { ReportsService } from './reports.service.ts';

export function reportRoutes(reports: ReportsService): Router {
  const router = Router();
  router.use(requireCaller);
  router.get('/summary', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await reports.summary(req.signIn!.caller, parse(ReportQuery, req.query, 'what.report')));
  });
  router.get('/export', async (req, res) => {
    const file = await reports.export(req.signIn!.caller, parse(ReportExportQuery, req.query, 'what.report'));
    res.set('Cache-Control', 'no-store');
    res.set('Content-Type', file.mimeType);
    res.set('Content-Disposition', contentDisposition(file.fileName));
    res.send(file.bytes);
  });
  return router;
}
