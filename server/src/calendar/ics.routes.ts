// GET /api/calendar-feeds/:token.ics: the feed a calendar program reads (its secret address is the key).
import { Router } from 'express';
import { msg } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import type { CalendarFeedService } from './calendar-feed.service.ts';

export function icsRoutes(feeds: CalendarFeedService): Router {
  const router = Router();
  router.get('/:token', async (req, res) => {
    const token = String(req.params.token).replace(/\.ics$/, '').slice(0, 200);
    const text = await feeds.feed(token);
    if (text === null) throw new AppError('NOT_FOUND', msg('feed.unknown'));
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.type('text/calendar; charset=utf-8').send(text);
  });
  return router;
}
