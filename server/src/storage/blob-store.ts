// Where files (the intake's scans, later a case's documents) are kept: outside the database rows, behind
// this small interface, keyed by the SHA-256 of their bytes. The file store under the data folder is the
// single-machine default; several instances use an S3-compatible store (s3-blob-store.ts).
import { createHash } from 'node:crypto';

export interface StoredBlob {
  key: string;
  /** When it was last written: the orphan sweep leaves young files alone, as their rows may be on the way. */
  writtenAt: Date;
}

export interface BlobStore {
  /** Stores the bytes under their hash (again, if they are there already: that refreshes `writtenAt`). */
  put(bytes: Buffer): Promise<string>;
  has(key: string): Promise<boolean>;
  /** The bytes, or null when there is nothing under the key. */
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
  list(): AsyncIterable<StoredBlob>;
  /** Drops what a crash left half-written before this moment; how many. */
  dropUnfinished(writtenBefore: Date): Promise<number>;
}

export const blobKeyOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A key is a SHA-256 in lower-case hex: nothing else may name a path in a store. */
export const isBlobKey = (key: string): boolean => /^[0-9a-f]{64}$/.test(key);
