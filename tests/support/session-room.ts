// A test's own reception session with people in it: each person's live connection (socket and commands)
// and, for those who enter, a real LiveKit participant (@livekit/rtc-node) with a hub-minted token.
import type { Room } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { inject } from 'vitest';
import type { ConnectionDetails } from '../../protocol/index.ts';
import { createSession } from './db.ts';
import { LiveClient } from './live.ts';
import { joinRoom } from './rtc.ts';

export class SessionRoom {
  readonly rooms: Room[] = [];
  readonly clients: LiveClient[] = [];
  /** LiveKit's server API, to check what the SFU itself enforces. */
  readonly service: RoomServiceClient;

  private constructor(readonly sessionId: string) {
    const lk = inject('livekit');
    this.service = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
  }

  static async create(title: string): Promise<SessionRoom> {
    return new SessionRoom(await createSession(title));
  }

  async open(username: string): Promise<LiveClient> {
    const c = await LiveClient.open(username, this.sessionId);
    this.clients.push(c);
    return c;
  }

  /** Asks the hub for a room token, as the web client does. */
  async token(c: LiveClient): Promise<{ status: number; body: ConnectionDetails & { message?: string } }> {
    const res = await c.api.request('POST', `/api/sessions/${this.sessionId}/connection`, {});
    return { status: res.status, body: res.body };
  }

  async enter(c: LiveClient): Promise<Room> {
    const res = await this.token(c);
    if (res.status !== 200) throw new Error(`no room token: ${res.status} ${res.body.message ?? ''}`);
    const room = await joinRoom(res.body);
    this.rooms.push(room);
    return room;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
    for (const r of this.rooms) await r.disconnect().catch(() => {});
  }
}
