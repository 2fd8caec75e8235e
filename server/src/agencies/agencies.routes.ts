// /api/admin/agencies: the city's agencies and their representatives.
import { Router, type Request } from 'express';
import { AgencyChange, AgencyInput, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { AgenciesService } from './agencies.service.ts';

export function agencyRoutes(agencies: AgenciesService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.agency');

  router.get('/', async (req, res) => {
    res.json(await agencies.list(req.signIn!.caller));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await agencies.create(req.signIn!.caller, parse(AgencyInput, req.body, 'what.agency')));
  });

  router.patch('/:id', async (req, res) => {
    res.json(await agencies.change(req.signIn!.caller, idOf(req), parse(AgencyChange, req.body, 'what.agency')));
  });

  return router;
}
