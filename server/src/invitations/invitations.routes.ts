// /api/invitations: the coming sessions a bridge point or agency is invited to, confirming attendance,
// and (for the people who schedule) who confirmed and who passed the connection test.
import { Router, type Request } from 'express';
import { Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { InvitationsService } from './invitations.service.ts';

export function invitationRoutes(invitations: InvitationsService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.sessionId, 'what.sessionId');

  router.get('/', async (req, res) => {
    res.json(await invitations.invitations(req.signIn!.caller));
  });

  router.post('/:sessionId/confirm', async (req, res) => {
    await invitations.confirm(req.signIn!.caller, idOf(req));
    res.json({ ok: true });
  });

  router.get('/:sessionId/attendance', async (req, res) => {
    res.json(await invitations.attendance(req.signIn!.caller, idOf(req)));
  });

  return router;
}
