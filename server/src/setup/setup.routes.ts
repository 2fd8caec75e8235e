// The setup page's two requests. Nobody is signed in yet: a post is accepted from our own origin, as JSON.
import { Router } from 'express';
import { SetupRequest } from '../../../protocol/index.ts';
import { requireSameOriginJson } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { SetupService } from './setup.service.ts';

export function setupRoutes(setup: SetupService, publicUrl: string | undefined): Router {
  const router = Router();

  router.get('/:token', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await setup.status(String(req.params.token).slice(0, 200)));
  });

  router.post('/', requireSameOriginJson(publicUrl), async (req, res) => {
    await setup.complete(parse(SetupRequest, req.body, 'what.setup'));
    res.status(201).json({ ok: true });
  });

  return router;
}
