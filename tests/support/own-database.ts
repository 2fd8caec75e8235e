// A database of a test's own on the test tier's PostgreSQL, migrated like a hub's, with its first
// administrator set up the way an office does (the command line's setup), and dropped afterwards: for the
// in-process tests that prove a capability on a hub set up through the product, without the demo.
import { inject } from 'vitest';
import { createDb, type Db } from '../../server/src/db/client.ts';
import { applyMigrations } from '../../server/src/db/migrate.ts';
import { SetupRepository } from '../../server/src/setup/setup.repository.ts';
import { SetupService } from '../../server/src/setup/setup.service.ts';
import { ROOT } from './hub.ts';

export const FIRST_ADMIN = { fullName: 'Nguyễn Thị Quản Trị', username: 'quantri', password: 'mat-khau-quan-tri-2026' };

export async function ownDatabase(name: string, officeName = 'Ban Tiếp công dân thành phố'): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const server = createDb(inject('databaseUrl'));
  const dbName = `${name}_${process.pid}_${Date.now()}`;
  await server.$executeRawUnsafe(`CREATE DATABASE "${dbName}"`);
  const url = inject('databaseUrl').replace(/\/[^/?]+(\?.*)?$/, `/${dbName}`);
  await applyMigrations(ROOT, url, () => {});
  const db = createDb(url);
  await new SetupService(new SetupRepository(db)).createFromCommandLine({ officeName, officeCode: 'HN-TCD', ...FIRST_ADMIN });
  return {
    db,
    url,
    drop: async () => {
      await db.$disconnect();
      await server.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await server.$disconnect();
    },
  };
}
