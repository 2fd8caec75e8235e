// What a reconnecting page must send: the part of its document the server's lacks. Pure, so the rule that
// covers the outbox, lost acks and text typed before a reload is one function.
import * as Y from 'yjs';

/**
 * The update that brings the server's document up to this one, or null when the server has it all. A Yjs
 * diff against a state vector is never empty (it repeats the whole delete set, and deletions do not move
 * the state vector), so it is applied to a copy of the server's document to see whether it changes anything.
 */
export function whatServerLacks(doc: Y.Doc, serverUpdate: Uint8Array): Uint8Array | null {
  const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(serverUpdate));
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, serverUpdate);
    let changed = false;
    probe.on('update', () => (changed = true));
    Y.applyUpdate(probe, diff);
    return changed ? diff : null;
  } finally {
    probe.destroy();
  }
}
