// The in-process tier: services run inside the test process against a real (embedded) PostgreSQL with the
// committed migrations and the demo city, with no hub server, no LiveKit and no browser. For what needs
// no HTTP, no socket and no media, this is the depth that fails fastest and says most precisely why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../server/src/db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded-postgres.ts';
import { applyMigrations } from '../../server/src/db/migrate.ts';
import { seedDemoCity } from '../../server/src/seed/demo-city.ts';
import { ROOT } from './hub.ts';

let pg: EmbeddedDatabase | undefined;
let dataDir = '';

export async function setup(project: TestProject): Promise<void> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-inprocess-'));
  fs.chmodSync(dataDir, 0o755);
  const quiet = (): void => {};
  pg = await startEmbeddedPostgres(dataDir, 56000 + Math.floor(Math.random() * 1000), quiet);
  await applyMigrations(ROOT, pg.url, quiet);
  const db = createDb(pg.url);
  await seedDemoCity(db, quiet);
  await db.$disconnect();
  project.provide('databaseUrl', pg.url);
}

export async function teardown(): Promise<void> {
  await pg?.stop();
  if (dataDir && !process.env.TIEPDAN_KEEP_TEST_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
}
