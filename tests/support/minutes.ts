// A secretary's minutes editor as the web client will run it: a Yjs document synced over our socket,
// each local change sent and counted until the server acknowledges it as stored.
import * as Y from 'yjs';
import { inject } from 'vitest';
import type { MinutesPart, MinutesView } from '../../protocol/index.ts';
import { signedIn } from './api.ts';
import { connectSocket, connected, type TestSocket } from './socket.ts';

export class MinutesClient {
  readonly doc = new Y.Doc();
  canEdit = false;
  view!: MinutesView;
  /** metaVersions announced by `minutes:changed`, newest last. */
  changes: number[] = [];
  pending = 0;
  errors: string[] = [];

  private constructor(
    readonly socket: TestSocket,
    readonly sessionId: string,
    readonly part: MinutesPart,
  ) {}

  /** Opens one part of the text (the open part unless asked); refused outside the chair's circle for the closed one. */
  static async open(username: string, sessionId: string, part: MinutesPart = 'open', at: { baseUrl?: string; password?: string } = {}): Promise<MinutesClient> {
    const baseUrl = at.baseUrl ?? inject('baseUrl');
    const api = await signedIn(username, baseUrl, at.password);
    const socket = connectSocket(baseUrl, api.cookie);
    await connected(socket);
    const c = new MinutesClient(socket, sessionId, part);
    const res = await socket.emitWithAck('minutes:open', { sessionId, part });
    if (!res.ok) {
      socket.disconnect();
      throw new Error(res.error.message);
    }
    Y.applyUpdate(c.doc, new Uint8Array(res.data.update), 'server');
    c.canEdit = res.data.canEdit;
    c.view = res.data.view;
    socket.on('minutes:changed', (m) => c.changes.push(m.metaVersion));
    socket.on('minutes:update', (m) => {
      if (m.part === part) Y.applyUpdate(c.doc, new Uint8Array(m.update), 'server');
    });
    c.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'server') return;
      c.pending++;
      void socket.emitWithAck('minutes:update', { sessionId, part, update }).then((r) => {
        c.pending--;
        if (!r.ok) c.errors.push(r.error.message);
      });
    });
    return c;
  }

  /** Fetches the view again (as the web client does on `minutes:changed`). */
  async refresh(): Promise<MinutesView> {
    const res = await this.socket.emitWithAck('minutes:view', { sessionId: this.sessionId });
    if (!res.ok) throw new Error(res.error.message);
    this.view = res.data;
    return res.data;
  }

  text(name: string): Y.Text {
    return this.doc.getText(name);
  }

  close(): void {
    this.socket.disconnect();
  }
}
