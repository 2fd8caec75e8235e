// /api/notifications: the signed-in person's notification centre.
import { Router } from 'express';
import { MarkReadRequest } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { InvitationsService } from './invitations.service.ts';

export function notificationRoutes(invitations: InvitationsService): Router {
  const router = Router();
  router.use(requireCaller);

  router.get('/', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await invitations.notifications(req.signIn!.caller));
  });

  router.post('/read', async (req, res) => {
    await invitations.markRead(req.signIn!.caller, parse(MarkReadRequest, req.body ?? {}, 'what.notifications').ids);
    res.json({ ok: true });
  });

  return router;
}
