// Finds the LiveKit server binary, or builds it once with the Go toolchain into an ignored cache folder.
// LiveKit is not on npm or Debian; v1.13.5 builds from the Go module proxy with no replace directives.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const LIVEKIT_VERSION = 'v1.13.5';
const MODULE = `github.com/livekit/livekit-server/cmd/server@${LIVEKIT_VERSION}`;

function onPath(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const p = found.stdout.trim();
  return found.status === 0 && p ? p : null;
}

export function cachedBinaryPath(rootDir: string): string {
  return path.join(rootDir, '.cache', 'livekit', LIVEKIT_VERSION, 'livekit-server');
}

/** LIVEKIT_BIN, then `livekit-server` on PATH, then our cache; null when it must be built. */
export function findLiveKitBinary(rootDir: string, explicit?: string): string | null {
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`LIVEKIT_BIN points to ${explicit}, which does not exist.`);
    return explicit;
  }
  return onPath('livekit-server') ?? (fs.existsSync(cachedBinaryPath(rootDir)) ? cachedBinaryPath(rootDir) : null);
}

export async function ensureLiveKitBinary(rootDir: string, explicit: string | undefined, log: (m: string) => void): Promise<string> {
  const found = findLiveKitBinary(rootDir, explicit);
  if (found) return found;
  const go = onPath('go') ?? (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) {
    throw new Error(
      [
        'The LiveKit server is needed and was not found.',
        'Install one of:',
        '  - the Go toolchain (1.23 or newer, https://go.dev/dl/): the hub then builds LiveKit itself, once;',
        '  - a livekit-server binary on PATH (https://github.com/livekit/livekit/releases), or set LIVEKIT_BIN;',
        '  - or point the hub at a running LiveKit with LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.',
      ].join('\n'),
    );
  }
  const target = cachedBinaryPath(rootDir);
  const gobin = path.join(path.dirname(target), 'gobin');
  fs.mkdirSync(gobin, { recursive: true });
  log(`Building LiveKit server ${LIVEKIT_VERSION} with ${go} (once; about 1-3 minutes)...`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-v', MODULE], {
      cwd: path.dirname(target),
      env: { ...process.env, GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let packages = 0;
    let tail = '';
    const ticker = setInterval(() => log(`  ...still building LiveKit: ${packages} packages, ${Math.round((Date.now() - started) / 1000)} s`), 10_000);
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
      else reject(new Error(`Building LiveKit failed (go install exited ${code}). Last output:\n${tail}`));
    });
  });
  fs.renameSync(path.join(gobin, 'server'), target);
  fs.rmSync(gobin, { recursive: true, force: true });
  log(`LiveKit server built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  return target;
}
