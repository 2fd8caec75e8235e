// /api/admin/accounts: the city's accounts, within the administrator's reach.
import { Router, type Request } from 'express';
import { AccountChange, AccountInput, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { AccountsService } from './accounts.service.ts';

export function accountRoutes(accounts: AccountsService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.accountId');

  router.get('/', async (req, res) => {
    res.json(await accounts.list(req.signIn!.caller));
  });

  router.post('/', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store'); // the answer carries the one-time link
    res.status(201).json(await accounts.create(req.signIn!.caller, parse(AccountInput, req.body, 'what.account')));
  });

  router.patch('/:id', async (req, res) => {
    res.json(await accounts.change(req.signIn!.caller, idOf(req), parse(AccountChange, req.body, 'what.account')));
  });

  router.post('/:id/password-link', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(await accounts.resetPassword(req.signIn!.caller, idOf(req)));
  });

  return router;
}
