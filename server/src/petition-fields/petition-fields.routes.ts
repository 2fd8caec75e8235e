// /api/admin/petition-fields: the office adds petition fields and renames or deactivates its own.
import { Router, type Request } from 'express';
import { FieldCode, PetitionFieldChange, PetitionFieldInput } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { PetitionFieldsService } from './petition-fields.service.ts';

export function petitionFieldRoutes(fields: PetitionFieldsService): Router {
  const router = Router();
  router.use(requireCaller);
  const codeOf = (req: Request): string => parse(FieldCode('v.fieldCode'), req.params.code, 'what.petitionField');

  router.post('/', async (req, res) => {
    res.status(201).json(await fields.create(req.signIn!.caller, parse(PetitionFieldInput, req.body, 'what.petitionField')));
  });

  router.patch('/:code', async (req, res) => {
    res.json(await fields.change(req.signIn!.caller, codeOf(req), parse(PetitionFieldChange, req.body, 'what.petitionField')));
  });

  return router;
}
