// Errors are values with a code, a status and a Vietnamese message a person can act on. The same shape
// goes out over HTTP and over the socket.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler } from 'express';
import type { ZodError } from 'zod';
import type { ApiError, ErrorCode } from '../../../protocol/index.ts';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  CSRF: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PROTOCOL_MISMATCH: 426,
  WEBHOOK_REJECTED: 401,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details?: Record<string, string>;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, extra: { details?: Record<string, string>; retryAfter?: number } = {}) {
    super(message);
    this.code = code;
    this.statusCode = STATUS[code];
    this.details = extra.details;
    this.retryAfter = extra.retryAfter;
  }

  toJSON(correlationId?: string): ApiError {
    return {
      code: this.code,
      statusCode: this.statusCode,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
      ...(correlationId ? { correlationId } : {}),
    };
  }
}

export function validationError(error: ZodError, what = 'Dữ liệu gửi lên'): AppError {
  const details: Record<string, string> = {};
  for (const issue of error.issues) details[issue.path.join('.') || '_'] = issue.message;
  const first = error.issues[0]?.message ?? 'không hợp lệ';
  return new AppError('BAD_REQUEST', `${what} không hợp lệ: ${first}`, { details });
}

/** Turns anything thrown into an ApiError; unexpected failures are logged with a correlation id. */
export function toApiError(err: unknown, log: (m: string) => void): ApiError {
  if (err instanceof AppError) return err.toJSON();
  if (isBodyParserError(err)) {
    return new AppError('BAD_REQUEST', 'Nội dung yêu cầu không đọc được (JSON không hợp lệ hoặc quá lớn).').toJSON();
  }
  const correlationId = randomUUID();
  log(`[${correlationId}] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return new AppError('INTERNAL', `Máy chủ gặp lỗi không mong muốn. Hãy thử lại; nếu lỗi lặp lại, báo quản trị với mã ${correlationId}.`).toJSON(
    correlationId,
  );
}

function isBodyParserError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'type' in err && typeof (err as { type: unknown }).type === 'string' && 'status' in err;
}

export function errorHandler(log: (m: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const body = toApiError(err, log);
    if (body.retryAfter !== undefined) res.setHeader('Retry-After', String(body.retryAfter));
    res.status(body.statusCode).json(body);
  };
}
