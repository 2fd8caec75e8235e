// What the hub knows of a session's minutes, built from the database every time it is asked: the header,
// each turn's facts and the structured fields. Nothing is cached in this process, so every server instance
// answers the same, and the facts follow the live session (a name corrected by the moderator, a turn the
// chair ended) without ever touching what secretaries wrote in the Yjs document.
import {
  inChairCircle,
  msg,
  speakingSeconds,
  type Answer,
  type EntryFacts,
  type EntryFields,
  type MinutesEntryView,
  type MinutesHeader,
  type MinutesIssuer,
  type MinutesPart,
  type MinutesView,
  type Role,
  type SiteKind,
} from '../../../protocol/index.ts';
import type { Db, Prisma } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';

export interface MinutesViewer {
  accountId: string;
  role: Role;
  siteKind: SiteKind;
}

/** Outside the chair's circle (observers, bridge secretaries and operators) a confidential citizen is not named. */
export function seesIdentities(viewer: Pick<MinutesViewer, 'role' | 'siteKind'>): boolean {
  return inChairCircle(viewer.role, viewer.siteKind);
}

/** The chair named on the session: the one who approves, and the only leader who writes. */
export function isSessionChair(viewer: Pick<MinutesViewer, 'accountId' | 'role'>, chairId: string): boolean {
  return viewer.role === 'CHAIR' && viewer.accountId === chairId;
}

/** "05/BB-BTCD": the number, padded to two digits, the document type and the issuer's symbol. */
export function documentNumber(n: number, type: 'BB' | 'TB', symbol: string): string {
  return `${String(n).padStart(2, '0')}/${type}-${symbol}`;
}

/**
 * Facts follow the live session (its version), fields and status the document's own counter: the sum grows
 * with either, which is all a client needs to know it is behind.
 */
export function metaVersionOf(liveVersion: number, documentMetaVersion: number | undefined): number {
  return liveVersion + (documentMetaVersion ?? 0);
}

/**
 * Who writes the minutes: the secretaries and moderators who can see the session, and the session's own
 * chair. Another leader with the chair role reads them only.
 */
export function mayEditMinutes(viewer: Pick<MinutesViewer, 'accountId' | 'role'>, chairId: string): boolean {
  return isSessionChair(viewer, chairId) || viewer.role === 'SECRETARY' || viewer.role === 'MODERATOR';
}

/**
 * Who reopens approved minutes: a writer who is also in the chair's circle. A ward's secretary writes
 * the draft beside the lead secretary, but the approved record of the city's session is not theirs to reopen.
 */
export function mayAmendMinutes(viewer: Pick<MinutesViewer, 'accountId' | 'role' | 'siteKind'>, chairId: string): boolean {
  return mayEditMinutes(viewer, chairId) && seesIdentities(viewer);
}

/** The closed part of the text (a denouncer's statement) is for the chair's circle only. */
export function refuseClosedOutsideCircle(part: MinutesPart, viewer: Pick<MinutesViewer, 'role' | 'siteKind'>): void {
  if (part === 'closed' && !seesIdentities(viewer)) {
    throw new AppError('FORBIDDEN', msg('minutes.closedPartCircle'));
  }
}

export function withholdIdentity(facts: EntryFacts): EntryFacts {
  return facts.confidential ? { ...facts, citizenName: null, representative: null, subject: null } : facts;
}

/** The full view, as the chair's circle sees it; `forViewer` narrows it. */
export interface FullView {
  header: MinutesHeader;
  entries: MinutesEntryView[];
  status: MinutesView['status'];
  metaVersion: number;
  versions: number;
  numbers: MinutesView['numbers'];
  amendReason: string | null;
  chairId: string;
  sessionStatus: string;
}

