// The committed migrations must build exactly the schema that prisma/schema.prisma describes. The shadow
// database Prisma would use for this is broken with the driver adapter here, so compare catalogs instead:
// the test hub's database (built by `migrate deploy`) against a fresh one built by `db push`.
import { spawn } from 'node:child_process';
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

/**
 * `prisma db push` into a fresh database. Like `migrate deploy`, the CLI (6.19 with a driver adapter) keeps a
 * pooled connection open after it has finished and lingers for up to a minute, so it is ended once it
 * reports success.
 */
function dbPush(url: string): Promise<{ done: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'db', 'push', '--skip-generate'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' },
    });
    let output = '';
    let done = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (!done && /now in sync/.test(output)) {
        done = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ done, output });
    });
  });
}

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

    const push = await dbPush(pushedUrl.toString());
    expect(push.done, push.output).toBe(true);

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
