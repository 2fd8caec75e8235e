// /api/intakes: take a citizen's intake, look up their history as the CCCD is typed, read one visit.
import { Router, type Request } from 'express';
import { HandlingRequest, HistoryQuery, IntakeInput, QueueRequest, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { IntakeService } from './intake.service.ts';

export function intakeRoutes(intakes: IntakeService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.intake');

  router.post('/', async (req, res) => {
    res.status(201).json(await intakes.create(req.signIn!.caller, parse(IntakeInput, req.body, 'what.intake')));
  });

  router.get('/history', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await intakes.history(req.signIn!.caller, parse(HistoryQuery, req.query, 'what.intake')));
  });

  router.put('/:id/handling', async (req, res) => {
    res.json(await intakes.handle(req.signIn!.caller, idOf(req), parse(HandlingRequest, req.body, 'what.intake')));
  });

  router.post('/:id/queue', async (req, res) => {
    res.status(201).json(await intakes.queue(req.signIn!.caller, idOf(req), parse(QueueRequest, req.body, 'what.intake').sessionId));
  });

  router.get('/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await intakes.get(req.signIn!.caller, idOf(req)));
  });

  return router;
}
