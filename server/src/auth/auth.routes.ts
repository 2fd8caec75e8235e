import { Router, type CookieOptions } from 'express';
import { ChangePasswordRequest, SESSION_COOKIE, SignInRequest, type SessionAnswer } from '../../../protocol/index.ts';
import { parse } from '../errors/validate.ts';
import { AuthService } from './auth.service.ts';
import { requireCaller, requireSameOriginJson } from './auth.middleware.ts';
import { toMe } from './account.mapper.ts';

export function authRoutes(auth: AuthService, cookieSecure: boolean, publicUrl: string | undefined): Router {
  const router = Router();
  const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'strict', secure: cookieSecure, path: '/' };

  router.post('/sign-in', requireSameOriginJson(publicUrl), async (req, res) => {
    const body = parse(SignInRequest, req.body, 'what.signIn');
    const { token, me, expiresAt } = await auth.signIn(body.username, body.password);
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
    res.json(me);
  });

  router.post('/password', requireCaller, async (req, res) => {
    const { current, next } = parse(ChangePasswordRequest, req.body, 'what.password');
    await auth.changePassword(req.signIn!, current, next);
    res.status(204).end();
  });

  router.post('/sign-out', requireCaller, async (req, res) => {
    if (req.sessionToken) await auth.signOut(req.sessionToken);
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  // Who is signed in, if anyone: a page asks this at every start, and being signed out is not an error
  // (a 401 there would show as a failed request in every browser's console).
  router.get('/session', (req, res) => {
    const signIn = req.signIn;
    const body: SessionAnswer = { me: signIn ? toMe(signIn.account, signIn.csrfToken) : null };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.get('/me', requireCaller, (req, res) => {
    const signIn = req.signIn!;
    res.json(toMe(signIn.account, signIn.csrfToken));
  });

  return router;
}
