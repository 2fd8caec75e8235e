// PUT /api/clock: moves the hub's time source forward (administrators only, and only when the hub was
// started with CLOCK_CONTROL=true; otherwise there is no such address). GET answers where the hub's clock is.
import { Router } from 'express';
import { z } from 'zod';
import { msg } from '../../../protocol/index.ts';
import { schemaText } from '../../../protocol/messages/index.ts';
import { administrator } from '../access/administration.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { AppError } from '../errors/app-error.ts';
import { parse } from '../errors/validate.ts';
import type { HubClock } from './hub-clock.ts';

const MoveClock = z.object({ at: z.iso.datetime({ offset: true, error: schemaText('v.invalid') }) });

export function clockRoutes(clock: HubClock): Router {
  const router = Router();
  router.use((req, _res, next) => (clock.movable ? next() : next(new AppError('NOT_FOUND', msg('request.noSuchApi', { method: req.method, path: req.originalUrl })))));
  router.use(requireCaller);
  router.get('/', (req, res) => {
    administrator(req.signIn!.caller);
    res.json({ now: clock.now().toISOString() });
  });
  router.put('/', async (req, res) => {
    administrator(req.signIn!.caller);
    const { at } = parse(MoveClock, req.body, 'what.clock');
    const moved = await clock.moveTo(new Date(at));
    if (moved === 'backwards') throw new AppError('CONFLICT', msg('clock.backwards'));
    res.json({ now: clock.now().toISOString() });
  });
  return router;
}
