// Resolves the session cookie to a caller and guards state-changing requests against CSRF: a request
// from another site cannot read our csrf token, so it cannot send the header.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { CSRF_HEADER, SESSION_COOKIE, msg } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import { judgeOrigin } from '../http/origin.ts';
import { AuthService, type SignIn } from './auth.service.ts';

declare module 'express-serve-static-core' {
  interface Request {
    signIn?: SignIn;
    sessionToken?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionTokenFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookies(cookieHeader)[SESSION_COOKIE];
}

export function loadCaller(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    const token = sessionTokenFrom(req.headers.cookie);
    req.sessionToken = token;
    auth
      .authenticate(token)
      .then((signIn) => {
        if (signIn) req.signIn = signIn;
        next();
      })
      .catch(next);
  };
}

/** Route guard: a signed-in caller, and for state-changing methods the matching CSRF header. */
export function requireCaller(req: Request, _res: Response, next: NextFunction): void {
  const signIn = req.signIn;
  if (!signIn) return next(new AppError('UNAUTHENTICATED', msg('auth.signedOut')));
  if (!SAFE_METHODS.has(req.method) && !AuthService.csrfMatches(signIn.csrfToken, req.header(CSRF_HEADER))) {
    return next(new AppError('CSRF', msg('auth.csrf')));
  }
  next();
}

/**
 * Sign-in has no session yet: refuse cross-site posts by their Origin (only our own origin, see
 * judgeOrigin), and accept JSON only (a plain HTML form from another site cannot send application/json
 * without a CORS preflight, which we never grant).
 */
export function requireSameOriginJson(publicUrl: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (judgeOrigin(req.header('origin'), req.header('host'), publicUrl) === 'refused') {
      return next(new AppError('CSRF', msg('auth.foreignOrigin')));
    }
    if (!req.is('application/json')) {
      return next(new AppError('BAD_REQUEST', msg('request.jsonOnly')));
    }
    next();
  };
}
