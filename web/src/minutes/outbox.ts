// The outbox: every local Yjs update, written to IndexedDB before it is sent and deleted only once the
// server says it is stored. Whatever happens between (a lost ack, a dropped connection, a closed tab, a
// refusal), the update stays here and goes out again on the next connection. Its size is the "N changes
// waiting" the page shows; MinutesSession mirrors it into Svelte state through `onChange`, which keeps
// this file free of runes.
import * as Y from 'yjs';
import { appendOutbox, loadOutbox, removeOutbox, type OutboxKey } from './local-store.ts';

interface Item {
  key: OutboxKey;
  update: Uint8Array;
  /** Settles once the item is in IndexedDB (or failed to get there: it is still sent). */
  written: Promise<void>;
  /** The batch carrying it now; null while it waits. */
  batch: number | null;
}

/** One message to the server and the items it covers. */
export interface Batch {
  id: number;
  update: Uint8Array;
  items: Item[];
}

const keyText = (key: OutboxKey): string => key.join('|');

export class Outbox {
  /** This browser refused to store an update (private mode, full disk): a reload would lose it. */
  storageFailed = false;

  readonly #sessionId: string;
  readonly #onChange: () => void;
  #items: Item[] = [];
  /** Tells this page's keys from another tab's, so two tabs on one session never overwrite each other. */
  readonly #page = Math.floor(Math.random() * 2 ** 31);
  #counter = 0;
  #batches = 0;

  constructor(sessionId: string, onChange: () => void) {
    this.#sessionId = sessionId;
    this.#onChange = onChange;
  }

  /** Updates not yet acknowledged as stored. */
  get size(): number {
    return this.#items.length;
  }

  /** Reads what an earlier page left unsent and returns those updates, to be applied to the document. */
  async load(): Promise<Uint8Array[]> {
    let stored: { key: OutboxKey; update: Uint8Array }[];
    try {
      stored = await loadOutbox(this.#sessionId);
    } catch {
      this.#storageFailed();
      return [];
    }
    const known = this.#items.map((item) => keyText(item.key));
    const fresh = stored.filter((item) => !known.includes(keyText(item.key)));
    this.#items.push(...fresh.map((item) => ({ ...item, written: Promise.resolve(), batch: null })));
    this.#onChange();
    return fresh.map((item) => item.update);
  }

  append(update: Uint8Array): void {
    const key: OutboxKey = [this.#sessionId, Date.now(), this.#page, this.#counter++];
    const written = appendOutbox({ key, update }).catch(() => this.#storageFailed());
    this.#items.push({ key, update, written, batch: null });
    this.#onChange();
  }

  hasWaiting(): boolean {
    return this.#items.some((item) => item.batch === null);
  }

  /**
   * Claims the waiting items for one message, merged into one update: a burst of typing becomes one send.
   * Stops before maxBytes (counted on the parts, which the merge only shrinks), but always takes one.
   */
  claim(maxBytes: number): Batch | null {
    const items: Item[] = [];
    let bytes = 0;
    for (const item of this.#items) {
      if (item.batch !== null) continue;
      if (items.length > 0 && bytes + item.update.byteLength > maxBytes) break;
      items.push(item);
      bytes += item.update.byteLength;
    }
    if (items.length === 0) return null;
    return this.#batch(items, items.length === 1 ? items[0].update : Y.mergeUpdates(items.map((item) => item.update)));
  }

  /** Claims every item for an update that already contains them all (what the server lacks after a reconnect). */
  claimAll(update: Uint8Array): Batch {
    return this.#batch([...this.#items], update);
  }

  /** Once persisted here, so an update is never on the wire without being on disk first. */
  async written(batch: Batch): Promise<void> {
    await Promise.all(batch.items.map((item) => item.written));
  }

  /** The batch was not stored: its items wait again, unless a newer batch carries them already. */
  release(batch: Batch): void {
    for (const item of batch.items) if (item.batch === batch.id) item.batch = null;
  }

  /** A new connection: nothing sent on the old one counts as in flight any more. */
  releaseAll(): void {
    for (const item of this.#items) item.batch = null;
  }

  /** The server stored the batch: its items leave, from memory now and from disk once written there. */
  async settle(batch: Batch): Promise<void> {
    this.#items = this.#items.filter((item) => !batch.items.includes(item));
    this.#onChange();
    await this.written(batch);
    try {
      await removeOutbox(batch.items.map((item) => item.key));
    } catch {
      // Left on disk, it is sent again next time: harmless, Yjs applies an update once.
    }
  }

  #storageFailed(): void {
    this.storageFailed = true;
    this.#onChange();
  }

  #batch(items: Item[], update: Uint8Array): Batch {
    const id = ++this.#batches;
    for (const item of items) item.batch = id;
    return { id, update, items };
  }
}
