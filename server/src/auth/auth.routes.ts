import { Router, type CookieOptions } from 'express';
import { SESSION_COOKIE, SignInRequest } from '../../../protocol/index.ts';
import { parse } from '../http/validate.ts';
import { AuthService } from './auth.service.ts';
import { requireCaller, requireSameOriginJson } from './auth.middleware.ts';
import { toMe } from './account.mapper.ts';

export function authRoutes(auth: AuthService, cookieSecure: boolean, publicUrl: string | undefined): Router {
  const router = Router();
  const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'strict', secure: cookieSecure, path: '/' };

  router.post('/sign-in', requireSameOriginJson(publicUrl), async (req, res) => {
    const body = parse(SignInRequest, req.body, 'Thông tin đăng nhập');
    const { token, me, expiresAt } = await auth.signIn(body.username, body.password);
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
    res.json(me);
  });

  router.post('/sign-out', requireCaller, async (req, res) => {
    if (req.sessionToken) await auth.signOut(req.sessionToken);
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.get('/me', requireCaller, (req, res) => {
    const caller = req.caller!;
    res.json(toMe(caller.account, caller.csrfToken));
  });

  return router;
}
