// What the public lookup reads (a case or an intake by its tracking code, with the digits it is checked
// against) and the log of attempts its rate limits count.
import type { Db } from '../db/client.ts';

export interface LookupRecord {
  idSuffix: string | null;
  receivedAt: Date | null;
  kind: 'COMPLAINT' | 'DENUNCIATION' | 'RECOMMENDATION' | 'FEEDBACK' | 'MIXED';
  field: string;
  handling: 'ACCEPTED' | 'GUIDED' | 'FORWARDED' | null;
  handledBy: string | null;
  case: {
    id: string;
    status: 'ASSIGNED' | 'IN_PROGRESS' | 'WAITING_CITIZEN' | 'RESOLVED' | 'INFORMED';
    agency: string;
    noticeDeadline: Date | null;
    legalDeadline: Date | null;
    resolvedDay: Date | null;
    result: 'FULL' | 'PARTIAL' | null;
    informedDay: Date | null;
    /** The answer the agency recorded with its result. */
    answer: string | null;
    satisfaction: 'SATISFIED' | 'PARTLY' | 'NOT_SATISFIED' | null;
    reopenAsked: boolean;
  } | null;
}

export class PublicLookupRepository {
  constructor(private readonly db: Db) {}

  /** The case with the code, else the intake: both are always asked, so either answer takes the same two reads. */
  async byCode(code: string): Promise<LookupRecord | null> {
    const [found, intake] = await Promise.all([
      this.db.case.findUnique({
        where: { trackingCode: code },
        include: { agency: { select: { name: true } }, intake: { select: { receivedAt: true, handling: true, handledBy: true } }, events: { where: { kind: 'resolve' }, orderBy: { id: 'desc' }, take: 1 } },
      }),
      this.db.intake.findUnique({ where: { trackingCode: code }, select: { receivedAt: true, petitionType: true, field: true, handling: true, handledBy: true, citizen: { select: { idNumber: true } } } }),
    ]);
    if (found) {
      const answer = found.events[0]?.data as { answer?: string } | undefined;
      return {
        idSuffix: found.idSuffix,
        receivedAt: found.intake?.receivedAt ?? found.createdAt,
        kind: found.kind,
        field: found.field,
        handling: found.intake?.handling ?? null,
        handledBy: found.intake?.handledBy ?? null,
        case: {
          id: found.id,
          status: found.status,
          agency: found.agency.name,
          noticeDeadline: found.noticeDeadline,
          legalDeadline: found.legalDeadline,
          resolvedDay: found.resolvedDay,
          result: found.result,
          informedDay: found.informedDay,
          answer: found.status === 'RESOLVED' || found.status === 'INFORMED' ? (answer?.answer ?? null) : null,
          satisfaction: found.satisfaction,
          reopenAsked: found.reopenAskedAt !== null,
        },
      };
    }
    if (intake) {
      return { idSuffix: intake.citizen.idNumber?.slice(-4) ?? null, receivedAt: intake.receivedAt, kind: intake.petitionType, field: intake.field, handling: intake.handling, handledBy: intake.handledBy, case: null };
    }
    return null;
  }

  async logAttempt(at: Date, ip: string, code: string, found: boolean): Promise<void> {
    await this.db.lookupAttempt.create({ data: { at, ip, code, found } });
  }

  /** How many tries an address made, and how many wrong ones a code had, since the windows' starts. */
  async recent(ip: string, code: string, since: { ip: Date; code: Date }): Promise<{ byIp: number; byCode: number }> {
    const [byIp, byCode] = await Promise.all([this.db.lookupAttempt.count({ where: { ip, at: { gte: since.ip } } }), this.db.lookupAttempt.count({ where: { code, at: { gte: since.code }, found: false } })]);
    return { byIp, byCode };
  }
}
