// Reception sessions (kỳ tiếp công dân) as the caller may see them, and the door into a session's video
// room. Every method asks access first; the list is filtered by the database, not here.
import { msg, type ConnectionDetails, type FloorHolder, type SessionSummary } from '../../../protocol/index.ts';
import { allowedSources, floorFactsOf, maySubscribe } from '../floor/floor-policy.ts';
import { canJoinRoom, sessionFacts } from '../access/policy.ts';
import { visibleSessions } from '../access/access.repository.ts';
import type { Person } from '../access/caller.ts';
import type { SessionAccess } from '../access/session-access.ts';
import { toSiteSummary } from '../auth/account.mapper.ts';
import type { AccountRepository } from '../auth/account.repository.ts';
import { AppError } from '../errors/app-error.ts';
import { mintRoomToken, type LiveKitCredentials } from '../livekit/tokens.ts';
import { refuseIfRemoved, sanctionedAccounts, type SanctionTimes } from '../floor/media-guard.ts';
import type { MediaOffenseRepository } from '../floor/media-offense.repository.ts';
import type { SessionRecord, SessionsRepository } from './sessions.repository.ts';

export type { SessionRecord } from './sessions.repository.ts';


const RECENTLY_CLOSED_MS = 30 * 24 * 3600_000;

export class SessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly accounts: AccountRepository,
    private readonly offenses: MediaOffenseRepository,
    private readonly access: SessionAccess,
    private readonly tokenTtlSeconds: number,
    /** Whether the media server answers: no token is handed out for a server that refuses connections. */
    private readonly mediaUp: () => boolean = () => true,
    private readonly sanctions: SanctionTimes = { revokeMs: 60_000, removeMs: 600_000 },
  ) {}

  async list(caller: Person): Promise<SessionSummary[]> {
    // Closed sessions stay listed for a month: their minutes are approved and exported after the hearing.
    const sessions = await this.repo.list(visibleSessions(caller), new Date(Date.now() - RECENTLY_CLOSED_MS), 200);
    return sessions.map((s) => this.summary(s, caller));
  }

  async get(caller: Person, sessionId: string): Promise<SessionSummary> {
    return this.summary(await this.viewableRecord(caller, sessionId), caller);
  }

  async connectionDetails(caller: Person, sessionId: string, creds: LiveKitCredentials, mode: 'participant' | 'display' = 'participant'): Promise<ConnectionDetails> {
    const session = await this.viewableRecord(caller, sessionId);
    if (!canJoinRoom(caller, sessionFacts(session))) {
      throw new AppError(
        'FORBIDDEN',
        session.status === 'CLOSED' ? msg('session.closedNoRoom') : msg('session.roleNoRoom'),
      );
    }
    if (!this.mediaUp()) {
      throw new AppError('UNAVAILABLE', msg('media.unavailable'));
    }
    const display = mode === 'display';
    // The least the account needs now; the floor controller widens or narrows it live.
    const floor = (session.floor as unknown as FloorHolder | null) ?? null;
    await refuseIfRemoved(this.offenses, sessionId, caller.accountId, this.sanctions.removeMs);
    const [account, { active, called }, sanctioned] = await Promise.all([
      this.accounts.byId(caller.accountId),
      this.repo.floorTurns(sessionId, floor?.entryId ?? null),
      sanctionedAccounts(this.offenses, sessionId, this.sanctions.revokeMs),
    ]);
    const facts = { accountId: account.id, role: account.role, siteId: account.siteId, display };
    const live = { ...floorFactsOf(session.status, floor, active, called), sanctioned };
    const sources = allowedSources(facts, live, session.hostSiteId);
    const hidden = display || account.role === 'OBSERVER';
    return mintRoomToken(creds, session.roomName, account, this.tokenTtlSeconds, {
      sources,
      hidden,
      display,
      canSubscribe: maySubscribe(facts, live, session.hostSiteId),
    });
  }

  /** The session with its sites and agencies, read once, if the caller may see it. */
  private async viewableRecord(caller: Person, sessionId: string): Promise<SessionRecord> {
    const session = await this.repo.byId(sessionId);
    this.access.sees(caller, session && sessionFacts(session));
    return session!; // sees() refused a missing session
  }

  private summary(s: SessionRecord, caller: Person): SessionSummary {
    return {
      id: s.id,
      title: s.title,
      kind: s.kind,
      status: s.status,
      scheduledStart: s.scheduledStart.toISOString(),
      scheduledEnd: s.scheduledEnd?.toISOString() ?? null,
      chair: s.chair,
      hostSite: toSiteSummary(s.hostSite),
      sites: s.sites.map((x) => toSiteSummary(x.site)).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      agencies: s.agencies.map((a) => ({ id: a.agency.id, code: a.agency.code, name: a.agency.name })),
      agencyReps: s.agencies.flatMap((a) =>
        a.agency.accounts.map((r) => ({ accountId: r.id, name: r.fullName, agencyName: a.agency.name, siteId: r.siteId })),
      ),
      canJoin: canJoinRoom(caller, sessionFacts(s)),
    };
  }
}
