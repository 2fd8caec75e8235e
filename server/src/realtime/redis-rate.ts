// The accounts' rate-limit buckets in Redis, so that one account's budget is one across every instance: a
// modified client that opens sockets on two instances gets no more than on one. One script per request,
// atomic in Redis, on Redis's own clock (instances' clocks may differ). While Redis cannot answer at once
// the instance's own bucket decides (rate-limit.ts): a slow Redis never holds a person's intent back.
import type { Admission, Rate, SharedBuckets } from './rate-limit.ts';
import type { RedisClient } from './redis-adapter.ts';

/** Refill, then take one token if there is one. Returns 0 when taken, else the milliseconds to wait. */
const TAKE = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait
`;

/** Longer than this and the local bucket decides: Redis on the same network answers in well under a millisecond. */
const ANSWER_WITHIN_MS = 250;

export class RedisBuckets implements SharedBuckets {
  constructor(private readonly redis: RedisClient) {}

  async take(key: string, rate: Rate): Promise<Admission | null> {
    // Disconnected, a command would wait in the client's queue until Redis is back.
    if (!this.redis.isReady) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ANSWER_WITHIN_MS)));
    try {
      const wait = await Promise.race([this.redis.eval(TAKE, { keys: [`tiepdan:rate:${key}`], arguments: [String(rate.burst), String(rate.perSecond)] }), late]);
      if (wait === null) return null;
      return Number(wait) === 0 ? { ok: true } : { ok: false, retryAfterMs: Number(wait) };
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
