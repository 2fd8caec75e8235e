// The audit log of administrative changes. Entries are written by the repository that makes the change,
// inside its transaction (`recordIn`), so a change and its entry are saved together or not at all.
// Nothing here updates or deletes an entry.
import type { AuditAction, AuditSubject } from '../../../protocol/index.ts';
import type { Db, Prisma } from '../db/client.ts';

/** What an administrative change writes to the log. Before and after are plain records, never a secret. */
export interface AuditDraft {
  actorId: string | null;
  action: AuditAction;
  subject: AuditSubject;
  subjectId: string;
  subjectLabel: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

type Tx = Prisma.TransactionClient;

const json = (v: Record<string, unknown> | null | undefined) => (v ? (v as Prisma.InputJsonObject) : undefined);

function rowOf(d: AuditDraft): Prisma.AuditEntryCreateManyInput {
  return { actorId: d.actorId, action: d.action, subjectType: d.subject, subjectId: d.subjectId, subjectLabel: d.subjectLabel, before: json(d.before), after: json(d.after) };
}

export async function recordIn(tx: Tx, ...drafts: AuditDraft[]): Promise<void> {
  if (drafts.length > 0) await tx.auditEntry.createMany({ data: drafts.map(rowOf) });
}

export interface AuditFilter {
  words: string | null;
  subject: AuditSubject | null;
  from: Date | null;
  /** Exclusive. */
  until: Date | null;
  before: bigint | null;
  take: number;
}

export const auditInclude = { actor: { select: { id: true, username: true, fullName: true } } } satisfies Prisma.AuditEntryInclude;
export type AuditRow = Prisma.AuditEntryGetPayload<{ include: typeof auditInclude }>;

export class AuditRepository {
  constructor(private readonly db: Db) {}

  search(f: AuditFilter): Promise<AuditRow[]> {
    const contains = (field: 'subjectLabel' | 'action') => ({ [field]: { contains: f.words!, mode: 'insensitive' as const } });
    return this.db.auditEntry.findMany({
      where: {
        ...(f.subject ? { subjectType: f.subject } : {}),
        ...(f.from || f.until ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
        ...(f.before !== null ? { id: { lt: f.before } } : {}),
        ...(f.words
          ? {
              OR: [
                contains('subjectLabel'),
                contains('action'),
                { actor: { fullName: { contains: f.words, mode: 'insensitive' } } },
                { actor: { username: { contains: f.words, mode: 'insensitive' } } },
              ],
            }
          : {}),
      },
      include: auditInclude,
      orderBy: { id: 'desc' },
      take: f.take,
    });
  }
}
