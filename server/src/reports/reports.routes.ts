// /api/reports: the statutory reports' figures for a period and a scope.
import { Router } from 'express';
import { ReportExportQuery, ReportFilingRequest, ReportQuery, ReportRecordsQuery } from '../../../protocol/index.ts';
import { sendDownload } from '../http/send-download.ts';
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
  router.post('/filings', async (req, res) => {
    res.status(201).json(await reports.file(req.signIn!.caller, parse(ReportFilingRequest, req.body, 'what.report')));
  });
  router.get('/records', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await reports.records(req.signIn!.caller, parse(ReportRecordsQuery, req.query, 'what.report')));
  });
  router.get('/export', async (req, res) => {
    const file = await reports.export(req.signIn!.caller, parse(ReportExportQuery, req.query, 'what.report'));
    sendDownload(res, { ...file, contentType: file.mimeType });
  });
  return router;
}
