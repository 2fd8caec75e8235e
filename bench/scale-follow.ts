// Pieces the scale benchmark's main process and its follower processes share.

/** Milliseconds on the machine's monotonic clock: the same in every process, so arrival times compare. */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export async function inBatches<T, R>(items: T[], size: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(job))));
  return out;
}

/** What the main process tells a follower process, as its first line on stdin. */
export interface FollowerConfig {
  url: string;
  sessionId: string;
  batch: number;
  plan: { cookie: string; audience: 'own' | 'public' }[];
}

/** What a follower process reports once told to stop: per version, how many of its sockets got it and when the last did. */
export interface FollowerReport {
  event: 'done';
  reached: [version: number, count: number, lastAtMs: number][];
  disconnected: number;
  cpuSeconds: number;
}
