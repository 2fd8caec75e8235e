// Direct database access for test set-up (never for the assertions a user would make).
import { PrismaPg } from '@prisma/adapter-pg';
import { inject } from 'vitest';
import { PrismaClient } from '../../server/src/db/generated/client.ts';
import { cloneDemoSession } from './session-factory.ts';

export function testDb(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: inject('databaseUrl') }) });
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
