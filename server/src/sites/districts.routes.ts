// /api/admin/districts: the city's districts, by which bridge points are grouped and checked.
import { Router } from 'express';
import { DistrictInput } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { SitesService } from './sites.service.ts';

export function districtRoutes(sites: SitesService): Router {
  const router = Router();
  router.use(requireCaller);

  router.get('/', async (req, res) => {
    res.json(await sites.districts(req.signIn!.caller));
  });

  router.post('/', async (req, res) => {
    await sites.addDistrict(req.signIn!.caller, parse(DistrictInput, req.body, 'what.district').name);
    res.status(201).json({ ok: true });
  });

  return router;
}
