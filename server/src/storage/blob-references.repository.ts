// Which stored files rows still refer to, and the lock that keeps a file and the rows that refer to it
// consistent across requests and hub instances: a transaction that links a row to a file holds the file's
// advisory lock and makes sure the file is there (an intake's scans, a case's documents); removing a file takes the same lock and removes it only
// when no row refers to it. So two intakes with the same scan, one failing, never lose the other's file.
import type { Db, Prisma } from '../db/client.ts';

/** The file's advisory lock, held until the transaction ends. */
export async function lockBlob(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`blob:${key}`}, 0))`;
}

export class BlobReferencesRepository {
  constructor(private readonly db: Db) {}

  /** Runs `remove` under the file's lock when no row refers to it; whether it did. */
  removeIfUnreferenced(key: string, remove: () => Promise<void>): Promise<boolean> {
    return this.db.$transaction(
      async (tx) => {
        await lockBlob(tx, key);
        // Every table whose rows name a stored file: an intake's scans and a case's documents.
        const referenced = (await tx.intakeAttachment.count({ where: { sha256: key } })) + (await tx.caseDocument.count({ where: { sha256: key } }));
        if (referenced > 0) return false;
        await remove();
        return true;
      },
      { timeout: 30_000 },
    );
  }
}
