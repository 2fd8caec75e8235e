// Who is in each session's video room, learned from LiveKit's webhooks (the SFU's word, not the
// client's) and kept in PostgreSQL so every server instance reports the same presence.
import type { PresenceSnapshot, SitePresence } from '../../../protocol/index.ts';
import { toSiteSummary } from '../auth/account.mapper.ts';
import type { Db } from '../db/client.ts';
import { parseIdentity } from '../livekit/tokens.ts';

export interface ParticipantEvent {
  kind: 'joined' | 'left';
  roomName: string;
  identity: string;
  at: Date;
}

export type PresenceListener = (snapshot: PresenceSnapshot) => void;

/** A participant event after it was applied, with whether its site as a whole is now connected. */
export interface ParticipantChange {
  sessionId: string;
  roomName: string;
  siteId: string;
  identity: string;
  kind: 'joined' | 'left';
  siteWasConnected: boolean;
  siteIsConnected: boolean;
}
export type ParticipantListener = (change: ParticipantChange) => void | Promise<void>;

export class PresenceService {
  private readonly listeners = new Set<PresenceListener>();
  private readonly participantListeners = new Set<ParticipantListener>();

  constructor(private readonly db: Db) {}

  onParticipant(listener: ParticipantListener): void {
    this.participantListeners.add(listener);
  }

