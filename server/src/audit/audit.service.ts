// Reading the audit log: administrators only, newest first, a page at a time.
import type { z } from 'zod';
import type { AuditAction, AuditEntryView, AuditPage, AuditQuery, AuditSubject } from '../../../protocol/index.ts';
import type { Caller } from '../access/caller.ts';
import { administrator } from '../access/administration.ts';
import type { AuditRepository, AuditRow } from './audit.repository.ts';

const PAGE = 50;
/** Vietnam keeps +07:00 all year (no daylight saving), so a day there starts at 17:00 UTC the day before. */
const startOfVietnamDay = (day: string): Date => new Date(`${day}T00:00:00+07:00`);
const dayAfter = (d: Date): Date => new Date(d.getTime() + 86_400_000);

export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async search(caller: Caller, query: z.output<typeof AuditQuery>): Promise<AuditPage> {
    administrator(caller);
    const rows = await this.repo.search({
      words: query.q || null,
      subject: query.subject ?? null,
      from: query.from ? startOfVietnamDay(query.from) : null,
      until: query.to ? dayAfter(startOfVietnamDay(query.to)) : null,
      before: query.before ? BigInt(query.before) : null,
      take: PAGE + 1,
    });
    const page = rows.slice(0, PAGE).map(toView);
    return { entries: page, next: rows.length > PAGE ? page[page.length - 1]!.id : null };
  }
}

function toView(row: AuditRow): AuditEntryView {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action as AuditAction,
    subject: row.subjectType as AuditSubject,
    subjectId: row.subjectId,
    subjectLabel: row.subjectLabel,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
  };
}
