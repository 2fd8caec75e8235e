// Reading the audit log: administrators only, newest first, a page at a time.
import type { z } from 'zod';
import type { AuditAction, AuditEntryView, AuditPage, AuditQuery, AuditSubject } from '../../../protocol/index.ts';
import type { Caller } from '../access/caller.ts';
import { administrator } from '../access/administration.ts';
import type { AuditRepository, AuditRow } from './audit.repository.ts';
import { vietnamInstant } from '../calendar/vietnam-clock.ts';
import { addDays } from '../calendar/working-days.ts';

const PAGE = 50;

export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async search(caller: Caller, query: z.output<typeof AuditQuery>): Promise<AuditPage> {
    administrator(caller);
    const rows = await this.repo.search({
      words: query.q || null,
      subject: query.subject ?? null,
      from: query.from ? vietnamInstant(query.from) : null,
      until: query.to ? vietnamInstant(addDays(query.to, 1)) : null,
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
