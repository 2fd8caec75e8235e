// The Prisma client over the pg driver adapter: no query-engine binary, works offline. Its pool is also
// open to the few hot statements that go to the driver directly (db/sql.ts): one pool, one connection
// budget for both.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';

export type Db = PrismaClient;

const pools = new WeakMap<Db, pg.Pool>();

export function createDb(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const db = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    // Prisma's defaults (2 s to get a connection, 5 s for the whole transaction) fail a transaction that
    // waits its turn on a lock (a series being extended by another instance, a setup racing another) on a
    // loaded machine. Work is small; waiting is what takes time.
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
  pools.set(db, pool);
  return db;
}

/** The driver's pool under a client made by createDb (ended with it by `$disconnect`). */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this database client was not made by createDb: it has no pool for direct statements');
  return pool;
}

export * from './generated/client.ts';
