// Statements sent to the pg driver directly, for the few paths where every round trip is time others wait:
// a live intent holds its session's row lock across five of them, and through Prisma's client each cost
// about 0.4 ms more than the driver's own (measured at 400 sockets: a bare `SELECT 1` in a transaction took
// 0.54 ms). The statements are built with Prisma.sql, so values always go as parameters. Timestamps are
// read as ISO text (to_char) and written as ISO text cast to the UTC columns: the driver would read a
// `timestamp` column in the server's local time zone.
import type pg from 'pg';
import type { Prisma } from './client.ts';

/** A pooled connection or the pool itself: both run a statement. */
export type Sql = Pick<pg.Pool | pg.PoolClient, 'query'>;

export async function rows<R>(sql: Sql, statement: Prisma.Sql): Promise<R[]> {
  return (await sql.query(statement.text, statement.values)).rows as R[];
}

/** How long a transaction here waits for a lock before it fails (Prisma's transactions allow the same 30 s). */
const LOCK_TIMEOUT = '30s';

/** Runs `work` in one transaction on one connection; rolled back on any error, the error passed on. */
export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`BEGIN; SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // A connection that cannot even roll back is not given back to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw e;
  } finally {
    client.release(broken);
  }
}
