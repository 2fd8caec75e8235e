// A benchmark's own PostgreSQL: embedded, migrated like a hub's, with the first administrator set up the
// way an office does, and removed afterwards whatever happens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../server/src/db/client.ts';
import { startEmbeddedPostgres } from '../server/src/db/embedded-postgres.ts';
import { applyMigrations } from '../server/src/db/migrate.ts';
import { SetupRepository } from '../server/src/setup/setup.repository.ts';
import { SetupService } from '../server/src/setup/setup.service.ts';

export async function withBenchDatabase<T>(name: string, work: (db: Db, dir: string, url: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tiepdan-bench-${name}-`));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres(dir, 57000 + Math.floor(Math.random() * 900), () => {});
  try {
    await applyMigrations(path.join(import.meta.dirname, '..'), pg.url, () => {});
    const db = createDb(pg.url);
    try {
      await new SetupService(new SetupRepository(db)).createFromCommandLine({ officeName: 'Ban Tiếp công dân thành phố', officeCode: 'HN-TCD', fullName: 'Nguyễn Văn Quản', username: 'quantri', password: 'mat-khau-quan-tri-2026' });
      return await work(db, dir, pg.url);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
