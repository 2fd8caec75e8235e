// Applies the committed migrations with `prisma migrate deploy` (the WebAssembly schema engine; see
// patches/ for the adapter fix it needs). Runs on every start; a no-op when the schema is current.
import { spawn } from 'node:child_process';
import path from 'node:path';

const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

export async function applyMigrations(rootDir: string, databaseUrl: string, log: (m: string) => void): Promise<void> {
  const cli = path.join(rootDir, 'node_modules', 'prisma', 'build', 'index.js');
  let output = '';
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: rootDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let finished = false;
    const onData = (d: Buffer): void => {
      output += d.toString();
      // The CLI leaves a pooled connection open after it is done and would idle 10 s before exiting
      // (Prisma 6.19 with a driver adapter). Its work is committed once it prints the result, so end it then.
      if (!finished && DONE.test(output)) {
        finished = true;
        setTimeout(() => child.kill('SIGTERM'), 50);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (c) => resolve(finished ? 0 : (c ?? 1)));
  });
  if (code !== 0) throw new Error(`Database migration failed (prisma migrate deploy exited ${code}):\n${output}`);
  log(output.includes('No pending') ? 'Database schema is current' : 'Database migrations applied');
}
