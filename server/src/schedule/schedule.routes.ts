// /api/schedule: sessions and series as moderators and administrators schedule them.
import { Router, type Request } from 'express';
import { CalendarQuery, CancelRequest, ChangeSeriesRequest, ChangeSessionRequest, PreviewRequest, ScheduleSeriesRequest, ScheduleSessionRequest, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { ScheduleService } from './schedule.service.ts';

export function scheduleRoutes(schedule: ScheduleService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.sessionId');
  const seriesIdOf = (req: Request): string => parse(Uuid, req.params.id, 'what.seriesId');

  router.get('/calendar', async (req, res) => {
    const { from, to } = parse(CalendarQuery, req.query, 'what.schedule');
    res.json(await schedule.calendar(req.signIn!.caller, from, to));
  });

  router.get('/options', async (req, res) => {
    res.json(await schedule.options(req.signIn!.caller));
  });

  router.post('/preview', async (req, res) => {
    const { count, startDate, untilDate, time, recurrence } = parse(PreviewRequest, req.body, 'what.schedule');
    res.json(await schedule.preview(req.signIn!.caller, { recurrence, startDate, untilDate, time }, count));
  });

  router.get('/sessions', async (req, res) => {
    res.json(await schedule.sessions(req.signIn!.caller));
  });

  router.post('/sessions', async (req, res) => {
    res.status(201).json(await schedule.createSession(req.signIn!.caller, parse(ScheduleSessionRequest, req.body, 'what.schedule')));
  });

  router.patch('/sessions/:id', async (req, res) => {
    res.json(await schedule.changeSession(req.signIn!.caller, idOf(req), parse(ChangeSessionRequest, req.body, 'what.schedule')));
  });

  router.post('/sessions/:id/cancel', async (req, res) => {
    res.json(await schedule.cancelSession(req.signIn!.caller, idOf(req), parse(CancelRequest, req.body, 'what.schedule').reason));
  });

  router.get('/series', async (req, res) => {
    res.json(await schedule.allSeries(req.signIn!.caller));
  });

  router.post('/series', async (req, res) => {
    res.status(201).json(await schedule.createSeries(req.signIn!.caller, parse(ScheduleSeriesRequest, req.body, 'what.schedule')));
  });

  router.patch('/series/:id', async (req, res) => {
    res.json(await schedule.changeSeries(req.signIn!.caller, seriesIdOf(req), parse(ChangeSeriesRequest, req.body, 'what.schedule')));
  });

  router.post('/series/:id/end', async (req, res) => {
    await schedule.endSeries(req.signIn!.caller, seriesIdOf(req));
    res.json({ ok: true });
  });

  return router;
}
