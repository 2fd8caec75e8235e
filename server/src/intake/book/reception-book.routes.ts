// /api/reception-book: a period of the reception book, a page at a time, and its XLSX or PDF.
import { Router } from 'express';
import { BookExportQuery, BookQuery } from '../../../../protocol/index.ts';
import { requireCaller } from '../../auth/auth.middleware.ts';
import { parse } from '../../errors/validate.ts';
import { sendDownload } from '../../http/send-download.ts';
import type { ReceptionBookService } from './reception-book.service.ts';

export function receptionBookRoutes(book: ReceptionBookService): Router {
  const router = Router();
  router.use(requireCaller);

  router.get('/', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await book.page(req.signIn!.caller, parse(BookQuery, req.query, 'what.book')));
  });

  router.get('/export', async (req, res) => {
    const query = parse(BookExportQuery, req.query, 'what.book');
    const file = await book.export(req.signIn!.caller, query, query.format);
    sendDownload(res, { ...file, contentType: file.mimeType });
  });

  return router;
}
