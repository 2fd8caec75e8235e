// /api/plan: the year's plan of dialogue conferences and thematic sessions.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { CancelRequest, PlanEntryInput, SchedulePlannedRequest, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { PlanService } from './plan.service.ts';

const Year = z.coerce.number().int().min(2000).max(2100);

export function planRoutes(plan: PlanService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.plan');

  router.get('/', async (req, res) => {
    res.json(await plan.year(req.signIn!.caller, parse(Year, req.query.year ?? new Date().getFullYear(), 'what.plan')));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await plan.add(req.signIn!.caller, parse(PlanEntryInput, req.body, 'what.plan')));
  });

  router.post('/:id/schedule', async (req, res) => {
    res.json(await plan.schedule(req.signIn!.caller, idOf(req), parse(SchedulePlannedRequest, req.body, 'what.plan')));
  });

  router.post('/:id/drop', async (req, res) => {
    await plan.drop(req.signIn!.caller, idOf(req), parse(CancelRequest, req.body, 'what.plan').reason);
    res.json({ ok: true });
  });

  return router;
}
