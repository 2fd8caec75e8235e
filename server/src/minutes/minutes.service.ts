// The minutes of a session as people use them: open a part (view, text, whether they write), read the
// view, set a turn's structured fields, approve and amend. The text store (minutes-text.ts) and approval
// (minutes-approval.ts) are their own modules; this one asks access, composes them and announces every
// committed change of fields or status as `minutes.changed`.
import { msg, type MinutesConclusionRequest, type MinutesFieldsRequest, type MinutesIssuer, type MinutesOpened, type MinutesPart, type MinutesView } from '../../../protocol/index.ts';
import type { Person } from '../access/caller.ts';
import { mayEditMinutes } from '../access/policy.ts';
import type { SessionAccess } from '../access/session-access.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../events/event-bus.ts';
import { MinutesApproval } from './minutes-approval.ts';
import { checkFields, refuseIfLocked, vietnamToday } from './minutes-rules.ts';
import { MinutesText } from './minutes-text.ts';
import { forViewer, metaVersionOf } from './minutes-view.ts';
import type { MinutesRepository } from './minutes.repository.ts';

export class MinutesService {
  readonly text: MinutesText;
  readonly approval: MinutesApproval;

  constructor(
    private readonly repo: MinutesRepository,
    private readonly access: SessionAccess,
    private readonly events: EventBus,
    private readonly issuer: MinutesIssuer,
    log: (m: string) => void,
    private readonly now: () => Date = () => new Date(),
    text?: MinutesText,
  ) {
    this.text = text ?? new MinutesText(repo, access, events, log);
    this.approval = new MinutesApproval(repo, this.text, access, issuer, now);
  }

  /**
   * Opens one part for a reader: the view, whether they write, and the whole text. `join` subscribes the
   * reader to the part's updates; it runs before the text is read, so an update stored meanwhile is both
   * in the text and relayed (Yjs applies it once).
   */
  async open(person: Person, sessionId: string, part: MinutesPart, join: () => Promise<void>): Promise<MinutesOpened> {
    const facts = await this.access.viewable(person, sessionId);
    this.access.readsPart(person, part);
    const view = await this.viewOf(person, sessionId);
    await join();
    return { update: await this.text.load(sessionId, part), canEdit: mayEditMinutes(person, facts.chairId), view };
  }

  /** Announced after every committed change of fields or status: readers fetch the view they may see. */
  async changed(sessionId: string): Promise<void> {
    await this.events.publish('minutes.changed', { sessionId, metaVersion: await this.metaVersion(sessionId) });
  }

  /** The number clients compare to know their view is behind (see FullView.metaVersion). */
  async metaVersion(sessionId: string): Promise<number> {
    const { liveVersion, metaVersion } = await this.repo.rows.versionCounters(sessionId);
    return metaVersionOf(liveVersion, metaVersion);
  }

  async view(person: Person, sessionId: string): Promise<MinutesView> {
    await this.access.viewable(person, sessionId);
    return this.viewOf(person, sessionId);
  }

  private async viewOf(person: Person, sessionId: string): Promise<MinutesView> {
    return forViewer(await this.repo.rows.fullView(sessionId, this.issuer), person);
  }

  async setFields(viewer: Person, req: MinutesFieldsRequest): Promise<MinutesView> {
    await this.access.writesMinutes(viewer, req.sessionId);
    await this.repo.transaction(async (rows) => {
      refuseIfLocked(await rows.lockDocument(req.sessionId, 'FOR UPDATE'));
      if (!(await rows.turnStarted(req.sessionId, req.entryId))) throw new AppError('NOT_FOUND', msg('minutes.entryNotInMinutes'));
      const [stored, sessionAgencyIds] = await Promise.all([rows.storedFields(req.entryId), rows.sessionAgencyIds(req.sessionId)]);
      // A field no longer offered may stay on the entry that has it, but is not given anew.
      if (req.field && !(await rows.fieldAllowed(req.field, req.entryId))) {
        const problem = msg('live.fieldUnknown', { field: req.field });
        throw new AppError('BAD_REQUEST', problem, { details: { field: problem } });
      }
      checkFields(req, {
        today: vietnamToday(this.now()),
        storedDeadline: stored?.deadline?.toISOString().slice(0, 10) ?? null,
        sessionAgencyIds,
      });
      await rows.saveFields(req.sessionId, req.entryId, {
        petitionType: req.petitionType,
        field: req.field,
        conclusionType: req.conclusionType,
        agencyId: req.agencyId,
        deadline: req.deadline ? new Date(`${req.deadline}T00:00:00Z`) : null,
        updatedById: viewer.accountId,
        updatedAt: this.now(),
      });
      await rows.bumpMeta(req.sessionId);
    });
    await this.changed(req.sessionId);
    return this.viewOf(viewer, req.sessionId);
  }

  /** The conclusion stated as the turn ends: the conclusion fields only; the classification stays as it is. */
  async setConclusion(viewer: Person, req: MinutesConclusionRequest): Promise<MinutesView> {
    const stored = await this.repo.rows.storedFields(req.entryId);
    return this.setFields(viewer, { ...req, petitionType: stored?.petitionType ?? null, field: stored?.field ?? null });
  }

  async approve(viewer: Person, sessionId: string): Promise<MinutesView> {
    await this.approval.approve(viewer, sessionId);
    await this.changed(sessionId);
    // The notice's assigned matters become cases (cases/cases.service.ts; a restart catches up if this is lost).
    await this.events.publish('minutes.approved', { sessionId });
    return this.viewOf(viewer, sessionId);
  }

  async amend(viewer: Person, sessionId: string, reason: string): Promise<MinutesView> {
    await this.approval.amend(viewer, sessionId, reason);
    await this.changed(sessionId);
    return this.viewOf(viewer, sessionId);
  }
}
