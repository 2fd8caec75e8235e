// The statutory reports' figures for a period and a scope. Counts only: no citizen, no denouncer, reaches
// a report, so every reader with the permission reads the same figures; a bridge point reads its own site.
import {
  calendarDayVi,
  dutyDaysRequired,
  msg,
  NO_AREA,
  REPORT_RECORDS_PAGE_SIZE,
  SESSION_FIGURES,
  type SessionFigure,
  type BookRow,
  type CaseFigure,
  type CaseView,
  type FollowUpFigures,
  type ReceptionFigures,
  type ReportExportFields,
  type ReportFigure,
  type ReportFilter,
  type ReportRecords,
  type ReportRecordsFilter,
  type ReportSummary,
  type VisitPart,
} from '../../../protocol/index.ts';
import type { Issuer } from '../documents/decree-parts.ts';
import type { RenderedFile } from '../documents/render.ts';
import { exportReport } from './report-export.ts';
import type { Caller, Person } from '../access/caller.ts';
import { hasPermission } from '../access/permissions.ts';
import { vietnamDay, vietnamInstant } from '../calendar/vietnam-clock.ts';
import { AppError } from '../errors/app-error.ts';
import type { FollowUpRow, ReceptionRow, ReportFiguresRepository, ReportScope } from './report-figures.repository.ts';
import type { ReportFilingsRepository } from './report-filings.repository.ts';
import { figureDifferences, figuresOf } from './figure-differences.ts';
import { randomUUID } from 'node:crypto';

type ReportSite = { id: string; name: string; district: string | null };

