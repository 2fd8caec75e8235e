// Express's last middleware: whatever a route threw goes out as the one ApiError shape.
import type { ErrorRequestHandler } from 'express';
import { toApiError } from '../errors/app-error.ts';

export function errorHandler(log: (m: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const body = toApiError(err, log);
    if (body.retryAfter !== undefined) res.setHeader('Retry-After', String(body.retryAfter));
    res.status(body.statusCode).json(body);
  };
}
