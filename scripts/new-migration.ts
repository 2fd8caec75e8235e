// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the schema at git HEAD and the working prisma/schema.prisma. The Prisma CLI wants a
// database connection even for this (driver adapter), so a throwaway embedded PostgreSQL is started.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../server/src/db/embedded-postgres.ts';

const root = path.resolve(import.meta.dirname, '..');
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-migration-'));
fs.chmodSync(tmp, 0o755);
const previous = path.join(tmp, 'previous.prisma');
fs.writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root }));
const db = await startEmbeddedPostgres(tmp, 55999, console.log);
try {
  const res = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'diff', '--from-schema-datamodel', previous, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    { cwd: root, env: { ...process.env, DATABASE_URL: db.url, CHECKPOINT_DISABLE: '1' }, encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(res.stderr);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(root, 'prisma', 'migrations', `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), res.stdout);
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
} finally {
  await db.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
