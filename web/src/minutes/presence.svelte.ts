// Who else is writing, and where: the Yjs awareness of the minutes. It carries each writer's name and colour
// (y-codemirror.next draws remote cursors from `user`), and the entry and field their cursor is in, so each
// entry can say who is on it. Volatile: never stored, and forgotten when the connection drops.
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { EntryTextField, SessionTextField } from '$protocol';

export type MinutesField = EntryTextField | SessionTextField;

export interface Writer {
  clientId: number;
  name: string;
  color: string;
  /** Null for the session's opening and closing texts. */
  entryId: string | null;
  field: MinutesField | null;
}

interface LocalState {
  user: { name: string; color: string; colorLight: string };
  entryId: string | null;
  field: MinutesField | null;
  cursor?: unknown;
}

/** Dark enough for white caret labels and distinct from each other; a writer keeps one colour by account. */
const PALETTE = ['#0b5cad', '#a4161a', '#0a6b2d', '#6f42c1', '#b35900', '#00707a', '#9c1f6e', '#4b5563'];

function colorOf(accountId: string): string {
  let hash = 0;
  for (const char of accountId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

/** Origin of awareness changes that only tidy up this page's view of others; they are never sent. */
const TIDY = 'tidy';
/**
 * Awareness travels volatile, and socket.io drops a volatile message whenever the transport is busy: a
 * second one in the same tick, or one right behind a text update. So changes are gathered for a moment
 * and sent once, and the latest state is sent again once things are quiet, so the last word arrives.
 */
const SEND_AFTER_MS = 40;
const RESEND_QUIET_MS = 1500;

export class MinutesPresence {
  readonly awareness: Awareness;
  /** Everyone else with the minutes open for writing, and where their cursor is. */
  others = $state.raw<Writer[]>([]);
  readonly #send: (update: Uint8Array) => void;
  #soon: ReturnType<typeof setTimeout> | undefined;
  #quiet: ReturnType<typeof setTimeout> | undefined;
  #closing = false;

  constructor(doc: Y.Doc, me: { id: string; fullName: string }, send: (update: Uint8Array) => void) {
    this.#send = send;
    this.awareness = new Awareness(doc);
    const color = colorOf(me.id);
    const state: LocalState = { user: { name: me.fullName, color, colorLight: `${color}33` }, entryId: null, field: null };
    this.awareness.setLocalState(state);
    // Local changes (and the renewal every 15 s that keeps this writer from timing out elsewhere) go out.
    this.awareness.on('update', (_changes: unknown, origin: unknown) => {
      if (origin !== 'local') return;
      if (this.#closing) this.announce();
      else this.#sendSoon();
    });
    this.awareness.on('change', () => this.#refresh());
  }

  /** The cursor entered a field. */
  focus(entryId: string | null, field: MinutesField): void {
    const current = this.#local();
    if (!current || (current.entryId === entryId && current.field === field)) return;
    this.awareness.setLocalState({ ...current, entryId, field });
  }

  /** The cursor left a field; y-codemirror.next keeps the last cursor, which would mislead the others. */
  blur(entryId: string | null, field: MinutesField): void {
    const current = this.#local();
    if (!current || current.entryId !== entryId || current.field !== field) return;
    this.awareness.setLocalState({ ...current, entryId: null, field: null, cursor: null });
  }

  receive(update: Uint8Array): void {
    try {
      applyAwarenessUpdate(this.awareness, update, 'server');
    } catch {
      // A malformed presence message only costs a cursor; the text is untouched.
    }
  }

  /** Tells the others where this writer is now (after (re)joining the minutes' room, and for every change). */
  announce(): void {
    this.#send(encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
  }

  /** After a lost connection, nobody's cursor can be trusted until they speak again. */
  forgetOthers(): void {
    const ids = [...this.awareness.getStates().keys()].filter((id) => id !== this.awareness.clientID);
    removeAwarenessStates(this.awareness, ids, TIDY);
  }

  /** The others whose cursor is in this entry (null: the session's own texts), or in one field of it. */
  writersOf(entryId: string | null, field?: MinutesField): Writer[] {
    return this.others.filter((w) => w.entryId === entryId && w.field !== null && (!field || w.field === field));
  }

  /** Sends "gone" to the others (while the socket still carries it) and stops the renewal timer. */
  destroy(): void {
    clearTimeout(this.#soon);
    clearTimeout(this.#quiet);
    this.#closing = true;
    this.awareness.destroy();
  }

  #sendSoon(): void {
    this.#soon ??= setTimeout(() => {
      this.#soon = undefined;
      this.announce();
    }, SEND_AFTER_MS);
    clearTimeout(this.#quiet);
    this.#quiet = setTimeout(() => this.announce(), RESEND_QUIET_MS);
  }

  #local(): LocalState | null {
    return this.awareness.getLocalState() as LocalState | null;
  }

  #refresh(): void {
    const writers: Writer[] = [];
    this.awareness.getStates().forEach((raw, clientId) => {
      if (clientId === this.awareness.clientID) return;
      const state = raw as Partial<LocalState>;
      if (!state.user?.name) return;
      writers.push({ clientId, name: state.user.name, color: state.user.color, entryId: state.entryId ?? null, field: state.field ?? null });
    });
    this.others = writers;
  }
}