const PETITION_TYPES = ['COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'FEEDBACK', 'MIXED'] as const;

/** Every calendar month a period touches, "2026-09" to "2026-12", so a month without visits shows as zero. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? ((m = 1), y++) : m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
  return months;
}

function receptionOf(row: ReceptionRow, part: VisitPart): ReceptionFigures {
  const n = (key: string) => row[`${part}.${key}`] ?? 0;
  return {
    visits: n('visits'),
    people: n('people'),
    firstTime: n('firstTime'),
    repeated: n('repeated'),
    delegations: { count: n('delegations'), people: n('delegationPeople'), firstTime: n('delegationsFirst'), repeated: n('delegationsRepeated') },
  };
}

function followUpOf(rows: FollowUpRow[]): FollowUpFigures {
  const sum = (key: 'assigned' | 'resolved' | 'resolvedOnTime' | 'overdue' | 'inProgress') => rows.reduce((n, r) => n + r[key], 0);
  return {
    assigned: sum('assigned'),
    resolved: sum('resolved'),
    resolvedOnTime: sum('resolvedOnTime'),
    overdue: sum('overdue'),
    inProgress: sum('inProgress'),
    resolutionRate: { numerator: sum('resolved'), denominator: sum('assigned') },
  };
}

/** How the records behind a figure are shown: as the reception book and the cases page show them to this reader. */
export interface RecordViews {
  visits(caller: Caller, ids: string[], firstNumber: number, period: { from: string; to: string }): Promise<BookRow[]>;
  cases(caller: Caller, ids: string[]): Promise<CaseView[]>;
}

/** One filing per period and scope: the city, a district, a site. */
const scopeKeyOf = (s: ReportSummary): string => (s.scope.site ? `site:${s.scope.site.id}` : s.scope.district ? `district:${s.scope.district}` : 'city');

export class ReportsService {
  constructor(
    private readonly repo: ReportFiguresRepository,
    private readonly now: () => Date = () => new Date(),
    private readonly issuer: Issuer = { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'BAN TIẾP CÔNG DÂN THÀNH PHỐ', symbol: 'BTCD', place: 'Hà Nội' },
    private readonly views?: RecordViews,
    private readonly filings?: ReportFilingsRepository,
  ) {}

  /**
   * The report for a period and scope. Once filed, its figures are those filed, and what the records say
   * now is listed where it differs: a correction never silently rewrites a filed report.
   */
  async summary(caller: Caller, filter: ReportFilter): Promise<ReportSummary> {
    const live = await this.computed(caller, filter);
    const filing = await this.filings?.find(filter.from, filter.to, scopeKeyOf(live));
    const person = this.reader(caller);
    if (!filing) return { ...live, canFile: this.files(person) };
    return { ...live, ...filing.figures, filed: { at: filing.filedAt.toISOString(), by: filing.filedBy, differences: figureDifferences(filing.figures, live) }, canFile: false };
  }

  /** Files (chốt) the period's figures as they stand, with who filed them; a period is filed once. */
  async file(caller: Caller, filter: ReportFilter): Promise<ReportSummary> {
    const person = this.reader(caller);
    if (!this.files(person)) throw new AppError('FORBIDDEN', msg('report.fileOnly'));
    const filings = this.filings;
    if (!filings) throw new Error('ReportsService was built without filings');
    const live = await this.computed(caller, filter);
    const scopeKey = scopeKeyOf(live);
    const at = this.now();
    const done = await filings.file({ id: randomUUID(), from: filter.from, to: filter.to, scopeKey, scopeLabel: live.scope.site?.name ?? live.scope.district ?? 'toàn thành phố', figures: figuresOf(live), at, byId: person.accountId });
    if (done === 'filed') {
      const earlier = await filings.find(filter.from, filter.to, scopeKey);
      throw new AppError('CONFLICT', msg('report.alreadyFiled', { at: earlier ? calendarDayVi(vietnamDay(earlier.filedAt)) : '' }));
    }
    // Filed just now from these very figures: nothing differs yet, and nothing needs computing again.
    return { ...live, filed: { at: at.toISOString(), by: person.name, differences: [] }, canFile: false };
  }

  /** Filing is for the host office's chair's circle. */
  private files(person: Person): boolean {
    return hasPermission(person, 'report.file') && person.siteKind === 'HOST_OFFICE';
  }

  /** The figures as the records give them now. */
  private async computed(caller: Caller, filter: ReportFilter): Promise<ReportSummary> {
    const { scope, site, sites } = await this.scopeOf(caller, filter);
    const [reception, handled, followUp, monthly, leaders, dialogues, byField, rateByMonth] = await Promise.all([
      this.repo.reception(scope),
      this.repo.handling(scope),
      this.repo.followUp(scope),
      this.repo.monthly(scope),
      this.repo.leaders(scope),
      this.repo.dialogues(scope),
      this.repo.byField(scope),
      this.repo.rateByMonth(scope),
    ]);
    return {
      period: { from: filter.from, to: filter.to },
      scope: { district: scope.district, site: site ? { id: site.id, name: site.name } : null },
      filed: null,
      canFile: false,
      reception: { regular: receptionOf(reception, 'regular'), byHead: receptionOf(reception, 'byHead'), delegated: receptionOf(reception, 'delegated'), total: receptionOf(reception, 'total') },
      handling: {
        received: handled.received,
        bySigners: { one: handled.byOne, many: handled.byMany },
        byContent: { complaint: handled.complaint, denunciation: handled.denunciation, recommendationFeedback: handled.recommendationFeedback, mixed: handled.mixed },
        withinCompetence: { total: handled.within, complaint: handled.withinComplaint, denunciation: handled.withinDenunciation, recommendationFeedback: handled.withinRecommendationFeedback, mixed: handled.withinMixed },
        outsideCompetence: handled.outside,
        accepted: handled.accepted,
        guided: handled.guided,
        forwarded: handled.forwarded,
        undecided: handled.undecided,
        carriedOver: handled.carriedOver,
        admissible: handled.admissible,
        resolution: { firstTime: handled.resolvedFirstTime, repeated: handled.resolvedRepeated, inProgress: handled.resolving, notYet: handled.notResolved },
        repliesReceived: handled.repliesReceived,
      },
      followUp: { ...followUpOf(followUp), byAgency: followUp.map((r) => ({ agency: { id: r.agencyId, name: r.agencyName }, ...followUpOf([r]) })) },
      leaders: leaders.map((l) => ({
        leader: { id: l.id, fullName: l.fullName, site: l.siteName },
        // The hub's leaders preside at the host office: the city's leaders (see dutyDaysRequired).
        level: 'CITY' as const,
        inPerson: l.inPerson,
        delegated: l.delegated,
        days: l.days,
        required: dutyDaysRequired('CITY', filter.from, filter.to),
        matters: l.matters,
        people: l.people,
      })),
      dialogues: {
        rows: dialogues,
        total: (['conferences', 'opinions', 'answered', 'assigned', 'resolved'] as const).reduce((t, k) => ({ ...t, [k]: dialogues.reduce((n, r) => n + r[k], 0) }), { conferences: 0, opinions: 0, answered: 0, assigned: 0, resolved: 0 }),
      },
      satisfaction: followUp.reduce((s, r) => ({ satisfied: s.satisfied + r.satisfied, partly: s.partly + r.partly, notSatisfied: s.notSatisfied + r.notSatisfied, notAnswered: s.notAnswered + r.notAnswered }), { satisfied: 0, partly: 0, notSatisfied: 0, notAnswered: 0 }),
      monthly: monthsOf(filter.from, filter.to).map((month) => ({
        month,
        byType: Object.fromEntries(PETITION_TYPES.map((t) => [t, monthly.find((m) => m.month === month && m.petitionType === t)?.visits ?? 0])) as ReportSummary['monthly'][number]['byType'],
      })),
      byField,
      rateByMonth: monthsOf(filter.from, filter.to).map((month) => rateByMonth.find((r) => r.month === month) ?? { month, assigned: 0, resolved: 0 }),
      districts: [...new Set(sites.map((s) => s.district).filter((d): d is string => d !== null))].sort((a, b) => a.localeCompare(b, 'vi')),
      sites,
    };
  }

  /**
   * The records one figure counts, by the same definition (the repository's condition for it), shown as the
   * reader may see them: a denouncer stays withheld outside the chair's circle, an observer reads initials.
   */
  async records(caller: Caller, query: ReportRecordsFilter): Promise<ReportRecords> {
    const { figure, agencyId, leaderId, area, group, page, ...filter } = query;
    const { scope } = await this.scopeOf(caller, filter);
    const views = this.views;
    if (!views) throw new Error('ReportsService was built without record views');
    const skip = (page - 1) * REPORT_RECORDS_PAGE_SIZE;
    const base = { figure, page, pageSize: REPORT_RECORDS_PAGE_SIZE };
    if ((SESSION_FIGURES as readonly string[]).includes(figure)) {
      const noneOr = (v: string | undefined) => (v === undefined ? undefined : v === NO_AREA ? null : v);
      const { rows, total } = await this.repo.sessionRecords(scope, figure as SessionFigure, { leaderId: leaderId ?? null, area: noneOr(area), group: noneOr(group) }, skip, REPORT_RECORDS_PAGE_SIZE);
      return { ...base, total, kind: 'sessions', sessions: rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() })) };
    }
    if (figure.startsWith('followUp.')) {
      const { ids, total } = await this.repo.caseIds(scope, figure as `followUp.${CaseFigure}`, agencyId ?? null, skip, REPORT_RECORDS_PAGE_SIZE);
      return { ...base, total, kind: 'cases', cases: await views.cases(caller, ids) };
    }
    const { ids, total } = await this.repo.visitIds(scope, figure as Exclude<ReportFigure, `followUp.${string}` | SessionFigure>, skip, REPORT_RECORDS_PAGE_SIZE);
    return { ...base, total, kind: 'visits', visits: await views.visits(caller, ids, skip + 1, { from: filter.from, to: filter.to }) };
  }

  /** The period and scope as the repository reads them; a bridge point's people read their own site only. */
  private async scopeOf(caller: Caller, filter: ReportFilter): Promise<{ scope: ReportScope; site: ReportSite | undefined; sites: ReportSite[] }> {
    const person = this.reader(caller);
    const ownSite = person.siteKind === 'BRIDGE_POINT' ? person.siteId : null;
    if (ownSite && ((filter.siteId && filter.siteId !== ownSite) || filter.district)) throw new AppError('FORBIDDEN', msg('report.ownSite'));
    const siteId = ownSite ?? filter.siteId ?? null;
    const sites = await this.repo.sites(ownSite);
    const site = siteId ? sites.find((s) => s.id === siteId) : undefined;
    if (siteId && !site) throw new AppError('BAD_REQUEST', msg('v.invalid'), { details: { siteId: msg('v.invalid') } });
    const scope = { since: vietnamInstant(filter.from), until: new Date(vietnamInstant(filter.to).getTime() + 86_400_000), siteId, district: siteId ? null : (filter.district ?? null), today: vietnamDay(this.now()) };
    return { scope, site, sites };
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
