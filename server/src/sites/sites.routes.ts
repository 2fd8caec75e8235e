// /api/admin/sites: the city's sites, and importing many at once from a CSV or XLSX file (sent as the
// request body with its content type, not as JSON: 126 wards fit in a few kilobytes).
import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { IMPORT_CONTENT_TYPES, IMPORT_MAX_BYTES, SiteChange, SiteInput, Uuid, msg } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { AppError } from '../errors/app-error.ts';
import { parse } from '../errors/validate.ts';
import type { ImportFileType } from './site-import.ts';
import type { SitesService } from './sites.service.ts';

function fileTypeOf(req: Request): ImportFileType {
  if (req.is(IMPORT_CONTENT_TYPES.xlsx)) return 'xlsx';
  if (req.is(['text/csv', 'text/plain', 'application/vnd.ms-excel'])) return 'csv';
  throw new AppError('BAD_REQUEST', msg('import.unreadable'));
}

export function siteRoutes(sites: SitesService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.site');

  router.get('/', async (req, res) => {
    res.json(await sites.list(req.signIn!.caller));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await sites.create(req.signIn!.caller, parse(SiteInput, req.body, 'what.site')));
  });

  router.patch('/:id', async (req, res) => {
    res.json(await sites.change(req.signIn!.caller, idOf(req), parse(SiteChange, req.body, 'what.site')));
  });

  router.post(
    '/import',
    express.raw({ type: () => true, limit: IMPORT_MAX_BYTES }),
    async (req, res) => {
      const type = fileTypeOf(req);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const dryRun = req.query.dryRun === '1';
      const result = await sites.importFile(req.signIn!.caller, body, type, dryRun);
      res.status(dryRun ? 200 : 201).json(result);
    },
  );

  // A file over the limit is refused by the body reader before the route: say so in words an office can act on.
  router.use(((err, _req, _res, next) => {
    const tooLarge = typeof err === 'object' && err !== null && (err as { type?: string }).type === 'entity.too.large';
    next(tooLarge ? new AppError('BAD_REQUEST', msg('import.tooLarge', { max: IMPORT_MAX_BYTES / 1024 / 1024 })) : err);
  }) satisfies ErrorRequestHandler);

  return router;
}
