// A secretary's paste that the hub could not take in one message is refused in the editor, before it
// enters the shared document: once in Yjs it would have to be sent whole, be refused by the server and
// wait in the outbox forever. What is refused is said next to the field; typing is never this large.
import { EditorState, type Extension, type Transaction } from '@codemirror/state';
import { MAX_MINUTES_UPDATE_BYTES } from '$protocol';

/** Room for Yjs's own bytes around the text, under the server's limit for one update. */
export const MAX_INSERT_BYTES = MAX_MINUTES_UPDATE_BYTES - 32 * 1024;

const encoder = new TextEncoder();

/** UTF-8 bytes a transaction inserts (Vietnamese letters take two or three bytes each). */
export function insertedBytes(tr: Transaction): number {
  let bytes = 0;
  tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => {
    bytes += encoder.encode(inserted.toString()).byteLength;
  });
  return bytes;
}

/**
 * Refuses a person's input (typing, paste, drop) that inserts more than `max` bytes, and reports it.
 * Changes that come from the shared document (other writers) carry no input event and always pass.
 */
export function limitInserts(onRefused: (bytes: number) => void, max = MAX_INSERT_BYTES): Extension {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || !tr.isUserEvent('input')) return tr;
    const bytes = insertedBytes(tr);
    if (bytes <= max) return tr;
    onRefused(bytes);
    return [];
  });
}
