// The rules of the minutes, pure so they are tested without a database: what a valid entry is, when the
// chair may approve, and what changed between two versions.
import {
  CONCLUSION_LABELS_VI,
  calendarDayVi,
  fieldsProblems,
  msg,
  ENTRY_TEXT_FIELDS,
  type Message,
  SESSION_TEXT_FIELDS,
  type EntryTextField,
  type MinutesContent,
  type MinutesFieldsRequest,
  type MinutesStatus,
  type MinutesVersionSummary,
  type SessionTextField,
} from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import { isoDay } from '../documents/vietnam-time.ts';

/** Today's date where the office is: a deadline "today" is still today until midnight in Hanoi. */
export function vietnamToday(now: Date): string {
  return isoDay(now.toISOString());
}

export function refuseIfLocked(status: MinutesStatus): void {
  if (status === 'APPROVED') {
    throw new AppError('CONFLICT', msg('minutes.locked'));
  }
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * Checks one entry's structured fields. An assignment needs an agency of the session and a deadline; a
 * deadline may not be in the past, unless it is the one already stored (old minutes under amendment keep
 * the deadlines they were given).
 */
export function checkFields(
  req: Pick<MinutesFieldsRequest, 'conclusionType' | 'agencyId' | 'deadline'>,
  ctx: { today: string; storedDeadline: string | null; sessionAgencyIds: readonly string[] },
): void {
  const details: Record<string, Message> = {};
  for (const problem of fieldsProblems(req, ctx.today, ctx.storedDeadline)) {
    if (problem === 'needAgency') details.agencyId = msg('minutes.needAgency');
    else if (problem === 'needDeadline') details.deadline = msg('minutes.needDeadline');
    else details.deadline = msg('minutes.pastDeadline', { deadline: calendarDayVi(req.deadline!), today: calendarDayVi(ctx.today) });
  }
  if (req.agencyId && !ctx.sessionAgencyIds.includes(req.agencyId)) details.agencyId = msg('minutes.agencyNotInSession');
  if (req.deadline && !isRealDate(req.deadline)) details.deadline = msg('minutes.notARealDate');
  // Every problem is said (at most one per field: the agency and the deadline), and kept by field in details.
  const [first, second] = Object.values(details);
  if (first) throw new AppError('BAD_REQUEST', second ? msg('list.two', { first, second }) : first, { details });
}

/** The chair approves only after the session has ended and every turn has a conclusion. */
export function checkApprovable(sessionStatus: string, status: MinutesStatus, entries: { number: number; conclusionType: string | null }[]): void {
  refuseIfLocked(status);
  if (sessionStatus !== 'CLOSED') throw new AppError('CONFLICT', msg('minutes.approveAfterClose'));
  const open = entries.filter((e) => !e.conclusionType).map((e) => e.number);
  if (open.length > 0) {
    throw new AppError('CONFLICT', msg('minutes.turnsWithoutConclusion', { count: open.length, turns: open.join(', ') }));
  }
}

const ENTRY_TEXT_NAMES: Record<EntryTextField, string> = { statement: 'Nội dung trình bày', answers: 'Ý kiến trả lời', conclusion: 'Kết luận' };
const SESSION_TEXT_NAMES: Record<SessionTextField, string> = { opening: 'Phần mở đầu', closing: 'Kết luận chung' };

/** Field by field, what differs between two approved contents (the first version has no previous). */
export function diffContents(prev: MinutesContent | null, next: MinutesContent): MinutesVersionSummary['changes'] {
  if (!prev) return [];
  const changes: MinutesVersionSummary['changes'] = [];
  const add = (where: string, before: string, after: string): void => {
    if (before !== after) changes.push({ where, before, after });
  };
  for (const f of SESSION_TEXT_FIELDS) add(SESSION_TEXT_NAMES[f], prev.text[f], next.text[f]);
  const before = new Map(prev.entries.map((e) => [e.facts.entryId, e]));
  const agencyName = (c: MinutesContent, id: string | null): string => c.header.agencies.find((a) => a.id === id)?.name ?? '';
  for (const e of next.entries) {
    const p = before.get(e.facts.entryId);
    const turn = `Lượt ${e.facts.number}`;
    for (const f of ENTRY_TEXT_FIELDS) add(`${turn} – ${ENTRY_TEXT_NAMES[f]}`, p?.text[f] ?? '', e.text[f]);
    const conclusion = (x: typeof e | undefined): string => (x?.fields.conclusionType ? CONCLUSION_LABELS_VI[x.fields.conclusionType] : '');
    add(`${turn} – Hình thức kết luận`, conclusion(p), conclusion(e));
    add(`${turn} – Cơ quan được giao`, p ? agencyName(prev, p.fields.agencyId) : '', agencyName(next, e.fields.agencyId));
    add(`${turn} – Thời hạn`, p?.fields.deadline ? calendarDayVi(p.fields.deadline) : '', e.fields.deadline ? calendarDayVi(e.fields.deadline) : '');
    add(`${turn} – Loại đơn`, p?.fields.petitionType ?? '', e.fields.petitionType ?? '');
    add(`${turn} – Lĩnh vực`, p?.fields.field ?? '', e.fields.field ?? '');
  }
  return changes;
}
