// GET /api/admin/audit: the audit log, read-only.
import { Router } from 'express';
import { AuditQuery } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { AuditService } from './audit.service.ts';

export function auditRoutes(audit: AuditService): Router {
  const router = Router();
  router.use(requireCaller);
  router.get('/', async (req, res) => {
    res.json(await audit.search(req.signIn!.caller, parse(AuditQuery, req.query, 'what.audit')));
  });
  return router;
}
