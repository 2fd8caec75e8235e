// How often one socket, and one account over all its sockets, may ask the hub for something. Checked
// before anything is parsed further or read from the database, so a flood costs the hub a counter, not a
// query: a modified client sending thousands of intents a second is answered "too fast" while everyone
// else's intents go through. Token buckets: a burst is allowed, the steady rate is what refills it.
// A socket's bucket lives with the socket. An account's spans every instance (a modified client opening
// sockets on two instances must not get twice the budget): with Redis it is kept there (redis-rate.ts),
// and while Redis cannot answer each instance falls back to a bucket of its own.
export interface Rate {
  /** Requests allowed at once. */
  burst: number;
  /** Requests per second, refilled continuously. */
  perSecond: number;
}

export type RequestKind = 'intent' | 'minutesUpdate' | 'awareness';

/**
 * Limits per kind. A person clicks a few intents a second at most (a reconnect asks for about six things at
 * once). The web editor sends one minutes update per round trip (typing is merged while one is in flight),
 * but other Yjs clients send one per keystroke, and each is a small insert: their limit is higher. Cursors
 * move often but are volatile and simply dropped over their limit.
 */
export const LIMITS: Record<RequestKind, { socket: Rate; account: Rate }> = {
  intent: { socket: { burst: 20, perSecond: 10 }, account: { burst: 40, perSecond: 20 } },
  minutesUpdate: { socket: { burst: 200, perSecond: 100 }, account: { burst: 400, perSecond: 200 } },
  awareness: { socket: { burst: 30, perSecond: 15 }, account: { burst: 60, perSecond: 30 } },
};

class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.tokens = rate.burst;
    this.at = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.at) / 1000) * this.rate.perSecond);
    this.at = now;
  }

  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  take(): void {
    this.tokens -= 1;
  }

  refund(): void {
    this.tokens += 1;
  }

  /** Milliseconds until one request is allowed again. */
  waitMs(): number {
    return Math.max(0, Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000));
  }

  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.rate.burst;
  }
}

export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/** Account buckets shared by every instance; null when they cannot be asked now (the local bucket decides). */
export interface SharedBuckets {
  take(key: string, rate: Rate): Promise<Admission | null>;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(
    private readonly limits: Record<RequestKind, { socket: Rate; account: Rate }> = LIMITS,
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedBuckets,
  ) {}

  /** Takes one request from both the socket's and the account's bucket, or neither. */
  async admit(kind: RequestKind, socketId: string, accountId: string): Promise<Admission> {
    const now = this.now();
    const socket = this.bucket(`s:${kind}:${socketId}`, this.limits[kind].socket, now);
    if (!socket.has(now)) return { ok: false, retryAfterMs: socket.waitMs() };
    // Taken before the account is asked (which may wait on Redis), so a socket's burst is never overdrawn.
    socket.take();
    const account = (await this.shared?.take(`${kind}:${accountId}`, this.limits[kind].account)) ?? this.takeLocal(`a:${kind}:${accountId}`, this.limits[kind].account, now);
    if (!account.ok) {
      socket.refund();
      return account;
    }
    if (++this.sweeps % 1000 === 0) this.sweep(now);
    return { ok: true };
  }

  private takeLocal(key: string, rate: Rate, now: number): Admission {
    const b = this.bucket(key, rate, now);
    if (!b.has(now)) return { ok: false, retryAfterMs: b.waitMs() };
    b.take();
    return { ok: true };
  }

  /** A socket that closed leaves its buckets. */
  forget(socketId: string): void {
    for (const kind of Object.keys(this.limits)) this.buckets.delete(`s:${kind}:${socketId}`);
  }

  /** Full buckets carry no information: dropped, so idle accounts do not accumulate. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.full(now)) this.buckets.delete(key);
  }

  private bucket(key: string, rate: Rate, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new Bucket(rate, now);
      this.buckets.set(key, b);
    }
    return b;
  }
}
