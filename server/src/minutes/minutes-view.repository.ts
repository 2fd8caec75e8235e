// The full view of a session's minutes, read in one go: the session, its sites and agencies, every turn
// that reached the minutes with its answers and fields, the document's status and numbers.
import {
  msg,
  speakingSeconds,
  type EntryFacts,
  type EntryFields,
  type MinutesEntryView,
  type MinutesHeader,
  type MinutesIssuer,
} from '../../../protocol/index.ts';
import type { Db, Prisma } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';
import { withAnswers } from '../live/live.repository.ts';
import { documentNumber, metaVersionOf, type FullView } from './minutes-view.ts';

export async function loadFullView(db: Db | Prisma.TransactionClient, sessionId: string, issuer: MinutesIssuer): Promise<FullView> {
  const session = await db.receptionSession.findUnique({
    where: { id: sessionId },
    include: {
      chair: { select: { fullName: true } },
      hostSite: true,
      sites: { include: { site: true } },
      agencies: { include: { agency: true } },
      registrations: { where: { startedAt: { not: null } }, orderBy: [{ startedAt: 'asc' }, { position: 'asc' }], include: { site: true, ...withAnswers } },
      minutesDocument: { select: { status: true, metaVersion: true, amendReason: true, numberYear: true, minutesNumber: true, noticeNumber: true } },
      minutesEntries: true,
    },
  });
  if (!session) throw new AppError('NOT_FOUND', msg('session.notFound'));
  const usedFields = [...new Set([...session.registrations.map((r) => r.field), ...session.minutesEntries.flatMap((e) => (e.field ? [e.field] : []))])];
  const [secretaries, joinedSites, versions, fields] = await Promise.all([
    db.account.findMany({ where: { siteId: session.hostSiteId, role: 'SECRETARY', active: true }, orderBy: { fullName: 'asc' }, select: { fullName: true } }),
    db.roomPresence.findMany({ where: { sessionId }, distinct: ['siteId'], select: { siteId: true } }),
    db.minutesVersion.count({ where: { sessionId } }),
    db.petitionField.findMany({ where: { code: { in: usedFields } }, select: { code: true, nameVi: true }, orderBy: { code: 'asc' } }),
  ]);
  const took = new Set(joinedSites.map((p) => p.siteId));
  const doc = session.minutesDocument;
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
    fields: fields.map((f) => ({ code: f.code, name: f.nameVi })),
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
      answeredBy: r.answers.map((a) => ({ accountName: a.name, agencyName: a.agencyName })),
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
