// /api/cases: the cases a person may see (an agency its own queue, the host office the city's), one case
// with its timeline, and one step of its workflow; the regular reception's accepted intakes the host
// office assigns to an agency.
import { Router, type Request } from 'express';
import { CaseActionRequest, CaseFromIntakeRequest, CaseQuery, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import type { CasesService } from './cases.service.ts';
import { sendDownload } from '../http/send-download.ts';
import { caseDocumentUpload } from './case-document-upload.ts';

export function caseRoutes(cases: CasesService): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.case');

  router.get('/', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await cases.list(req.signIn!.caller, parse(CaseQuery, req.query, 'what.case')));
  });

  router.get('/intakes', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await cases.pendingIntakes(req.signIn!.caller));
  });

  router.post('/from-intake', async (req, res) => {
    res.status(201).json(await cases.fromIntake(req.signIn!.caller, parse(CaseFromIntakeRequest, req.body, 'what.case')));
  });

  router.get('/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await cases.get(req.signIn!.caller, idOf(req)));
  });

  router.post('/:id/documents', caseDocumentUpload, async (req, res) => {
    const file = req.file ? { fileName: req.file.originalname, bytes: req.file.buffer } : null;
    res.status(201).json(await cases.addDocument(req.signIn!.caller, idOf(req), file));
  });

  router.get('/:id/documents/:documentId', async (req, res) => {
    const file = await cases.document(req.signIn!.caller, idOf(req), parse(Uuid, req.params.documentId, 'what.case'));
    sendDownload(res, file);
  });

  router.post('/:id/actions', async (req, res) => {
    res.json(await cases.act(req.signIn!.caller, idOf(req), parse(CaseActionRequest, req.body, 'what.case')));
  });

  return router;
}
