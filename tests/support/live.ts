// A person's live connection to a session, as the web client has it: socket, commands with answers, and
// the state kept current from patches.
import { inject } from 'vitest';
import type { CommandResult, LiveCommand, LivePatch, LiveState } from '../../protocol/index.ts';
import { signedIn, type ApiClient } from './api.ts';
import { connectSocket, connected, type TestSocket } from './socket.ts';

export class LiveClient {
  state: LiveState | undefined;
  patches: LivePatch[] = [];
  private constructor(
    readonly api: ApiClient,
    readonly socket: TestSocket,
    readonly sessionId: string,
  ) {}

  /** When (Date.now()) the last catch-up after a reconnection finished; 0 before any. */
  caughtUpAt = 0;

  /**
   * Signs in and follows the session. With `reconnect`, like the web client: a lost connection is dialled
   * again and every (re)connection catches up from the version held.
   */
  static async open(username: string, sessionId: string, baseUrl: string = inject('baseUrl'), password?: string, reconnect = false): Promise<LiveClient> {
    const api = await signedIn(username, baseUrl, password);
    const socket = connectSocket(baseUrl, api.cookie, undefined, {}, reconnect);
    await connected(socket);
    const client = new LiveClient(api, socket, sessionId);
    socket.on('live:patch', (p) => client.apply(p));
    await client.sync();
    if (reconnect) {
      socket.io.on('reconnect', () => {
        void client.sync().then(() => (client.caughtUpAt = Date.now()), () => {});
      });
    }
    return client;
  }

  async sync(): Promise<void> {
    const res = await this.socket.emitWithAck('live:sync', { sessionId: this.sessionId, version: this.state?.version ?? null });
    if (!res.ok) throw new Error(res.error.message);
    if (res.data.kind === 'snapshot') this.state = res.data.snapshot.state;
    else for (const p of res.data.patches) this.apply(p);
  }

  /** Catch-ups started because a patch came after a version that never arrived. */
  gaps = 0;

  apply(p: LivePatch): void {
    this.patches.push(p);
    // Like the web client (web/src/live/sync.ts): versions were skipped, so ask for what was missed.
    if (this.state && p.version > this.state.version + 1) {
      this.gaps++;
      void this.sync().catch(() => {});
      return;
    }
    this.adopt(p);
  }

  /** Like the web client: the answer's patch is applied at once (the broadcast copy is then a duplicate). */
  async send(command: LiveCommand): Promise<CommandResult> {
    const r = await this.socket.emitWithAck('live:command', { sessionId: this.sessionId, command });
    if (r.ok && r.patch) this.adopt(r.patch);
    return r;
  }

  /** Applies a patch to the state without counting it among the broadcasts received. */
  private adopt(p: LivePatch): void {
    if (!this.state || p.version !== this.state.version + 1) return;
    const byId = new Map(this.state.entries.map((e) => [e.id, e]));
    for (const e of p.entries) byId.set(e.id, e);
    this.state = { ...p.header, entries: [...byId.values()] };
  }

  async must(command: LiveCommand): Promise<Extract<CommandResult, { ok: true }>> {
    const r = await this.send(command);
    if (!r.ok) throw new Error(`${command.type} refused: ${r.error.message}`);
    return r;
  }

  close(): void {
    this.socket.disconnect();
  }
}
