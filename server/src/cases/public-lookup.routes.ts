// POST /api/public/lookup: the citizen's lookup, without signing in; /reply: their word on the answer. A POST, so the pair never sits in an
// address, a history or a proxy's log; from our own pages only, as JSON.
import { Router } from 'express';
import { LookupReplyRequest, LookupRequest } from '../../../protocol/index.ts';
import { requireSameOriginJson } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { PublicLookupService } from './public-lookup.service.ts';

export function publicLookupRoutes(lookup: PublicLookupService, publicUrl: string | undefined): Router {
  const router = Router();
  router.post('/', requireSameOriginJson(publicUrl), async (req, res) => {
    const { code, idSuffix } = parse(LookupRequest, req.body, 'what.case');
    res.set('Cache-Control', 'no-store');
    res.json(await lookup.lookup(req.ip ?? 'unknown', code, idSuffix));
  });
  router.post('/reply', requireSameOriginJson(publicUrl), async (req, res) => {
    const { code, idSuffix, reply } = parse(LookupReplyRequest, req.body, 'what.case');
    res.set('Cache-Control', 'no-store');
    res.json(await lookup.reply(req.ip ?? 'unknown', code, idSuffix, reply));
  });
  return router;
}
