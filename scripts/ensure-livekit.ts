// Builds the LiveKit server once (Go toolchain) before anything enters the network namespace.
import path from 'node:path';
import { ensureLiveKitBinary } from '../server/src/livekit/binary.ts';

const root = path.resolve(import.meta.dirname, '..');
try {
  const bin = await ensureLiveKitBinary(root, process.env.LIVEKIT_BIN, (m) => console.log(`[livekit] ${m}`));
  if (process.env.TIEPDAN_VERBOSE) console.log(`[livekit] using ${bin}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
