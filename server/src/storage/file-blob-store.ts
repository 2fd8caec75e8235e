// The blob store as files under the data folder: <root>/ab/cd/abcd…(64 hex). A file is written to a
// temporary name in the same folder and renamed into place, so a reader (or a crash) never sees half of it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { blobKeyOf, isBlobKey, type BlobStore, type StoredBlob } from './blob-store.ts';

export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!isBlobKey(key)) throw new Error(`not a blob key: ${key}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Buffer): Promise<string> {
    const key = blobKeyOf(bytes);
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.part`;
    await fs.writeFile(temporary, bytes, { flag: 'wx' });
    await fs.rename(temporary, target);
    return key;
  }

  async has(key: string): Promise<boolean> {
    return fs.access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<StoredBlob> {
    for (const name of await this.names()) {
      const key = path.basename(name);
      if (!isBlobKey(key)) continue;
      const stat = await fs.stat(path.join(this.root, name)).catch(() => null);
      if (stat?.isFile()) yield { key, writtenAt: stat.mtime };
    }
  }

  async dropUnfinished(writtenBefore: Date): Promise<number> {
    let dropped = 0;
    for (const name of await this.names()) {
      if (!name.endsWith('.part')) continue;
      const file = path.join(this.root, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && stat.mtime < writtenBefore) {
        await fs.rm(file, { force: true });
        dropped += 1;
      }
    }
    return dropped;
  }

  private async names(): Promise<string[]> {
    try {
      return await fs.readdir(this.root, { recursive: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}
