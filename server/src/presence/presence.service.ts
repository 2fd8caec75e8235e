// Who is in each session's video room, learned from LiveKit's webhooks (the SFU's word, not the
// client's) and kept in PostgreSQL so every server instance reports the same presence.
import type { PresenceSnapshot, SitePresence } from '../../../protocol/index.ts';
import { toSiteSummary } from '../auth/account.mapper.ts';
import type { ParticipantEvent, PresenceRepository } from './presence.repository.ts';
import type { AccountRepository } from '../auth/account.repository.ts';
import type { SessionsRepository } from '../sessions/sessions.repository.ts';
import { parseIdentity } from '../livekit/tokens.ts';
import type { Person } from '../access/caller.ts';
import type { SessionAccess } from '../access/session-access.ts';
import type { ParticipantChange } from '../events/domain-events.ts';
import type { EventBus } from '../events/event-bus.ts';

export type { ParticipantEvent } from './presence.repository.ts';
export type { ParticipantChange } from '../events/domain-events.ts';

export class PresenceService {
  constructor(
    private readonly repo: PresenceRepository,
    private readonly sessions: Pick<SessionsRepository, 'sessionOfRoom'>,
    private readonly accounts: Pick<AccountRepository, 'byUsername'>,
    private readonly access: SessionAccess,
    private readonly events: EventBus,
  ) {}

  /** Starts following a session's presence: `follow` subscribes once access is granted, before the read. */
  async watch(caller: Person, sessionId: string, follow: () => Promise<void>): Promise<PresenceSnapshot> {
    await this.access.viewable(caller, sessionId);
    await follow();
    return this.snapshot(sessionId);
  }

  /** Who is in a session's room, for a caller who may see the session. */
  async snapshotFor(caller: Person, sessionId: string): Promise<PresenceSnapshot> {
    await this.access.viewable(caller, sessionId);
    return this.snapshot(sessionId);
  }

  /**
   * Applies one participant event. Returns false when it names no session or account of ours, or when a
   * newer event for the same participant was already applied (webhooks may arrive out of order).
   */
  async apply(event: ParticipantEvent): Promise<boolean> {
    const who = parseIdentity(event.identity);
    if (!who) return false;
    const [sessionId, account] = await Promise.all([this.sessions.sessionOfRoom(event.roomName), this.accounts.byUsername(who.username)]);
    if (!sessionId || !account || account.site.code !== who.siteCode) return false;
    const { changed, siteWasConnected, siteIsConnected } = await this.repo.applyEvent(sessionId, account, event);
    if (changed) {
      await this.publish(sessionId);
      const change: ParticipantChange = { sessionId, roomName: event.roomName, siteId: account.siteId, identity: event.identity, kind: event.kind, siteWasConnected, siteIsConnected };
      await this.events.publish('presence.participant', change);
    }
    return changed;
  }

  /** The room is gone (LiveKit's room_finished): nobody is connected any more. */
  async roomFinished(roomName: string, at: Date): Promise<void> {
    const sessionId = await this.sessions.sessionOfRoom(roomName);
    if (!sessionId) return;
    await this.repo.markLeft(sessionId, at);
    await this.publish(sessionId);
  }

  /**
   * The media server went down: nobody is in any room any more, whatever the last webhooks said. Each site
   * that was connected is reported as gone, so its turn clock pauses like for a site that dropped.
   */
  async everyoneLeft(at = new Date()): Promise<number> {
    const rows = await this.repo.connected();
    const sessions = [...new Set(rows.map((r) => r.sessionId))];
    for (const sessionId of sessions) {
      await this.repo.markLeft(sessionId, at);
      await this.publish(sessionId);
      const seen = new Set<string>();
      for (const r of rows.filter((x) => x.sessionId === sessionId)) {
        if (seen.has(r.siteId)) continue;
        seen.add(r.siteId);
        const change: ParticipantChange = { sessionId, roomName: r.session.roomName, siteId: r.siteId, identity: r.identity, kind: 'left', siteWasConnected: true, siteIsConnected: false };
        await this.events.publish('presence.participant', change);
      }
    }
    return rows.length;
  }

  /**
   * Webhooks sent while no server instance was up are lost, so at start we ask LiveKit who is really in
   * each room that we believe has someone, and correct the rows that disagree.
   */
  async reconcile(listIdentities: (roomName: string) => Promise<string[]>, now = new Date()): Promise<number> {
    const rows = await this.repo.connected();
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
      await this.repo.markLeft(sessionId, now, gone);
      fixed += gone.length;
      await this.publish(sessionId);
    }
    return fixed;
  }

  async snapshot(sessionId: string): Promise<PresenceSnapshot> {
    const session = await this.repo.sessionWithPresence(sessionId);
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
    await this.events.publish('presence.changed', await this.snapshot(sessionId));
  }
}

const minDate = (ds: Date[]): Date => new Date(Math.min(...ds.map((d) => d.getTime())));
const maxDate = (ds: Date[]): Date => new Date(Math.max(...ds.map((d) => d.getTime())));
