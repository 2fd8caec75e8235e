// Builds a Go program once with `go install` from the Go module proxy into an ignored cache folder: the
// LiveKit server the hub runs (livekit/binary.ts), and the S3-compatible server the tests run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function onPath(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const p = found.stdout.trim();
  return found.status === 0 && p ? p : null;
}

export function goToolchain(): string | null {
  return onPath('go') ?? (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
}

export interface GoProgram {
  /** `module/path/cmd/x@version` */
  module: string;
  /** The name `go install` gives the binary (the last element of the command's path). */
  builtName: string;
  /** Where the binary is kept. */
  target: string;
  /** For the progress lines: "LiveKit". */
  what: string;
  minutes: string;
}

export async function goInstall(go: string, program: GoProgram, log: (m: string) => void): Promise<string> {
  const gobin = path.join(path.dirname(program.target), 'gobin');
  fs.mkdirSync(gobin, { recursive: true });
  log(`Building ${program.what} with ${go} (once; about ${program.minutes} minutes)...`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-v', program.module], {
      cwd: path.dirname(program.target),
      env: { ...process.env, GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let packages = 0;
    let tail = '';
    const ticker = setInterval(() => log(`  ...still building ${program.what}: ${packages} packages, ${Math.round((Date.now() - started) / 1000)} s`), 10_000);
    const onData = (d: Buffer): void => {
      const text = d.toString();
      packages += text.split('\n').filter((l) => l.trim() && !l.startsWith('go: downloading')).length;
      tail = (tail + text).slice(-4000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearInterval(ticker);
      reject(e);
    });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`Building ${program.what} failed (go install exited ${code}). Last output:\n${tail}`));
    });
  });
  fs.renameSync(path.join(gobin, program.builtName), program.target);
  fs.rmSync(gobin, { recursive: true, force: true });
  log(`${program.what} built in ${Math.round((Date.now() - started) / 1000)} s: ${program.target}`);
  return program.target;
}
