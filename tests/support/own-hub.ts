// A whole hub started the way an office starts it (`npm start`: scripts/start.ts with embedded PostgreSQL
// and its own LiveKit) in a data folder and on ports of its own, so a test can kill it, or its children,
// the way a crash or an operator would. The shared test hub is not touched.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPid } from '../../server/src/lifecycle/processes.ts';
import { ROOT } from './hub.ts';

export interface OwnHubPorts {
  http: number;
  postgres: number;
  livekit: number;
  livekitUdp: number;
}

export const OWN_HUB_PORTS: OwnHubPorts = { http: 18180, postgres: 56210, livekit: 17980, livekitUdp: 17982 };

export class OwnHub {
  child: ChildProcess | undefined;
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  private constructor(
    readonly dataDir: string,
    readonly ports: OwnHubPorts,
    /** false: an empty hub, as a real office starts it (SEED_DEMO=false). */
    readonly seedDemo: boolean,
    /** More of the environment (SMTP_URL, CLOCK_CONTROL). */
    readonly env: NodeJS.ProcessEnv = {},
  ) {}

  static inFreshFolder(ports: OwnHubPorts = OWN_HUB_PORTS, opts: { seedDemo?: boolean; env?: NodeJS.ProcessEnv } = {}): OwnHub {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-own-'));
    fs.chmodSync(dir, 0o755);
    return new OwnHub(dir, ports, opts.seedDemo ?? true, opts.env);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  get logFile(): string {
    return path.join(this.dataDir, 'start.log');
  }

  output(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
  }

  /** Runs the start command; resolves once /api/health answers 200, rejects if the command exits first. */
  async start(timeoutMs = 90_000): Promise<number> {
    const started = Date.now();
    this.launch();
    const child = this.child!;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the start command exited (${child.exitCode ?? child.signalCode}):\n${this.output().slice(-3000)}`);
      }
      try {
        if ((await fetch(`${this.baseUrl}/api/health`)).status === 200) return Date.now() - started;
      } catch {
        // not listening yet
      }
      if (Date.now() - started > timeoutMs) throw new Error(`the hub did not become healthy in ${timeoutMs / 1000} s:\n${this.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Runs the start command expecting it to fail; resolves with its exit code. */
  async startAndFail(timeoutMs = 90_000): Promise<number | null> {
    this.launch();
    const res = await Promise.race([this.exited(), new Promise<null>((r) => setTimeout(() => r(null), timeoutMs))]);
    if (!res) throw new Error(`the start command kept running:\n${this.output().slice(-3000)}`);
    return res.code;
  }

  private launch(): void {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.ports.http),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      EMBEDDED_PG_PORT: String(this.ports.postgres),
      LIVEKIT_PORT: String(this.ports.livekit),
      LIVEKIT_RTC_UDP_PORT: String(this.ports.livekitUdp),
      LIVEKIT_NODE_IP: process.env.LIVEKIT_NODE_IP ?? '127.0.0.1',
      SEED_DEMO: String(this.seedDemo),
      // The test command built the web client already; a rebuild here would change the files other tests' pages run.
      WEB_BUILD: 'never',
      ...this.env,
    };
    for (const k of ['DATABASE_URL', 'LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'PUBLIC_URL']) delete env[k];
    const out = fs.openSync(this.logFile, 'a');
    // `node --import tsx` (not the tsx CLI, which forks): a signal sent to this PID reaches the hub itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exit ?? Promise.resolve({ code: null, signal: null });
  }

  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** The PIDs the hub recorded for its children. */
  postgresPid(): number | null {
    return readPid(path.join(this.dataDir, 'postgres', 'postmaster.pid'));
  }

  livekitPid(): number | null {
    return readPid(path.join(this.dataDir, 'livekit', 'livekit.pid'));
  }

  /** Stops the hub if it runs, and every child it may have left, then removes its folder. */
  async dispose(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.kill('SIGTERM');
      await Promise.race([this.exited(), new Promise((r) => setTimeout(r, 30_000))]);
    }
    for (const pid of [this.postgresPid(), this.livekitPid()]) {
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    if (!process.env.TIEPDAN_KEEP_TEST_DATA) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
