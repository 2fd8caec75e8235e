// The Prisma client over the pg driver adapter: no query-engine binary, works offline.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

export type Db = PrismaClient;

export function createDb(url: string): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 20 }),
    // Prisma's defaults (2 s to get a connection, 5 s for the whole transaction) fail a transaction that
    // waits its turn on a lock (a series being extended by another instance, a setup racing another) on a
    // loaded machine. Work is small; waiting is what takes time.
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
}

export * from './generated/client.ts';
