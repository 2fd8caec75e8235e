// The statutory reports' figures for a period and a scope. Counts only: no citizen, no denouncer, reaches
// a report, so every reader with the permission reads the same figures; a bridge point reads its own site.
import { msg, type FollowUpFigures, type ReceptionFigures, type ReportExportFields, type ReportFilter, type ReportSummary } from '../../../protocol/index.ts';
import type { Issuer } from '../documents/decree-parts.ts';
import type { RenderedFile } from '../documents/render.ts';
import { exportReport } from './report-export.ts';
import type { Caller, Person } from '../access/caller.ts';
import { hasPermission } from '../access/permissions.ts';
import { vietnamDay, vietnamInstant } from '../calendar/vietnam-clock.ts';
import { AppError } from '../errors/app-error.ts';
import type { FollowUpRow, ReceptionRow, ReportFiguresRepository } from './report-figures.repository.ts';

const PETITION_TYPES = ['COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'FEEDBACK', 'MIXED'] as const;

/** Every calendar month a period touches, "2026-09" to "2026-12", so a month without visits shows as zero. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? ((m = 1), y++) : m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
  return months;
}

const EMPTY: ReceptionFigures = { visits: 0, people: 0, firstTime: 0, repeated: 0, delegations: { count: 0, people: 0, firstTime: 0, repeated: 0 } };

function receptionOf(rows: ReceptionRow[]): ReceptionFigures {
  return rows.reduce<ReceptionFigures>(
    (sum, r) => ({
      visits: sum.visits + r.visits,
      people: sum.people + r.people,
      firstTime: sum.firstTime + r.firstTime,
      repeated: sum.repeated + r.repeated,
      delegations: {
        count: sum.delegations.count + r.delegations,
        people: sum.delegations.people + r.delegationPeople,
        firstTime: sum.delegations.firstTime + r.delegationsFirst,
        repeated: sum.delegations.repeated + r.delegationsRepeated,
      },
    }),
    EMPTY,
  );
}

function followUpOf(rows: FollowUpRow[]): FollowUpFigures {
  const assigned = rows.reduce((n, r) => n + r.assigned, 0);
  const resolved = rows.reduce((n, r) => n + r.resolved, 0);
  const overdue = rows.reduce((n, r) => n + r.overdue, 0);
  return {
    assigned,
    resolved,
    resolvedOnTime: rows.reduce((n, r) => n + r.resolvedOnTime, 0),
    overdue,
    inProgress: assigned - resolved - overdue,
    resolutionRate: { numerator: resolved, denominator: assigned },
  };
}

export class ReportsService {
  constructor(
    private readonly repo: ReportFiguresRepository,
    private readonly now: () => Date = () => new Date(),
    private readonly issuer: Issuer = { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'BAN TIẾP CÔNG DÂN THÀNH PHỐ', symbol: 'BTCD', place: 'Hà Nội' },
  ) {}

  async summary(caller: Caller, filter: ReportFilter): Promise<ReportSummary> {
    const person = this.reader(caller);
    // A bridge point's people read their own site's figures only.
    const ownSite = person.siteKind === 'BRIDGE_POINT' ? person.siteId : null;
    if (ownSite && ((filter.siteId && filter.siteId !== ownSite) || filter.district)) throw new AppError('FORBIDDEN', msg('report.ownSite'));
    const siteId = ownSite ?? filter.siteId ?? null;
    const sites = await this.repo.sites(ownSite);
    const site = siteId ? sites.find((s) => s.id === siteId) : undefined;
    if (siteId && !site) throw new AppError('BAD_REQUEST', msg('v.invalid'), { details: { siteId: msg('v.invalid') } });
    const scope = { since: vietnamInstant(filter.from), until: new Date(vietnamInstant(filter.to).getTime() + 86_400_000), siteId, district: siteId ? null : (filter.district ?? null), today: vietnamDay(this.now()) };
    const [reception, handled, followUp, monthly] = await Promise.all([this.repo.reception(scope), this.repo.handling(scope), this.repo.followUp(scope), this.repo.monthly(scope)]);
    const part = (regular: boolean, delegated: boolean) => receptionOf(reception.filter((r) => r.regular === regular && (regular || r.delegated === delegated)));
    return {
      period: { from: filter.from, to: filter.to },
      scope: { district: scope.district, site: site ? { id: site.id, name: site.name } : null },
      reception: { regular: part(true, false), byHead: part(false, false), delegated: part(false, true), total: receptionOf(reception) },
      handling: {
        received: handled.received,
        bySigners: { one: handled.byOne, many: handled.byMany },
        byContent: { complaint: handled.complaint, denunciation: handled.denunciation, recommendationFeedback: handled.recommendationFeedback, mixed: handled.mixed },
        withinCompetence: { total: handled.within, complaint: handled.withinComplaint, denunciation: handled.withinDenunciation, recommendationFeedback: handled.withinRecommendationFeedback, mixed: handled.withinMixed },
        outsideCompetence: handled.received - handled.within,
        accepted: handled.accepted,
        guided: handled.guided,
        forwarded: handled.forwarded,
        undecided: handled.undecided,
      },
      followUp: { ...followUpOf(followUp), byAgency: followUp.map((r) => ({ agency: { id: r.agencyId, name: r.agencyName }, ...followUpOf([r]) })) },
      satisfaction: followUp.reduce((s, r) => ({ satisfied: s.satisfied + r.satisfied, partly: s.partly + r.partly, notSatisfied: s.notSatisfied + r.notSatisfied, notAnswered: s.notAnswered + r.notAnswered }), { satisfied: 0, partly: 0, notSatisfied: 0, notAnswered: 0 }),
      monthly: monthsOf(filter.from, filter.to).map((month) => ({
        month,
        byType: Object.fromEntries(PETITION_TYPES.map((t) => [t, monthly.find((m) => m.month === month && m.petitionType === t)?.visits ?? 0])) as ReportSummary['monthly'][number]['byType'],
      })),
      districts: [...new Set(sites.map((s) => s.district).filter((d): d is string => d !== null))].sort((a, b) => a.localeCompare(b, 'vi')),
      sites,
    };
  }

  /** The same figures as the file offices file: both forms as XLSX, or one table as CSV. */
  async export(caller: Caller, query: ReportExportFields): Promise<RenderedFile> {
    const { format, table, ...filter } = query;
    const figures = await this.summary(caller, filter);
    return exportReport(figures, format, table ?? 'reception', this.issuer, this.now());
  }

  private reader(caller: Caller): Person {
    if (caller.kind !== 'person' || !hasPermission(caller, 'report.read')) throw new AppError('FORBIDDEN', msg('report.readOnly'));
    return caller;
  }
}
