// The reception book: the visits of a period, in the order they were received, with the columns of form 03
// of Circular 04/2021/TT-TTCP. A bridge point reads its own visits; the host office and observers read the
// city's. Each row's citizen is shown as access/intake-sight.ts decides for that reader, so an observer's
// book is masked and a denouncer is withheld outside the chair's circle, on the screen and in every export.
// Reading other sites' citizens in full is written to the audit log, once per page or export.
import { BOOK_PAGE_SIZE, msg, type BookFilter, type BookPage, type BookRow } from '../../../../protocol/index.ts';
import type { Caller, Person } from '../../access/caller.ts';
import { fullReadFromElsewhere, intakeSight } from '../../access/intake-sight.ts';
import { hasPermission } from '../../access/permissions.ts';
import { dayOfDate, vietnamInstant } from '../../calendar/vietnam-clock.ts';
import type { Issuer } from '../../documents/decree-parts.ts';
import type { RenderedFile } from '../../documents/render.ts';
import { AppError } from '../../errors/app-error.ts';
import { citizenView } from '../citizen-view.ts';
import type { BookWhere, IntakeRepository, IntakeRow } from '../intake.repository.ts';
import { exportBook, type BookScope } from './book-export.ts';

/** An export holds the whole period; past this many visits, a shorter period or a site is asked for. */
export const BOOK_EXPORT_MAX_ROWS = 20_000;

export class ReceptionBookService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly issuer: Issuer,
  ) {}

  async page(caller: Caller, filter: BookFilter): Promise<BookPage> {
    const person = this.reader(caller);
    const skip = (filter.page - 1) * BOOK_PAGE_SIZE;
    const { rows, total } = await this.repo.book(this.where(person, filter), skip, BOOK_PAGE_SIZE);
    const lines = this.lines(person, rows, skip);
    await this.auditElsewhere(person, rows, 'book.read', filter);
    const sites = await this.repo.sites(person.siteKind === 'BRIDGE_POINT' ? person.siteId : undefined);
    return { sites, rows: lines, total, page: filter.page, pageSize: BOOK_PAGE_SIZE };
  }

  async export(caller: Caller, filter: BookFilter, format: 'xlsx' | 'pdf'): Promise<RenderedFile> {
    const person = this.reader(caller);
    const { rows, total } = await this.repo.book(this.where(person, filter), 0, BOOK_EXPORT_MAX_ROWS + 1);
    if (total > BOOK_EXPORT_MAX_ROWS) throw new AppError('BAD_REQUEST', msg('book.tooMany', { count: total, max: BOOK_EXPORT_MAX_ROWS }));
    const scope: BookScope = {
      from: filter.from,
      to: filter.to,
      siteName: filter.siteId ? await this.repo.siteName(filter.siteId) : person.siteKind === 'BRIDGE_POINT' ? await this.repo.siteName(person.siteId) : null,
      masked: rows.some((r) => intakeSight(person, r) !== 'full'),
    };
    const file = await exportBook(format, this.lines(person, rows, 0), scope, this.issuer, await this.repo.fieldNames());
    await this.auditElsewhere(person, rows, 'book.export', filter, format);
    return file;
  }

  /**
   * Visits a report's figure counts, as rows of the book numbered from `firstNumber`; one the person may not
   * see is left out. Reading other sites' citizens in full is audited as the book's pages are.
   */
  async rowsOf(caller: Caller, ids: string[], firstNumber: number, period: { from: string; to: string }): Promise<BookRow[]> {
    const person = this.reader(caller);
    const rows = (await this.repo.byIds(ids)).filter((r) => intakeSight(person, r));
    await this.auditElsewhere(person, rows, 'book.read', { ...period, page: 1 });
    return this.lines(person, rows, firstNumber - 1);
  }

  private where(person: Person, filter: BookFilter): BookWhere {
    return {
      since: vietnamInstant(filter.from),
      until: new Date(vietnamInstant(filter.to).getTime() + 86_400_000),
      // A bridge point's people read their own site's book only.
      sites: [...(person.siteKind === 'BRIDGE_POINT' ? [person.siteId] : []), ...(filter.siteId ? [filter.siteId] : [])],
      petitionType: filter.petitionType ?? null,
      field: filter.field ?? null,
    };
  }

  private lines(person: Person, rows: IntakeRow[], skip: number): BookRow[] {
    return rows.map((row, i) => {
      // The where clause keeps to rows the person may see: a null sight cannot occur, and is withheld if it did.
      const sight = intakeSight(person, row) ?? 'withheld';
      const full = sight === 'full';
      return {
        number: skip + i + 1,
        id: row.id,
        receivedAt: row.receivedAt.toISOString(),
        siteName: row.site.name,
        citizen: citizenView(row.citizen, sight),
        content: sight === 'withheld' ? null : row.content,
        petitionType: row.petitionType,
        field: row.field,
        delegationSize: row.delegationSize,
        representatives: full ? row.representatives : [],
        handledBefore: row.handledBefore,
        handling: row.handling,
        handledBy: row.handledBy,
        handledAt: row.handledAt?.toISOString() ?? null,
        returningSince: row.returningOf?.receivedAt.toISOString() ?? null,
        confidential: row.confidential,
        // What the other body replied may speak of the citizen: its words for those who see them in full.
        reply: row.replyReceivedOn ? { day: dayOfDate(row.replyReceivedOn), note: full ? row.replyNote : null } : null,
      };
    });
  }

  private async auditElsewhere(person: Person, rows: IntakeRow[], action: 'book.read' | 'book.export', filter: BookFilter, format?: string): Promise<void> {
    const elsewhere = rows.filter((r) => fullReadFromElsewhere(person, r, intakeSight(person, r))).length;
    if (elsewhere === 0 && action === 'book.read') return;
    await this.repo.audit({
      actorId: person.accountId,
      action,
      subject: 'book',
      subjectId: `${filter.from}..${filter.to}`,
      subjectLabel: `Sổ tiếp công dân ${filter.from} – ${filter.to}`,
      after: { site: filter.siteId ?? null, petitionType: filter.petitionType ?? null, field: filter.field ?? null, rows: rows.length, elsewhereInFull: elsewhere, ...(format ? { format } : {}) },
    });
  }

  private reader(caller: Caller): Person {
    if (caller.kind !== 'person' || !hasPermission(caller, 'intake.read')) throw new AppError('FORBIDDEN', msg('intake.readOnly'));
    return caller;
  }
}
