// The rate limiter's rules with the account's buckets shared across instances (Redis in production, a
// stand-in here: this is the pure logic, the cluster test runs it on Redis): a refusal by the shared
// bucket gives the socket its token back, and when the shared buckets cannot answer each instance's own
// bucket decides, so a person's intent is never held back by Redis.
import { describe, expect, it } from 'vitest';
import { RateLimiter, type Admission, type Rate, type SharedBuckets } from '../../server/src/realtime/rate-limit.ts';

const LIMITS = {
  intent: { socket: { burst: 3, perSecond: 1 }, account: { burst: 5, perSecond: 1 } },
  minutesUpdate: { socket: { burst: 3, perSecond: 1 }, account: { burst: 5, perSecond: 1 } },
  awareness: { socket: { burst: 3, perSecond: 1 }, account: { burst: 5, perSecond: 1 } },
};

/** Shared buckets that answer as told: a fixed number of admissions, then refusals; or no answer at all. */
class Told implements SharedBuckets {
  asked = 0;
  constructor(private admits: number | 'unreachable') {}
  async take(_key: string, _rate: Rate): Promise<Admission | null> {
    this.asked++;
    if (this.admits === 'unreachable') return null;
    if (this.admits > 0) {
      this.admits--;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: 700 };
  }
}

const frozen = () => 1_000_000;

describe('the rate limiter with shared account buckets', () => {
  it('lets the shared bucket refuse, with its wait, and gives the socket its token back', async () => {
    const shared = new Told(1);
    const limiter = new RateLimiter(LIMITS, frozen, shared);
    expect(await limiter.admit('intent', 's1', 'acc')).toEqual({ ok: true });
    expect(await limiter.admit('intent', 's1', 'acc')).toEqual({ ok: false, retryAfterMs: 700 });
    // The refused ones cost the socket nothing: two more are still within its burst of 3 once the account allows.
    expect(await limiter.admit('intent', 's1', 'acc')).toEqual({ ok: false, retryAfterMs: 700 });
    expect(shared.asked).toBe(3);
  });

  it('asks the shared bucket only once the socket itself may ask', async () => {
    const shared = new Told(100);
    const limiter = new RateLimiter(LIMITS, frozen, shared);
    for (let i = 0; i < 3; i++) expect((await limiter.admit('intent', 's1', 'acc')).ok).toBe(true);
    expect((await limiter.admit('intent', 's1', 'acc')).ok).toBe(false);
    expect(shared.asked).toBe(3);
  });

  it('falls back to its own account bucket while the shared one cannot answer', async () => {
    const limiter = new RateLimiter(LIMITS, frozen, new Told('unreachable'));
    const verdicts = [];
    for (const socket of ['s1', 's1', 's1', 's2', 's2', 's2']) verdicts.push((await limiter.admit('intent', socket, 'acc')).ok);
    // The account's own burst of 5 holds across its two sockets.
    expect(verdicts).toEqual([true, true, true, true, true, false]);
  });
});
