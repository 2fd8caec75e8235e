// /api/admin/holidays: the public holidays sessions avoid and deadlines skip.
import { Router } from 'express';
import { z } from 'zod';
import { DayText, HolidayInput } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { HolidaysService } from './holidays.service.ts';

const Year = z.coerce.number().int().min(2000).max(2100);

export function holidayRoutes(holidays: HolidaysService): Router {
  const router = Router();
  router.use(requireCaller);

  router.get('/', async (req, res) => {
    const year = parse(Year, req.query.year ?? new Date().getFullYear(), 'what.holiday');
    res.json(await holidays.list(req.signIn!.caller, year));
  });

  router.post('/', async (req, res) => {
    const { date, name } = parse(HolidayInput, req.body, 'what.holiday');
    await holidays.add(req.signIn!.caller, date, name);
    res.status(201).json({ ok: true });
  });

  router.delete('/:date', async (req, res) => {
    await holidays.remove(req.signIn!.caller, parse(DayText, req.params.date, 'what.holiday'));
    res.json({ ok: true });
  });

  return router;
}
