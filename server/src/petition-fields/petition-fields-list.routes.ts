// /api/petition-fields: the list every screen names a turn's field from, the TV and the public pages too
// (the names of fields are no one's secret).
import { Router } from 'express';
import type { PetitionFieldsService } from './petition-fields.service.ts';

export function petitionFieldListRoutes(fields: PetitionFieldsService): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.json(await fields.list());
  });

  return router;
}
