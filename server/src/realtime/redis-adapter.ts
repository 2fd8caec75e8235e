// Several hub instances behind one load balancer: socket.io's Redis adapter carries every emit to a room
// (a patch, a minutes update, a cursor, a presence snapshot, "signed out") to the sockets other instances
// hold. The gateway only ever emits to rooms, so nothing else changes. Without REDIS_URL the hub runs as
// one instance and none of this is called.
//
// While Redis is unreachable each instance still serves its own sockets; emits meant for the others wait
// in the client's queue (never rejected, so nothing crashes) and go out once it is back. Clients catch up
// by version either way: a patch that arrives late is ignored, one after a gap makes the page ask for what
// it missed (web/src/live/sync.ts).
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { HubIo } from './hub-socket.ts';

/** Pauses between reconnection attempts: quick at first, then every two seconds for as long as it takes. */
const retryAfterMs = (attempt: number): number => Math.min(100 * 2 ** attempt, 2000);

/** How long the hub waits for Redis at start before it refuses to run as one of several instances. */
const START_WAIT_MS = 15_000;

export type RedisClient = ReturnType<typeof createClient>;

export interface SharedRealtime {
  /** Commands (the account buckets) and publishing. */
  client: RedisClient;
  /** Whether both connections to Redis are up now (for /api/health). */
  up(): boolean;
  /** Every broadcast of `io` from now on reaches the sockets of every instance. */
  share(io: HubIo): void;
  stop(): Promise<void>;
}

/** Connects to Redis, or fails the start when it does not answer (see START_WAIT_MS). */
export async function connectRedis(url: string, log: (m: string) => void): Promise<SharedRealtime> {
  const where = new URL(url).host;
  const pub = createClient({ url, socket: { reconnectStrategy: retryAfterMs, connectTimeout: 5000 } });
  const sub = pub.duplicate();
  let lost = false;
  for (const [name, client] of [['publish', pub], ['subscribe', sub]] as const) {
    // node-redis emits 'error' on every failed attempt; without a listener the process would crash.
    client.on('error', (e: unknown) => {
      if (!lost) log(`Redis at ${where} unreachable (${name}): ${e instanceof Error ? e.message : String(e)}; broadcasts to other instances wait until it is back`);
      lost = true;
    });
    client.on('ready', () => {
      if (lost && pub.isReady && sub.isReady) {
        lost = false;
        log(`Redis at ${where} is back: broadcasts reach every instance again`);
      }
    });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis at ${where} (REDIS_URL) did not answer within ${START_WAIT_MS / 1000} s`)), START_WAIT_MS);
  });
  try {
    await Promise.race([Promise.all([pub.connect(), sub.connect()]), late]);
  } catch (e) {
    pub.destroy();
    sub.destroy();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return {
    client: pub,
    up: () => pub.isReady && sub.isReady,
    share(io) {
      io.adapter(createAdapter(pub, sub, { key: 'tiepdan' }));
      log(`Realtime shared through Redis at ${where}: this instance's sockets and every other instance's receive the same broadcasts`);
    },
    async stop() {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
