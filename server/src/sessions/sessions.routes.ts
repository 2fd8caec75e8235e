import { Router, type Request } from 'express';
import { ConnectionRequest, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { LiveKitCredentials } from '../livekit/tokens.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { SessionsService } from './sessions.service.ts';

export function sessionRoutes(
  sessions: SessionsService,
  presence: PresenceService,
  livekitFor: (req: Request) => LiveKitCredentials,
): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.sessionId');

  router.get('/', async (req, res) => {
    res.json(await sessions.list(req.signIn!.caller));
  });

  router.get('/:id', async (req, res) => {
    res.json(await sessions.get(req.signIn!.caller, idOf(req)));
  });

  router.post('/:id/connection', async (req, res) => {
    const { mode } = parse(ConnectionRequest, req.body ?? {}, 'what.connection');
    res.json(await sessions.connectionDetails(req.signIn!.caller, idOf(req), livekitFor(req), mode));
  });

  router.get('/:id/presence', async (req, res) => {
    res.json(await presence.snapshotFor(req.signIn!.caller, idOf(req)));
  });

  return router;
}
