// The committed migrations must build exactly the schema that prisma/schema.prisma describes. The shadow
// database Prisma would use for this is broken with the driver adapter here, so compare catalogs instead:
// the test hub's database (built by `migrate deploy`) against a fresh one built by `db push`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ROOT } from '../support/hub.ts';

const CATALOG = `
  SELECT 'column' AS kind, table_name || '.' || column_name AS name,
         concat_ws(' ', data_type, udt_name, is_nullable, column_default) AS def
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  UNION ALL
  SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
  UNION ALL
  SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  UNION ALL
  SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
  ORDER BY 1, 2`;

async function catalog(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ kind: string; name: string; def: string }>(CATALOG)).rows.map((r) => `${r.kind} ${r.name}: ${r.def}`);
  } finally {
    await client.end();
  }
}

describe('database schema', () => {
  it('built by the committed migrations equals the one schema.prisma describes', async () => {
    const url = new URL(inject('databaseUrl'));
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    const name = `drift_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const pushedUrl = new URL(url);
    pushedUrl.pathname = `/${name}`;

    const push = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'db', 'push', '--skip-generate'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: pushedUrl.toString(), CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(push.status, push.stdout + push.stderr).toBe(0);

    const [migrated, pushed] = await Promise.all([catalog(url.toString()), catalog(pushedUrl.toString())]);
    expect(migrated.length).toBeGreaterThan(20);
    expect(migrated).toEqual(pushed);
  });

  it('is applied through the patched Prisma adapter (catalog types "char" and name map to text)', () => {
    for (const file of ['index.js', 'index.mjs']) {
      const src = fs.readFileSync(path.join(ROOT, 'node_modules', '@prisma', 'adapter-pg', 'dist', file), 'utf8');
      expect(src, `patches/ not applied to ${file}: run npm install`).toMatch(/case 18:\s*\n\s*case 19:/);
    }
  });
});
