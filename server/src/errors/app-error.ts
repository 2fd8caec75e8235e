// Errors are values with a code, a status and a Vietnamese message a person can act on. The same shape
// goes out over HTTP and over the socket. Services and rules throw them; the transports only translate.
import { randomUUID } from 'node:crypto';
import type { ZodError } from 'zod';
import { keyedText, msg, vi, type ApiError, type ErrorCode, type Message, type MessageKey, type MessageParams } from '../../../protocol/index.ts';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  CSRF: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CLIENT_TOO_OLD: 426,
  SERVER_TOO_OLD: 503,
  WEBHOOK_REJECTED: 401,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details?: Record<string, string>;
  readonly retryAfter?: number;
  /** The message by key (see protocol/messages), so a page can word it in its own language. */
  readonly key?: MessageKey;
  readonly params?: MessageParams;
  readonly detailKeys?: Record<string, Message>;

  /** `message` is a Message (preferred: it can be translated) or plain Vietnamese text. */
  constructor(
    code: ErrorCode,
    message: string | Message,
    extra: { details?: Record<string, string | Message>; retryAfter?: number } = {},
  ) {
    super(typeof message === 'string' ? message : vi(message.key, message.params));
    this.code = code;
    this.statusCode = STATUS[code];
    if (typeof message !== 'string') {
      this.key = message.key;
      this.params = message.params;
    }
    if (extra.details) {
      const texts: Record<string, string> = {};
      const keys: Record<string, Message> = {};
      for (const [path, detail] of Object.entries(extra.details)) {
        texts[path] = typeof detail === 'string' ? detail : vi(detail.key, detail.params);
        if (typeof detail !== 'string') keys[path] = detail;
      }
      this.details = texts;
      if (Object.keys(keys).length > 0) this.detailKeys = keys;
    }
    this.retryAfter = extra.retryAfter;
  }

  toJSON(correlationId?: string): ApiError {
    return {
      code: this.code,
      statusCode: this.statusCode,
      message: this.message,
      ...(this.key ? { key: this.key } : {}),
      ...(this.params ? { params: this.params } : {}),
      ...(this.details ? { details: this.details } : {}),
      ...(this.detailKeys ? { detailKeys: this.detailKeys } : {}),
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
      ...(correlationId ? { correlationId } : {}),
    };
  }
}

/** A schema's message as a Message when it is a key ("v.maxChars?max=120"), else as the text it is. */
function issueMessage(text: string): string | Message {
  return keyedText(text) ?? text;
}

export function validationError(error: ZodError, what: MessageKey = 'what.data'): AppError {
  const details: Record<string, string | Message> = {};
  for (const issue of error.issues) details[issue.path.join('.') || '_'] = issueMessage(issue.message);
  const first = error.issues[0] ? issueMessage(error.issues[0].message) : msg('v.invalid');
  return new AppError('BAD_REQUEST', msg('request.invalid', { what: msg(what), first }), { details });
}

/** Turns anything thrown into an ApiError; unexpected failures are logged with a correlation id. */
export function toApiError(err: unknown, log: (m: string) => void): ApiError {
  if (err instanceof AppError) return err.toJSON();
  if (isBodyParserError(err)) {
    return new AppError('BAD_REQUEST', msg('request.unreadable')).toJSON();
  }
  const correlationId = randomUUID();
  log(`[${correlationId}] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return new AppError('INTERNAL', msg('server.internal', { id: correlationId })).toJSON(correlationId);
}

function isBodyParserError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'type' in err && typeof (err as { type: unknown }).type === 'string' && 'status' in err;
}
