// Finds the LiveKit server binary, or builds it once with the Go toolchain into an ignored cache folder.
// LiveKit is not on npm or Debian; v1.13.5 builds from the Go module proxy with no replace directives.
import fs from 'node:fs';
import path from 'node:path';
import { goInstall, goToolchain, onPath } from '../lifecycle/go-install.ts';

export const LIVEKIT_VERSION = 'v1.13.5';
const MODULE = `github.com/livekit/livekit-server/cmd/server@${LIVEKIT_VERSION}`;

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
  const go = goToolchain();
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
  return goInstall(go, { module: MODULE, builtName: 'server', target: cachedBinaryPath(rootDir), what: `LiveKit server ${LIVEKIT_VERSION}`, minutes: '1-3' }, log);
}
