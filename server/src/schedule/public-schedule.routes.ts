// /api/public/schedule: the reception schedule the law requires posted publicly. No sign-in, and nothing in
// it but what a notice board shows (kind, leader, place, time, bridge points): no citizen, no account id.
import { Router } from 'express';
import type { ScheduleService } from './schedule.service.ts';

export function publicScheduleRoutes(schedule: ScheduleService): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(await schedule.publicSchedule());
  });
  return router;
}
