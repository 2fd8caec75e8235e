// Reception sessions (kỳ tiếp công dân) as the signed-in account may see them, and the door into a
// session's video room. Access is checked here, next to the data it guards.
import { msg, type ConnectionDetails, type FloorHolder, type SessionSummary } from '../../../protocol/index.ts';
import { allowedSources, floorFactsOf, maySubscribe } from '../floor/floor-policy.ts';
import { canJoinRoom, canViewSession, type AccountFacts, type SessionFacts } from '../access/policy.ts';
import type { AccountWithSite } from '../auth/account.mapper.ts';
import { toSiteSummary } from '../auth/account.mapper.ts';
import type { Db, Prisma } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';
import { mintRoomToken, type LiveKitCredentials } from '../livekit/tokens.ts';
import { refuseIfRemoved, sanctionedAccounts, type SanctionTimes } from '../floor/media-guard.ts';

export const sessionInclude = {
  chair: { select: { id: true, fullName: true } },
  hostSite: true,
  sites: { include: { site: true } },
  agencies: { include: { agency: { include: { accounts: { where: { role: 'AGENCY_REP', active: true } } } } } },
} satisfies Prisma.ReceptionSessionInclude;
export type SessionRecord = Prisma.ReceptionSessionGetPayload<{ include: typeof sessionInclude }>;

export function accountFacts(account: AccountWithSite): AccountFacts {
  return { id: account.id, role: account.role, siteId: account.siteId, siteKind: account.site.kind };
}

export function sessionFacts(session: Pick<SessionRecord, 'chairId' | 'hostSiteId' | 'status'> & { sites: { siteId: string }[] }): SessionFacts {
  return {
    chairId: session.chairId,
    hostSiteId: session.hostSiteId,
    siteIds: session.sites.map((s) => s.siteId),
    status: session.status,
  };
}

const RECENTLY_CLOSED_MS = 30 * 24 * 3600_000;
const NOT_VIEWABLE = msg('session.notViewable');

export class SessionsService {
  constructor(
    private readonly db: Db,
    private readonly tokenTtlSeconds: number,
    /** Whether the media server answers: no token is handed out for a server that refuses connections. */
    private readonly mediaUp: () => boolean = () => true,
    private readonly sanctions: SanctionTimes = { revokeMs: 60_000, removeMs: 600_000 },
  ) {}

  async list(account: AccountWithSite): Promise<SessionSummary[]> {
    const facts = accountFacts(account);
    const sessions = await this.db.receptionSession.findMany({
      include: sessionInclude,
      orderBy: { scheduledStart: 'asc' },
      // Closed sessions stay listed for a month: their minutes are approved and exported after the hearing.
      where: { OR: [{ status: { not: 'CLOSED' } }, { closedAt: { gte: new Date(Date.now() - RECENTLY_CLOSED_MS) } }] },
      take: 200,
    });
    return sessions.filter((s) => canViewSession(facts, sessionFacts(s))).map((s) => this.summary(s, facts));
  }

  async get(account: AccountWithSite, sessionId: string): Promise<SessionSummary> {
    const session = await this.requireViewable(account, sessionId);
    return this.summary(session, accountFacts(account));
  }

  /**
   * The access check alone, reading only what it needs: every socket intent passes here, so it must not
   * load the session's agencies and accounts the way `requireViewable` does for the API.
   */
  async ensureViewable(account: AccountWithSite, sessionId: string): Promise<void> {
    const session = await this.db.receptionSession.findUnique({
      where: { id: sessionId },
      select: { chairId: true, hostSiteId: true, status: true, sites: { select: { siteId: true } } },
    });
    if (!session || !canViewSession(accountFacts(account), sessionFacts(session))) throw new AppError('NOT_FOUND', NOT_VIEWABLE);
  }

  /** Loads a session the account may see; an unknown id and a session of another district look the same. */
  async requireViewable(account: AccountWithSite, sessionId: string): Promise<SessionRecord> {
    const session = await this.db.receptionSession.findUnique({ where: { id: sessionId }, include: sessionInclude });
    if (!session || !canViewSession(accountFacts(account), sessionFacts(session))) {
      throw new AppError('NOT_FOUND', NOT_VIEWABLE);
    }
    return session;
  }

  async connectionDetails(account: AccountWithSite, sessionId: string, creds: LiveKitCredentials, mode: 'participant' | 'display' = 'participant'): Promise<ConnectionDetails> {
    const session = await this.requireViewable(account, sessionId);
    if (!canJoinRoom(accountFacts(account), sessionFacts(session))) {
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
    await refuseIfRemoved(this.db, sessionId, account.id, this.sanctions.removeMs);
    const entryFacts = { status: true, confidential: true, siteId: true } as const;
    const [active, called, sanctioned] = await Promise.all([
      floor ? this.db.registration.findUnique({ where: { id: floor.entryId }, select: entryFacts }) : null,
      this.db.registration.findFirst({ where: { sessionId, status: 'CALLED' }, select: entryFacts }),
      sanctionedAccounts(this.db, sessionId, this.sanctions.revokeMs),
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

  private summary(s: SessionRecord, facts: AccountFacts): SessionSummary {
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
      canJoin: canJoinRoom(facts, sessionFacts(s)),
    };
  }
}