export async function loadFullView(db: Db | Prisma.TransactionClient, sessionId: string, issuer: MinutesIssuer): Promise<FullView> {
  const session = await db.receptionSession.findUnique({
    where: { id: sessionId },
    include: {
      chair: { select: { fullName: true } },
      hostSite: true,
      sites: { include: { site: true } },
      agencies: { include: { agency: true } },
      registrations: { where: { startedAt: { not: null } }, orderBy: [{ startedAt: 'asc' }, { position: 'asc' }], include: { site: true } },
      minutesDocuments: { select: { status: true, metaVersion: true, amendReason: true, numberYear: true, minutesNumber: true, noticeNumber: true } },
      minutesEntries: true,
    },
  });
  if (!session) throw new AppError('NOT_FOUND', msg('session.notFound'));
  const [secretaries, joinedSites, versions] = await Promise.all([
    db.account.findMany({ where: { siteId: session.hostSiteId, role: 'SECRETARY', active: true }, orderBy: { fullName: 'asc' }, select: { fullName: true } }),
    db.roomPresence.findMany({ where: { sessionId }, distinct: ['siteId'], select: { siteId: true } }),
    db.minutesVersion.count({ where: { sessionId } }),
  ]);
  const took = new Set(joinedSites.map((p) => p.siteId));
  const doc = session.minutesDocuments[0];
  const fieldsOf = new Map(session.minutesEntries.map((e) => [e.registrationId, e]));
  const number = (n: number | null | undefined, type: 'BB' | 'TB'): string | null => (n ? documentNumber(n, type, issuer.symbol) : null);

  const header: MinutesHeader = {
    sessionId,
    title: session.title,
    kind: session.kind,
    scheduledStart: session.scheduledStart.toISOString(),
    startedAt: session.startedAt?.toISOString() ?? null,
    closedAt: session.closedAt?.toISOString() ?? null,
    hostSite: { code: session.hostSite.code, name: session.hostSite.name, address: session.hostSite.address },
    sites: session.sites
      .filter((s) => s.site.kind === 'BRIDGE_POINT')
      .map((s) => ({ code: s.site.code, name: s.site.name, tookPart: took.has(s.siteId) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    chair: { name: session.chair.fullName },
    secretaries: secretaries.map((s) => ({ name: s.fullName })),
    agencies: session.agencies.map((a) => ({ id: a.agency.id, code: a.agency.code, name: a.agency.name })).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    issuer,
  };

  const entries = session.registrations.map((r, i): MinutesEntryView => {
    const f = fieldsOf.get(r.id);
    const endedAt = r.endedAt?.toISOString() ?? null;
    const facts: EntryFacts = {
      entryId: r.id,
      number: i + 1,
      confidential: r.confidential,
      citizenName: r.citizenName,
      representative: r.representative,
      subject: r.subject,
      delegationSize: r.delegationSize,
      siteCode: r.site.code,
      siteName: r.site.name,
      petitionType: r.petitionType,
      field: r.field,
      status: r.status,
      startedAt: r.startedAt?.toISOString() ?? null,
      endedAt,
      durationSeconds: endedAt
        ? speakingSeconds({ startedAt: r.startedAt?.toISOString() ?? null, endedAt, pausedAt: r.pausedAt?.toISOString() ?? null, pausedMs: r.pausedMs }, 0)
        : null,
      answeredBy: (r.answers as unknown as Answer[]).map((a) => ({ accountName: a.name, agencyName: a.agencyName })),
    };
    const fields: EntryFields = {
      petitionType: f?.petitionType ?? null,
      field: f?.field ?? null,
      conclusionType: f?.conclusionType ?? null,
      agencyId: f?.agencyId ?? null,
      deadline: f?.deadline ? f.deadline.toISOString().slice(0, 10) : null,
      updatedBy: f?.updatedById ?? null,
      updatedAt: f?.updatedAt.toISOString() ?? null,
    };
    return { facts, fields };
  });

  return {
    header,
    entries,
    status: doc?.status ?? 'DRAFT',
    metaVersion: metaVersionOf(session.liveVersion, doc?.metaVersion),
    versions,
    numbers: { minutes: number(doc?.minutesNumber, 'BB'), notice: number(doc?.noticeNumber, 'TB') },
    amendReason: doc?.status === 'AMENDING' ? (doc.amendReason ?? null) : null,
    chairId: session.chairId,
    sessionStatus: session.status,
  };
}

export function forViewer(full: FullView, viewer: MinutesViewer): MinutesView {
  const identities = seesIdentities(viewer);
  const editor = mayEditMinutes(viewer, full.chairId);
  return {
    header: full.header,
    entries: identities ? full.entries : full.entries.map((e) => ({ ...e, facts: withholdIdentity(e.facts) })),
    status: full.status,
    metaVersion: full.metaVersion,
    versions: full.versions,
    numbers: full.numbers,
    amendReason: full.amendReason,
    canEdit: editor && full.status !== 'APPROVED',
    canApprove: isSessionChair(viewer, full.chairId) && full.status !== 'APPROVED',
    canAmend: mayAmendMinutes(viewer, full.chairId) && full.status === 'APPROVED',
    redacted: !identities && full.entries.some((e) => e.facts.confidential),
    seesClosed: identities,
  };
}
