// `npm start`: builds the web client when its sources changed, then brings up the whole hub on embedded
// defaults and prints where to sign in.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../server/src/config/config.ts';
import { startHub } from '../server/src/main.ts';
import { stopOnSignal } from '../server/src/lifecycle/shutdown.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../server/src/seed/demo-city.ts';

const started = Date.now();
const log = (m: string): void => console.log(`[tiepdan] ${m}`);
const config = loadConfig();

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildWebIfStale(): void {
  if (config.WEB_BUILD === 'never') return;
  const index = path.join(config.WEB_DIST, 'index.html');
  const sources = Math.max(newestMtime(path.join(config.rootDir, 'web')), newestMtime(path.join(config.rootDir, 'protocol')));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  log('Building the web client (vite)...');
  const res = spawnSync(process.execPath, [path.join(config.rootDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: config.rootDir,
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error('Building the web client failed (see above).');
}

try {
  buildWebIfStale();
  const hub = await startHub(config, log);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  Tiếp Dân Hub is ready in ${seconds} s: ${hub.url}
  (LiveKit ${hub.livekit.url}; stop with Ctrl+C)
${config.SEED_DEMO ? `
  Demo sign-ins (password "${DEMO_PASSWORD}" for all):
${DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(18)} ${a.role.padEnd(16)} ${a.fullName}`).join('\n')}
` : ''}`);
  stopOnSignal(hub, log);
} catch (err) {
  console.error(`\n[tiepdan] could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
