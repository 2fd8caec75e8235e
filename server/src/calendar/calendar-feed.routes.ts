// POST /api/calendar-feed: a new secret .ics address for the signed-in person (shown once).
import { Router } from 'express';
import { requireCaller } from '../auth/auth.middleware.ts';
import type { CalendarFeedService } from './calendar-feed.service.ts';

export function calendarFeedRoutes(feeds: CalendarFeedService): Router {
  const router = Router();
  router.use(requireCaller);
  router.post('/', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(await feeds.issue(req.signIn!.caller));
  });
  return router;
}
