// Approval of the minutes and their versions: the chair approves once the session is closed and every turn
// has a conclusion; the content as it stands becomes a numbered version (BB/TB numbers allocated the first
// time) and the minutes lock. An amendment reopens them with a reason; approving again makes the next
// version. Each version says who edited since the previous one and what changed, field by field.
import { msg, type MinutesContent, type MinutesIssuer, type MinutesVersionSummary } from '../../../protocol/index.ts';
import type { Person } from '../access/caller.ts';
import { isSessionChair, seesIdentities } from '../access/policy.ts';
import { contentFor, publicCopy } from '../access/redaction.ts';
import type { SessionAccess } from '../access/session-access.ts';
import { AppError } from '../errors/app-error.ts';
import { contentOf } from './minutes-content.ts';
import { checkApprovable, diffContents, vietnamToday } from './minutes-rules.ts';
import type { MinutesText } from './minutes-text.ts';
import { documentNumber, type FullView } from './minutes-view.ts';
import type { MinutesRepository, MinutesRows } from './minutes.repository.ts';

export class MinutesApproval {
  constructor(
    private readonly repo: MinutesRepository,
    private readonly text: MinutesText,
    private readonly access: SessionAccess,
    private readonly issuer: MinutesIssuer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The chair approves: the content as it stands becomes a numbered version and the minutes lock. */
  async approve(viewer: Person, sessionId: string): Promise<void> {
    await this.access.viewable(viewer, sessionId);
    await this.repo.transaction(
      async (rows) => {
        const status = await rows.lockDocument(sessionId, 'FOR UPDATE');
        const full = await rows.fullView(sessionId, this.issuer);
        if (!isSessionChair(viewer, full.chairId)) throw new AppError('FORBIDDEN', msg('minutes.onlyChairApproves'));
        checkApprovable(full.sessionStatus, status, full.entries.map((e) => ({ number: e.facts.number, conclusionType: e.fields.conclusionType })));
        const doc = await rows.document(sessionId);
        const at = this.now();
        const numbers = doc.minutesNumber ? null : await this.allocateNumbers(rows, Number(vietnamToday(at).slice(0, 4)));
        const previous = await rows.latestVersion(sessionId);
        const approver = (await rows.namesOf([viewer.accountId])).get(viewer.accountId) ?? viewer.name;
        const number = (previous?.number ?? 0) + 1;
        const withNumbers: FullView = numbers
          ? { ...full, numbers: { minutes: documentNumber(numbers.minutes, 'BB', this.issuer.symbol), notice: documentNumber(numbers.notice, 'TB', this.issuer.symbol) } }
          : full;
        const content = contentOf(withNumbers, await this.text.loadParts(sessionId, rows), {
          version: number,
          at: at.toISOString(),
          by: approver,
          reason: previous ? doc.amendReason : null,
        });
        await rows.createVersion({
          sessionId,
          number,
          approvedAt: at,
          approvedById: viewer.accountId,
          reason: previous ? doc.amendReason : null,
          amendedById: previous ? doc.amendById : null,
          editors: await this.editorsSince(rows, sessionId, previous?.approvedAt ?? null),
          changes: diffContents(previous ? (previous.content as unknown as MinutesContent) : null, content),
          content,
        });
        await rows.markApproved(sessionId, numbers);
      },
      { timeoutMs: 20_000 },
    );
  }

  /** Opens a correction of approved minutes; approving it again makes the next version. */
  async amend(viewer: Person, sessionId: string, reason: string): Promise<void> {
    await this.access.writesMinutes(viewer, sessionId);
    if (!seesIdentities(viewer)) throw new AppError('FORBIDDEN', msg('minutes.amendOnlyCircle'));
    await this.repo.transaction(async (rows) => {
      const status = await rows.lockDocument(sessionId, 'FOR UPDATE');
      if (status !== 'APPROVED') {
        throw new AppError('CONFLICT', status === 'AMENDING' ? msg('minutes.amending') : msg('minutes.notApprovedYet'));
      }
      await rows.markAmending(sessionId, reason, viewer.accountId, this.now());
    });
  }

  async versions(viewer: Person, sessionId: string): Promise<MinutesVersionSummary[]> {
    await this.access.viewable(viewer, sessionId);
    const versions = await this.repo.rows.versionsWithoutContent(sessionId);
    const names = await this.repo.rows.namesOf(versions.flatMap((r) => [r.approvedById, ...(r.amendedById ? [r.amendedById] : [])]));
    // What changed is stored as the chair's circle saw it (a denouncer's statement included). Outside the
    // circle it is worked out again between the public copies, so it says no more than they do.
    const publicChanges = seesIdentities(viewer) ? null : await this.publicChanges(sessionId, versions.map((v) => v.number));
    return versions.map((r) => ({
      number: r.number,
      approvedAt: r.approvedAt.toISOString(),
      approvedBy: names.get(r.approvedById) ?? '',
      reason: r.reason,
      amendedBy: r.amendedById ? (names.get(r.amendedById) ?? '') : null,
      editors: r.editors as unknown as string[],
      changes: publicChanges?.get(r.number) ?? (r.changes as unknown as MinutesVersionSummary['changes']),
    }));
  }

  /** Per version, what changed from the one before, between their public copies. */
  private async publicChanges(sessionId: string, numbers: number[]): Promise<Map<number, MinutesVersionSummary['changes']>> {
    const changes = new Map<number, MinutesVersionSummary['changes']>();
    let previous: MinutesContent | null = null;
    for (const number of [...numbers].sort((x, y) => x - y)) {
      const stored = await this.repo.rows.versionContent(sessionId, number);
      const current = stored ? publicCopy(stored) : null;
      changes.set(number, current ? diffContents(previous, current) : []);
      previous = current;
    }
    return changes;
  }

  /** One approved version as this viewer may read it. */
  async version(viewer: Person, sessionId: string, number: number): Promise<MinutesContent> {
    await this.access.viewable(viewer, sessionId);
    return this.versionOf(viewer, sessionId, number);
  }

  private async versionOf(viewer: Person, sessionId: string, number: number): Promise<MinutesContent> {
    const content = await this.repo.rows.versionContent(sessionId, number);
    if (!content) throw new AppError('NOT_FOUND', msg('minutes.noSuchVersion', { number }));
    return contentFor(content, viewer);
  }

  /**
   * The content to export: an approved version, or else the current text (a draft unless approved). The
   * full copy, with confidential citizens named, only leaves for the chair's circle.
   */
  async content(viewer: Person, sessionId: string, copy: 'full' | 'public', version?: number): Promise<MinutesContent> {
    await this.access.viewable(viewer, sessionId);
    if (copy === 'full' && !seesIdentities(viewer)) throw new AppError('FORBIDDEN', msg('minutes.fullCopyCircle'));
    if (version !== undefined) return this.versionOf(viewer, sessionId, version);
    const full = await this.repo.rows.fullView(sessionId, this.issuer);
    if (full.status === 'APPROVED') return this.versionOf(viewer, sessionId, full.versions);
    return contentFor(contentOf(full, await this.text.loadParts(sessionId), null), viewer);
  }

  /** Numbers count from 1 each year per document type. */
  private async allocateNumbers(rows: MinutesRows, year: number): Promise<{ year: number; minutes: number; notice: number }> {
    return { year, minutes: await rows.nextNumber(year, `BB-${this.issuer.symbol}`), notice: await rows.nextNumber(year, `TB-${this.issuer.symbol}`) };
  }

  /** Who wrote text or set fields since the previous approval, by name. */
  private async editorsSince(rows: MinutesRows, sessionId: string, since: Date | null): Promise<string[]> {
    const ids = await rows.editorIdsSince(sessionId, since);
    const names = await rows.namesOf(ids);
    return ids.map((id) => names.get(id) ?? '').sort((a, b) => a.localeCompare(b, 'vi'));
  }
}
