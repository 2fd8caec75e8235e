// One hub per data folder: its embedded PostgreSQL and LiveKit belong to it. A second `npm start` on the
// same folder would otherwise stop the first one's servers as "left over"; a hub that was killed leaves its
// PID here, which is then no longer alive (or no longer a hub) and is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { isOurs, readPid } from './processes.ts';

export function claimDataDir(dataDir: string): { release(): void } {
  const file = path.join(dataDir, 'hub.pid');
  fs.mkdirSync(dataDir, { recursive: true });
  const holder = readPid(file);
  if (holder !== null && holder !== process.pid && isOurs(holder, ['node'])) {
    throw new Error(
      `Another Tiếp Dân Hub (PID ${holder}) is running with the data folder ${dataDir}. Stop it first (kill ${holder}), ` +
        'or give this one its own folder with DATA_DIR and its own ports.',
    );
  }
  fs.writeFileSync(file, `${process.pid}\n`);
  return {
    release() {
      if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
