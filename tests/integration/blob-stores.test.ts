// The two places files live behave alike: the file store under the data folder (one machine) and an
// S3-compatible store (several instances), here a real Versity Gateway the project builds and starts. The
// same contract runs against both; then what only S3 has: a bucket made at start, and a wrong key refused
// at start rather than at a citizen's upload.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKeyOf, type BlobStore } from '../../server/src/storage/blob-store.ts';
import { FileBlobStore } from '../../server/src/storage/file-blob-store.ts';
import { S3BlobStore } from '../../server/src/storage/s3-blob-store.ts';
import { ROOT } from '../support/hub.ts';
import { SCANS } from '../support/scans.ts';
import { startVersity, type RunningS3 } from '../support/versitygw.ts';

const S3_PORT = 18570;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiepdan-blobs-'));
let s3: RunningS3;
const stores: Record<string, BlobStore> = {};

beforeAll(async () => {
  s3 = await startVersity(ROOT, S3_PORT, dir);
  stores.file = new FileBlobStore(path.join(dir, 'files'));
  stores.s3 = await S3BlobStore.open({ endpoint: s3.endpoint, region: 'us-east-1', bucket: 'tiepdan-files', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }, () => {});
}, 60_000);

afterAll(async () => {
  (stores.s3 as S3BlobStore | undefined)?.close();
  await s3?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(['file', 's3'])('the %s blob store', (name) => {
  it('keeps a scan under its SHA-256, gives back the very bytes, lists it, and forgets it when removed', async () => {
    const store = stores[name]!;
    const before = new Date(Date.now() - 1000);
    const key = await store.put(SCANS.pdf);
    expect(key).toBe(blobKeyOf(SCANS.pdf));
    expect(await store.has(key)).toBe(true);
    expect((await store.get(key))!.equals(SCANS.pdf)).toBe(true);
    // The same bytes twice: one object, the same key.
    expect(await store.put(SCANS.pdf)).toBe(key);
    const png = await store.put(SCANS.png);
    const listed: { key: string; writtenAt: Date }[] = [];
    for await (const b of store.list()) listed.push(b);
    expect(listed.map((b) => b.key).sort()).toEqual([key, png].sort());
    expect(listed.every((b) => b.writtenAt >= before)).toBe(true);

    await store.remove(key);
    expect(await store.has(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    await store.remove(key); // already gone: no error
    await store.remove(png);
    expect(await store.dropUnfinished(new Date())).toBe(0);
  });

  it('refuses a key that is not a SHA-256, so nothing else can name a path or an object', async () => {
    const store = stores[name]!;
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a blob key/);
    await expect(store.has(`${'a'.repeat(63)}/`)).rejects.toThrow(/not a blob key/);
  });
});

describe('the S3 store at start', () => {
  it('makes its bucket when it is missing and opens an existing one as it is', async () => {
    const settings = { endpoint: s3.endpoint, region: 'us-east-1', bucket: 'tiepdan-moi', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
    const said: string[] = [];
    const first = await S3BlobStore.open(settings, (m) => said.push(m));
    const key = await first.put(SCANS.jpeg);
    first.close();
    expect(said).toEqual(['S3 bucket tiepdan-moi created']);
    const again = await S3BlobStore.open(settings, (m) => said.push(m));
    expect((await again.get(key))!.equals(SCANS.jpeg)).toBe(true);
    again.close();
    expect(said).toHaveLength(1);
  });

  it('two instances starting at once both open the bucket one of them makes', async () => {
    const settings = { endpoint: s3.endpoint, region: 'us-east-1', bucket: 'tiepdan-cung-luc', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
    const both = await Promise.all([S3BlobStore.open(settings, () => {}), S3BlobStore.open(settings, () => {})]);
    const key = await both[0].put(SCANS.png);
    expect((await both[1].get(key))!.equals(SCANS.png)).toBe(true);
    for (const s of both) s.close();
  });

  it('refuses to start with a wrong secret, saying which bucket and server', async () => {
    await expect(S3BlobStore.open({ endpoint: s3.endpoint, region: 'us-east-1', bucket: 'tiepdan-files', accessKeyId: s3.accessKeyId, secretAccessKey: 'sai-mat-khau-sai-mat-khau' }, () => {})).rejects.toThrow(
      /tiepdan-files at http:\/\/127\.0\.0\.1:18570 does not answer/,
    );
  });
});
