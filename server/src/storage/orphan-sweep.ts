// Files no row refers to: what a request left when its transaction failed and the clean-up did not run
// (the server was killed between writing the file and committing the row). The sweep removes them once
// they are older than the grace period, so a file whose row is still being written is never taken.
import type { BlobStore } from './blob-store.ts';
import type { BlobReferencesRepository } from './blob-references.repository.ts';

/** Longer than any request that writes a file and then its row. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

export interface SweepResult {
  removed: number;
  kept: number;
  unfinished: number;
}

export async function sweepOrphans(store: BlobStore, references: BlobReferencesRepository, now: Date, graceMs = ORPHAN_GRACE_MS): Promise<SweepResult> {
  const before = new Date(now.getTime() - graceMs);
  const result: SweepResult = { removed: 0, kept: 0, unfinished: await store.dropUnfinished(before) };
  for await (const blob of store.list()) {
    if (blob.writtenAt >= before) {
      result.kept += 1;
      continue;
    }
    if (await references.removeIfUnreferenced(blob.key, () => store.remove(blob.key))) result.removed += 1;
    else result.kept += 1;
  }
  return result;
}
