// /api/reports: the statutory reports' figures for a period and a scope.
import { Router } from 'express';
import { ReportQuery } from '../../../protocol/index.ts';
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
  return router;
}
