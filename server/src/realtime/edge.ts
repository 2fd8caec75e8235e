// What every socket message passes before a handler looks at it: the rate limits of its socket and
// account, and (for intents) a size no person's intent reaches. Both refusals are answers, never drops,
// and both cost no database work.
import { MAX_INTENT_BYTES, msg, type MessageKey } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import { RateLimiter, type RequestKind } from './rate-limit.ts';

export class SocketEdge {
  constructor(private readonly limiter: RateLimiter = new RateLimiter()) {}

  /** Throws TOO_MANY_ATTEMPTS (with the seconds to wait) when the socket or its account asks too often. */
  async admit(socketId: string, accountId: string, kind: RequestKind): Promise<void> {
    const verdict = await this.limiter.admit(kind, socketId, accountId);
    if (verdict.ok) return;
    const retryAfter = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    throw new AppError('TOO_MANY_ATTEMPTS', msg('request.tooFast', { seconds: retryAfter }), { retryAfter });
  }

  /** Whether a volatile message (cursors) may be relayed; over the limit it is simply dropped. */
  async allows(socketId: string, accountId: string, kind: RequestKind): Promise<boolean> {
    return (await this.limiter.admit(kind, socketId, accountId)).ok;
  }

  forget(socketId: string): void {
    this.limiter.forget(socketId);
  }
}

/** JSON intents only (binary minutes updates are checked by their schema): a person's intent is tiny. */
export function refuseOversizedIntent(raw: unknown, what: MessageKey): void {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(raw) ?? '');
  } catch {
    throw new AppError('BAD_REQUEST', msg('request.unreadableWhat', { what: msg(what) }));
  }
  if (size > MAX_INTENT_BYTES) {
    throw new AppError('BAD_REQUEST', msg('request.tooLarge', { what: msg(what), size: Math.round(size / 1024), max: MAX_INTENT_BYTES / 1024 }));
  }
}
