// /api/admin/settings: the office's settings.
import { Router } from 'express';
import { SettingsChange } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { SettingsService } from './settings.service.ts';

export function settingsRoutes(settings: SettingsService): Router {
  const router = Router();
  router.use(requireCaller);

  router.get('/', async (req, res) => {
    res.json(await settings.read(req.signIn!.caller));
  });

  router.patch('/', async (req, res) => {
    res.json(await settings.change(req.signIn!.caller, parse(SettingsChange, req.body, 'what.settings')));
  });

  return router;
}
