// What this browser keeps of the minutes besides the Yjs document itself (y-indexeddb keeps that): the
// outbox of local updates the server has not yet acknowledged, and the last view the server built, so the
// page renders its entries offline. Each lives in its own IndexedDB database because idb-keyval opens one
// object store per database.
import { clear, createStore, delMany, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { MinutesView } from '$protocol';

export const docName = (sessionId: string): string => `tiepdan-minutes-${sessionId}`;

/** [sessionId, time, page, n]: ordered by time, unique across tabs and reloads without a shared counter. */
export type OutboxKey = [string, number, number, number];
export interface OutboxItem {
  key: OutboxKey;
  update: Uint8Array;
}

let outboxStore: UseStore | null = null;
let viewStore: UseStore | null = null;
// Opened on first use, not at import: a page that never shows minutes never creates the databases.
const outbox = (): UseStore => (outboxStore ??= createStore('tiepdan-minutes-outbox', 'updates'));
const views = (): UseStore => (viewStore ??= createStore('tiepdan-minutes-views', 'views'));

/** Every key of one session sorts between [id] and [id, []] (arrays sort after numbers). */
const sessionRange = (sessionId: string): IDBKeyRange => IDBKeyRange.bound([sessionId], [sessionId, []]);

export async function loadOutbox(sessionId: string): Promise<OutboxItem[]> {
  return outbox()('readonly', async (store) => {
    const range = sessionRange(sessionId);
    const [keys, values] = await Promise.all([
      promisifyRequest(store.getAllKeys(range)),
      promisifyRequest(store.getAll(range) as IDBRequest<Uint8Array[]>),
    ]);
    return keys.map((key, i) => ({ key: key as OutboxKey, update: new Uint8Array(values[i]) }));
  });
}

export function appendOutbox(item: OutboxItem): Promise<void> {
  return set(item.key, item.update, outbox());
}

export function removeOutbox(keys: OutboxKey[]): Promise<void> {
  return keys.length === 0 ? Promise.resolve() : delMany(keys, outbox());
}

// Keyed by account too: a view is what one viewer may see (a confidential citizen's name may be withheld).
export async function loadCachedView(accountId: string, sessionId: string): Promise<MinutesView | null> {
  return (await get<MinutesView>([accountId, sessionId], views())) ?? null;
}

export function cacheView(accountId: string, view: MinutesView): Promise<void> {
  return set([accountId, view.header.sessionId], view, views());
}

/**
 * On sign-out: the cached views may hold a confidential citizen's name (the chair's circle sees it), and a
 * bridge-point computer is shared. The outbox and the text stay: they are words not yet on the server.
 */
export function forgetCachedViews(): Promise<void> {
  return clear(views());
}
