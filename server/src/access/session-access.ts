// The access questions every service asks first: may this caller see this session, issue this intent,
// write or approve its minutes, read its closed part. A refusal is an AppError with a reason a person can
// act on; a session the caller may not see looks exactly like one that does not exist.
import { msg, type LiveCommandType, type MinutesPart } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import type { Caller, Person } from './caller.ts';
import type { AccessRepository } from './access.repository.ts';
import { hasPermission } from './permissions.ts';
import { canViewSession, mayEditMinutes, mayRunAsLeader, seesIdentities, type SessionFacts } from './policy.ts';

const NOT_VIEWABLE = msg('session.notViewable');

export class SessionAccess {
  constructor(private readonly repo: AccessRepository) {}

  /** The session's facts when the caller may see it; the system sees every session. */
  async viewable(caller: Caller, sessionId: string): Promise<SessionFacts> {
    return this.sees(caller, await this.repo.sessionFacts(sessionId));
  }

  /** The same question for a session a service loaded itself (null: there is none). */
  sees(caller: Caller, facts: SessionFacts | null): SessionFacts {
    if (!facts || (caller.kind === 'person' && !canViewSession(caller, facts))) throw new AppError('NOT_FOUND', NOT_VIEWABLE);
    return facts;
  }

  /** A live intent: what the role may never do is refused before any query (the state machine checks again). */
  async mayIssue(caller: Caller, sessionId: string, type: LiveCommandType): Promise<SessionFacts> {
    if (caller.kind === 'person' && !hasPermission(caller, type)) throw new AppError('FORBIDDEN', msg('live.roleForbidden'));
    const facts = await this.viewable(caller, sessionId);
    // A leader's role runs a session only as its named chair: another leader at the office follows it.
    if (caller.kind === 'person' && !mayRunAsLeader(caller, facts.chairId)) throw new AppError('FORBIDDEN', msg('live.notSessionChair'));
    return facts;
  }

  /** Writes the minutes of a session it can see (text, fields, amendments). */
  async writesMinutes(person: Person, sessionId: string): Promise<SessionFacts> {
    const facts = await this.viewable(person, sessionId);
    if (!mayEditMinutes(person, facts.chairId)) {
      throw new AppError('FORBIDDEN', person.role === 'CHAIR' ? msg('minutes.onlySessionChairWrites') : msg('minutes.readOnly'));
    }
    return facts;
  }

  /** The closed part of the text (a denouncer's statement) is for the chair's circle only. */
  readsPart(person: Person, part: MinutesPart): void {
    if (part === 'closed' && !seesIdentities(person)) throw new AppError('FORBIDDEN', msg('minutes.closedPartCircle'));
  }
}