  onChange(listener: PresenceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies one participant event. Returns false when it names no session or account of ours, or when a
   * newer event for the same participant was already applied (webhooks may arrive out of order).
   */
  async apply(event: ParticipantEvent): Promise<boolean> {
    const who = parseIdentity(event.identity);
    if (!who) return false;
    const [session, account] = await Promise.all([
      this.db.receptionSession.findUnique({ where: { roomName: event.roomName }, select: { id: true } }),
      this.db.account.findUnique({ where: { username: who.username }, include: { site: true } }),
    ]);
    if (!session || !account || account.site.code !== who.siteCode) return false;

    const siteConnected = async (tx: Pick<Db, 'roomPresence'>): Promise<boolean> =>
      (await tx.roomPresence.count({ where: { sessionId: session.id, siteId: account.siteId, connected: true } })) > 0;
    let siteWasConnected = false;
    let siteIsConnected = false;
    const changed = await this.db.$transaction(async (tx) => {
      const key = { sessionId_identity: { sessionId: session.id, identity: event.identity } };
      const current = await tx.roomPresence.findUnique({ where: key });
      if (current && current.lastEventAt > event.at) return false;
      siteWasConnected = await siteConnected(tx);
      const connected = event.kind === 'joined';
      await tx.roomPresence.upsert({
        where: key,
        create: {
          sessionId: session.id,
          identity: event.identity,
          accountId: account.id,
          siteId: account.siteId,
          connected,
          joinedAt: event.at,
          leftAt: connected ? null : event.at,
          lastEventAt: event.at,
        },
        update: connected
          ? { connected, joinedAt: event.at, leftAt: null, lastEventAt: event.at }
          : { connected, leftAt: event.at, lastEventAt: event.at },
      });
      await tx.receptionSession.update({ where: { id: session.id }, data: { version: { increment: 1 } } });
      siteIsConnected = await siteConnected(tx);
      return true;
    });
    if (changed) {
      await this.publish(session.id);
      const change: ParticipantChange = { sessionId: session.id, roomName: event.roomName, siteId: account.siteId, identity: event.identity, kind: event.kind, siteWasConnected, siteIsConnected };
      for (const l of this.participantListeners) await Promise.resolve(l(change)).catch(() => {});
    }
    return changed;
  }

  /** The room is gone (LiveKit's room_finished): nobody is connected any more. */
  async roomFinished(roomName: string, at: Date): Promise<void> {
    const session = await this.db.receptionSession.findUnique({ where: { roomName }, select: { id: true } });
    if (!session) return;
    await this.db.$transaction([
      this.db.roomPresence.updateMany({
        where: { sessionId: session.id, connected: true, lastEventAt: { lte: at } },
        data: { connected: false, leftAt: at, lastEventAt: at },
      }),
      this.db.receptionSession.update({ where: { id: session.id }, data: { version: { increment: 1 } } }),
    ]);
    await this.publish(session.id);
  }

  /**
   * The media server went down: nobody is in any room any more, whatever the last webhooks said. Each site
   * that was connected is reported as gone, so its turn clock pauses like for a site that dropped.
   */
  async everyoneLeft(at = new Date()): Promise<number> {
    const rows = await this.db.roomPresence.findMany({ where: { connected: true }, include: { session: { select: { roomName: true } } } });
    const sessions = [...new Set(rows.map((r) => r.sessionId))];
    for (const sessionId of sessions) {
      await this.db.$transaction([
        this.db.roomPresence.updateMany({ where: { sessionId, connected: true, lastEventAt: { lte: at } }, data: { connected: false, leftAt: at, lastEventAt: at } }),
        this.db.receptionSession.update({ where: { id: sessionId }, data: { version: { increment: 1 } } }),
      ]);
      await this.publish(sessionId);
      const seen = new Set<string>();
      for (const r of rows.filter((x) => x.sessionId === sessionId)) {
        if (seen.has(r.siteId)) continue;
        seen.add(r.siteId);
        const change: ParticipantChange = { sessionId, roomName: r.session.roomName, siteId: r.siteId, identity: r.identity, kind: 'left', siteWasConnected: true, siteIsConnected: false };
        for (const l of this.participantListeners) await Promise.resolve(l(change)).catch(() => {});
      }
    }
    return rows.length;
  }

  /**
   * Webhooks sent while no server instance was up are lost, so at start we ask LiveKit who is really in
   * each room that we believe has someone, and correct the rows that disagree.
   */
  async reconcile(listIdentities: (roomName: string) => Promise<string[]>, now = new Date()): Promise<number> {
    const rows = await this.db.roomPresence.findMany({ where: { connected: true }, include: { session: { select: { roomName: true } } } });
    const rooms = new Map<string, string>();
    for (const r of rows) rooms.set(r.sessionId, r.session.roomName);
    let fixed = 0;
    for (const [sessionId, roomName] of rooms) {
      let present: Set<string>;
      try {
        present = new Set(await listIdentities(roomName));
      } catch {
        present = new Set(); // the room no longer exists
      }
      const gone = rows.filter((r) => r.sessionId === sessionId && !present.has(r.identity)).map((r) => r.identity);
      if (gone.length === 0) continue;
      await this.db.$transaction([
        this.db.roomPresence.updateMany({
          where: { sessionId, identity: { in: gone }, connected: true },
          data: { connected: false, leftAt: now, lastEventAt: now },
        }),
        this.db.receptionSession.update({ where: { id: sessionId }, data: { version: { increment: 1 } } }),
      ]);
      fixed += gone.length;
      await this.publish(sessionId);
    }
    return fixed;
  }

  async snapshot(sessionId: string): Promise<PresenceSnapshot> {
    const session = await this.db.receptionSession.findUniqueOrThrow({
      where: { id: sessionId },
      include: {
        hostSite: true,
        sites: { include: { site: true } },
        presence: { include: { account: { select: { fullName: true, role: true } } } },
      },
    });
    const sites = [session.hostSite, ...session.sites.map((s) => s.site).filter((s) => s.id !== session.hostSiteId)];
    const bySite: SitePresence[] = sites.map((site) => {
      const rows = session.presence.filter((p) => p.siteId === site.id);
      const live = rows.filter((p) => p.connected);
      const since = live.length
        ? minDate(live.map((p) => p.joinedAt))
        : rows.length
          ? maxDate(rows.map((p) => p.leftAt ?? p.lastEventAt))
          : null;
      return {
        site: toSiteSummary(site),
        connected: live.length > 0,
        since: since?.toISOString() ?? null,
        participants: live.map((p) => ({
          identity: p.identity,
          accountId: p.accountId,
          accountName: p.account.fullName,
          role: p.account.role,
          joinedAt: p.joinedAt.toISOString(),
        })),
      };
    });
    return { sessionId, version: session.version, sites: bySite };
  }

  private async publish(sessionId: string): Promise<void> {
    if (this.listeners.size === 0) return;
    const snapshot = await this.snapshot(sessionId);
    for (const l of this.listeners) l(snapshot);
  }
}

const minDate = (ds: Date[]): Date => new Date(Math.min(...ds.map((d) => d.getTime())));
const maxDate = (ds: Date[]): Date => new Date(Math.max(...ds.map((d) => d.getTime())));
