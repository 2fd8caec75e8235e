// Shared pieces of the benchmarks: a real hub (embedded PostgreSQL, LiveKit, server process), sign-in,
// sockets and percentiles. Benchmarks run inside the private network namespace made by scripts/bench.sh.
import { PrismaPg } from '@prisma/adapter-pg';
import type { ConnectionDetails } from '../protocol/index.ts';
import { connectSocket, connected, type TestSocket } from '../tests/support/socket.ts';
import { cloneDemoSession } from '../tests/support/session-factory.ts';
import { PrismaClient } from '../server/src/db/generated/client.ts';

export type BenchSocket = TestSocket;

export async function signIn(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'tiepdan2026' }),
  });
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** A connected socket as the web client opens it (the tests' helper, shared). */
export async function openSocket(url: string, cookie?: string): Promise<BenchSocket> {
  const s = connectSocket(url, cookie);
  await connected(s);
  return s;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(values: number[]): { p50: number; p99: number; max: number; n: number } {
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(...values)), n: values.length };
}

/** A session like the demo one, for a benchmark to run without touching it. */
export async function createBenchSession(databaseUrl: string, title: string): Promise<{ id: string; sites: Record<string, string> }> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const id = await cloneDemoSession(db, title, 2, 'bench');
    const sites = Object.fromEntries((await db.site.findMany()).map((s) => [s.code, s.id]));
    return { id, sites };
  } finally {
    await db.$disconnect();
  }
}

/** Room connection details for a signed-in account, as the web client asks for them. */
export async function connectionFor(baseUrl: string, cookie: string, sessionId: string): Promise<ConnectionDetails> {
  const me = (await (await fetch(`${baseUrl}/api/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/sessions/${sessionId}/connection`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
    body: '{}',
  });
  return (await res.json()) as ConnectionDetails;
}

/** CPU seconds (user+system) and resident memory of a process, from /proc. */
export async function processUsage(pid: number): Promise<{ cpuSeconds: number; rssMiB: number }> {
  const fs = await import('node:fs/promises');
  const stat = (await fs.readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssMiB: Math.round((rssKb / 1024) * 10) / 10 };
}

/** A person's pace for intents, under the socket's rate limit (10 a second): benchmarks measure latency, not floods. */
export const INTENT_EVERY_MS = 150;

/** Waits until `everyMs` have passed since `since` (performance.now()). */
export async function pace(since: number, everyMs: number): Promise<void> {
  const left = since + everyMs - performance.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
}

/**
 * Joins a socket to a session's live patches (its own view, or a TV's public one) and returns the version
 * it starts from. Hundreds of sockets of one account (the observers of the queue and scale benchmarks)
 * exceed the account's rate limit at once: a refused one waits as told and asks again.
 */
export async function follow(socket: BenchSocket, sessionId: string, audience: 'own' | 'public' = 'own'): Promise<number> {
  for (;;) {
    const res = await socket.emitWithAck('live:sync', { sessionId, version: null, audience });
    if (res.ok) return res.data.kind === 'snapshot' ? res.data.snapshot.state.version : 0;
    if (res.error.code !== 'TOO_MANY_ATTEMPTS') throw new Error(res.error.message);
    await new Promise((r) => setTimeout(r, (res.error.retryAfter ?? 1) * 1000));
  }
}
