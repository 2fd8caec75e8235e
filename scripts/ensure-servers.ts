// Builds, once and before anything enters the network namespace (the Go module proxy is outside it), the
// servers the tests and benchmarks start: LiveKit, and Versity Gateway as the S3-compatible store.
import path from 'node:path';
import { ensureLiveKitBinary } from '../server/src/livekit/binary.ts';
import { ensureVersityBinary } from '../tests/support/versitygw.ts';

const root = path.resolve(import.meta.dirname, '..');
try {
  const bin = await ensureLiveKitBinary(root, process.env.LIVEKIT_BIN, (m) => console.log(`[livekit] ${m}`));
  if (process.env.TIEPDAN_VERBOSE) console.log(`[livekit] using ${bin}`);
  const s3 = await ensureVersityBinary(root, (m) => console.log(`[s3] ${m}`));
  if (process.env.TIEPDAN_VERBOSE) console.log(`[s3] using ${s3}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
