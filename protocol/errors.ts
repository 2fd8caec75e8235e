// Errors: one shape for HTTP and socket. `message` is Vietnamese, for the person in front of the screen.
import type { Message, MessageKey, MessageParams } from './messages/index.ts';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'CSRF',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** The page is older than the server (it reloads to get the new one). */
  'CLIENT_TOO_OLD',
  /** The server is older than the page (during an update: the page waits and reloads). */
  'SERVER_TOO_OLD',
  'WEBHOOK_REJECTED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  statusCode: number;
  message: string;
  /** Field-level problems from validation, keyed by dotted path. */
  details?: Record<string, string>;
  correlationId?: string;
  /** Seconds to wait before trying again (TOO_MANY_ATTEMPTS). */
  retryAfter?: number;
  /** The message by key, so a page can word it in its own language (see messages/). */
  key?: MessageKey;
  params?: MessageParams;
  /** Field problems by key, for the same reason. */
  detailKeys?: Record<string, Message>;
}
