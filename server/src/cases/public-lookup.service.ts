// The citizen's own window on their matter, without signing in: the tracking code from the receipt and
// the last four digits of their CCCD. A wrong pair and an unknown code get the very same answer, after
// the same work and no sooner than a fixed time, so neither the answer nor its timing says which half was
// wrong. Every try is logged in PostgreSQL, where the limits count them (per address, and failures per
// code) across every hub instance.
import { timingSafeEqual } from 'node:crypto';
import { msg, type LookupAnswer, type LookupReply } from '../../../protocol/index.ts';
import { dayOfDate } from '../calendar/vietnam-clock.ts';
import { AppError } from '../errors/app-error.ts';
import type { LookupRecord, PublicLookupRepository } from './public-lookup.repository.ts';

/**
 * Per address: 60 tries in 10 minutes (a ward's kiosk serves many citizens behind one address; an 80-bit
 * code is not guessed anyway). Per code: 5 wrong tries in an hour, so the four digits cannot be tried through.
 */
export const LOOKUP_LIMITS = { perIp: 60, ipWindowMs: 10 * 60_000, perCode: 5, codeWindowMs: 60 * 60_000 } as const;
/** Every answer takes at least this long. */
export const LOOKUP_FLOOR_MS = 250;

const day = (d: Date | null) => (d ? dayOfDate(d) : null);

export class PublicLookupService {
  constructor(
    private readonly repo: PublicLookupRepository,
    /** Records the citizen's word on a case (CasesService.citizenReplies). */
    private readonly cases: { citizenReplies(caseId: string, reply: LookupReply): Promise<void> },
    private readonly now: () => Date = () => new Date(),
    private readonly floorMs = LOOKUP_FLOOR_MS,
  ) {}

  async lookup(ip: string, code: string, idSuffix: string): Promise<LookupAnswer> {
    return this.atLeastFloor(async () => {
      const record = await this.checked(ip, code, idSuffix);
      return record ? answerOf(record) : { found: false };
    });
  }

  /**
   * The citizen's word on their case (satisfied or not, or a request to reopen), with the same pair, the
   * same limits and the same answer for a wrong pair as the lookup; then the matter as it now stands.
   */
  async reply(ip: string, code: string, idSuffix: string, reply: LookupReply): Promise<LookupAnswer> {
    return this.atLeastFloor(async () => {
      const record = await this.checked(ip, code, idSuffix);
      if (!record) return { found: false };
      if (!record.case) throw new AppError('CONFLICT', msg('lookup.noCase'));
      await this.cases.citizenReplies(record.case.id, reply);
      const now = await this.repo.byCode(code);
      return now ? answerOf(now) : { found: false };
    });
  }

  /** The record behind a right pair; null for a wrong pair or an unknown code, after the same work. */
  private async checked(ip: string, code: string, idSuffix: string): Promise<LookupRecord | null> {
    const at = this.now();
    const since = { ip: new Date(at.getTime() - LOOKUP_LIMITS.ipWindowMs), code: new Date(at.getTime() - LOOKUP_LIMITS.codeWindowMs) };
    const before = await this.repo.recent(ip, code, since);
    if (before.byIp >= LOOKUP_LIMITS.perIp || before.byCode >= LOOKUP_LIMITS.perCode) {
      const seconds = Math.ceil((before.byIp >= LOOKUP_LIMITS.perIp ? LOOKUP_LIMITS.ipWindowMs : LOOKUP_LIMITS.codeWindowMs) / 1000);
      throw new AppError('TOO_MANY_ATTEMPTS', msg('lookup.tooMany', { seconds }), { retryAfter: seconds });
    }
    const record = await this.repo.byCode(code);
    // Compared in constant time against a stand-in when the code is unknown or the record has no ID.
    const expected = Buffer.from(record?.idSuffix ?? '\u0000\u0000\u0000\u0000');
    const given = Buffer.from(idSuffix.padEnd(4, '\u0000').slice(0, 4));
    const match = timingSafeEqual(expected.length === given.length ? expected : Buffer.alloc(given.length), given) && record !== null && record.idSuffix !== null;
    await this.repo.logAttempt(at, ip, code, match);
    return match ? record : null;
  }

  private async atLeastFloor<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      const left = this.floorMs - (Date.now() - started);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
  }
}

function answerOf(record: LookupRecord): LookupAnswer {
  const c = record.case;
  return {
    found: true,
    receivedAt: record.receivedAt?.toISOString() ?? null,
    kind: record.kind,
    field: record.field,
    handling: record.handling,
    handledBy: record.handledBy,
    case: c
      ? {
          status: c.status,
          agency: c.agency,
          deadline: day(c.noticeDeadline ?? c.legalDeadline),
          resolvedDay: day(c.resolvedDay),
          result: c.result,
          answer: c.answer,
          informedDay: day(c.informedDay),
          satisfaction: c.satisfaction,
          reopenAsked: c.reopenAsked,
        }
      : null,
  };
}
