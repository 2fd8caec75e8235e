// Direct database access for test set-up (never for the assertions a user would make).
import { inject } from 'vitest';
import { createDb, type Db } from '../../server/src/db/client.ts';
import { cloneDemoSession } from './session-factory.ts';

/** Made as the server makes its own (createDb), so that repositories given it work as in the server. */
export function testDb(): Db {
  return createDb(inject('databaseUrl'));
}

/** A fresh reception session like today's demo one, a day later. Returns its id. */
export async function createSession(title: string): Promise<string> {
  const db = testDb();
  try {
    return await cloneDemoSession(db, title, 1, 'test');
  } finally {
    await db.$disconnect();
  }
}
