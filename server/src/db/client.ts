// The Prisma client over the pg driver adapter: no query-engine binary, works offline.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

export type Db = PrismaClient;

export function createDb(url: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 20 }) });
}

export * from './generated/client.ts';
