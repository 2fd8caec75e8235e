// The blob store on an S3-compatible server (AWS S3, Versity Gateway, Ceph, a provincial data centre's
// object store), for several hub instances that must all read the scans and documents any of them took
// in. Same keys as the file store (the SHA-256 of the bytes) under one prefix; an object is written in one
// PutObject, so a reader never sees half of one and there is nothing unfinished to drop.
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { blobKeyOf, isBlobKey, type BlobStore, type StoredBlob } from './blob-store.ts';

export interface S3Settings {
  /** The server's address; empty for AWS itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const PREFIX = 'blobs/';

const missing = (e: unknown): boolean => e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 404 || e.name === 'NotFound' || e.name === 'NoSuchKey');

export class S3BlobStore implements BlobStore {
  private constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** Connects and makes sure the bucket is there (made if it is not): a wrong setting fails the start, not an upload. */
  static async open(settings: S3Settings, log: (m: string) => void): Promise<S3BlobStore> {
    const s3 = new S3Client({
      region: settings.region,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Path-style (http://server/bucket/key): what self-hosted servers answer without wildcard DNS.
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    });
    try {
      await s3.send(new HeadBucketCommand({ Bucket: settings.bucket }));
    } catch (e) {
      if (!missing(e)) throw new Error(`the S3 bucket ${settings.bucket} at ${settings.endpoint ?? 'AWS'} does not answer: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      try {
        await s3.send(new CreateBucketCommand({ Bucket: settings.bucket }));
        log(`S3 bucket ${settings.bucket} created`);
      } catch (made) {
        // Another instance starting at the same moment made it first: ours all the same.
        if (!(made instanceof S3ServiceException && made.name === 'BucketAlreadyOwnedByYou')) throw made;
      }
    }
    return new S3BlobStore(s3, settings.bucket);
  }

  private objectOf(key: string): string {
    if (!isBlobKey(key)) throw new Error(`not a blob key: ${key}`);
    return `${PREFIX}${key}`;
  }

  async put(bytes: Buffer): Promise<string> {
    const key = blobKeyOf(bytes);
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectOf(key), Body: bytes, ContentType: 'application/octet-stream' }));
    return key;
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectOf(key) }));
      return true;
    } catch (e) {
      if (missing(e)) return false;
      throw e;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectOf(key) }));
      return res.Body ? Buffer.from(await res.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectOf(key) }));
  }

  async *list(): AsyncIterable<StoredBlob> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: PREFIX, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const key = o.Key?.slice(PREFIX.length) ?? '';
        if (isBlobKey(key)) yield { key, writtenAt: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** One PutObject per blob: nothing is ever half-written. */
  async dropUnfinished(): Promise<number> {
    return 0;
  }

  close(): void {
    this.s3.destroy();
  }
}
