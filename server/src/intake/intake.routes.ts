// /api/intakes: take a citizen's intake, look up their history as the CCCD is typed, read one visit.
import { Router, type Request } from 'express';
import { HandlingRequest, HistoryQuery, IntakeInput, QueueRequest, ReplyRequest, SlipQuery, Uuid } from '../../../protocol/index.ts';
import { requireCaller } from '../auth/auth.middleware.ts';
import { parse } from '../errors/validate.ts';
import { sendDownload } from '../http/send-download.ts';
import { intakeBody, intakeUploads } from './intake-uploads.ts';
import type { IntakeService } from './intake.service.ts';

/** `publicUrl`: the address printed in the receipt's QR code; else the address the request came to. */
export function intakeRoutes(intakes: IntakeService, publicUrl: string | undefined): Router {
  const router = Router();
  router.use(requireCaller);
  const idOf = (req: Request): string => parse(Uuid, req.params.id, 'what.intake');

  router.post('/', intakeUploads, async (req, res) => {
    const { fields, uploads } = intakeBody(req.body, req.files);
    res.status(201).json(await intakes.create(req.signIn!.caller, parse(IntakeInput, fields, 'what.intake'), uploads));
  });

  router.get('/:id/attachments/:attachmentId', async (req, res) => {
    const file = await intakes.attachment(req.signIn!.caller, idOf(req), parse(Uuid, req.params.attachmentId, 'what.intake'));
    sendDownload(res, file);
  });

  router.get('/places', async (req, res) => {
    res.json(await intakes.places(req.signIn!.caller));
  });

  router.get('/history', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await intakes.history(req.signIn!.caller, parse(HistoryQuery, req.query, 'what.intake')));
  });

  router.put('/:id/handling', async (req, res) => {
    res.json(await intakes.handle(req.signIn!.caller, idOf(req), parse(HandlingRequest, req.body, 'what.intake')));
  });

  router.put('/:id/reply', async (req, res) => {
    res.json(await intakes.recordReply(req.signIn!.caller, idOf(req), parse(ReplyRequest, req.body, 'what.intake')));
  });

  router.post('/:id/queue', async (req, res) => {
    res.status(201).json(await intakes.queue(req.signIn!.caller, idOf(req), parse(QueueRequest, req.body, 'what.intake').sessionId));
  });

  router.get('/:id/slip', async (req, res) => {
    const query = parse(SlipQuery, req.query, 'what.intake');
    const file = await intakes.slip(req.signIn!.caller, idOf(req), query, publicUrl ?? `${req.protocol}://${req.get('host')}`);
    sendDownload(res, { ...file, contentType: file.mimeType });
  });

  router.get('/:id', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await intakes.get(req.signIn!.caller, idOf(req)));
  });

  return router;
}
