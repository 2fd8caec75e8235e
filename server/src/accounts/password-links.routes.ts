// /api/password-links: the page a one-time link opens. Nobody is signed in: a post is accepted from our
// own origin, as JSON, like the sign-in.
import { Router } from 'express';
import { SetPasswordRequest } from '../../../protocol/index.ts';
import { requireSameOriginJson } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { AccountsService } from './accounts.service.ts';

export function passwordLinkRoutes(accounts: AccountsService, publicUrl: string | undefined): Router {
  const router = Router();

  router.get('/:token', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await accounts.linkStatus(String(req.params.token).slice(0, 200)));
  });

  router.post('/', requireSameOriginJson(publicUrl), async (req, res) => {
    const { token, password } = parse(SetPasswordRequest, req.body, 'what.passwordLink');
    await accounts.setPassword(token, password);
    res.status(201).json({ ok: true });
  });

  return router;
}
