// Calling, the floor and the turn clock. Speaking time lives in timestamps (startedAt, pausedAt,
// pausedMs), never in a timer, so it survives a restart.
import { nextToCall, type LiveCommand, type PauseReason } from '../../../protocol/index.ts';
import { type Draft, type LiveContext, iso, label, refuse } from './rules.ts';

type Cmd<T extends LiveCommand['type']> = Extract<LiveCommand, { type: T }>;

const CALLABLE_SESSION = new Set(['OPEN', 'LIVE', 'PAUSED']);

function ensureNobodyCalled(d: Draft): void {
  const called = d.called();
  if (called) {
    refuse('CONFLICT', `Đã gọi ${label(called)}. Hãy trao quyền phát biểu, bỏ qua hoặc đánh dấu vắng mặt trước khi gọi người khác.`);
  }
}

export function callNext(d: Draft, cmd: Cmd<'queue.callNext'>, now: number): string {
  if (!CALLABLE_SESSION.has(d.state.status)) refuse('CONFLICT', 'Phiên tiếp chưa mở hoặc đã kết thúc.');
  const next = nextToCall(d.state);
  if (cmd.expectedEntryId) {
    const expected = d.state.entries.find((e) => e.id === cmd.expectedEntryId);
    if (expected && expected.status === 'CALLED') refuse('CONFLICT', `${capitalize(label(expected))} vừa được gọi (có thể bởi người điều phối khác).`);
    if (next && next.id !== cmd.expectedEntryId) {
      refuse('CONFLICT', `Hàng chờ vừa thay đổi: người kế tiếp bây giờ là ${label(next)}. Hãy xem lại rồi gọi.`);
    }
  }
  ensureNobodyCalled(d);
  if (!next) refuse('CONFLICT', 'Không còn ai trong hàng chờ.');
  d.update(next!.id, { status: 'CALLED', calledAt: iso(now) });
  return next!.id;
}

export function call(d: Draft, cmd: Cmd<'queue.call'>, now: number): void {
  if (!CALLABLE_SESSION.has(d.state.status)) refuse('CONFLICT', 'Phiên tiếp chưa mở hoặc đã kết thúc.');
  const e = d.entry(cmd.entryId);
  if (e.status !== 'WAITING') refuse('CONFLICT', `Chỉ gọi được người đang chờ (${label(e)} không còn trong hàng chờ).`);
  ensureNobodyCalled(d);
  d.update(e.id, { status: 'CALLED', calledAt: iso(now) });
}

export function giveFloor(d: Draft, cmd: Cmd<'floor.give'>, now: number): void {
  if (d.state.status !== 'LIVE') refuse('CONFLICT', 'Chỉ trao quyền phát biểu khi phiên tiếp đang diễn ra.');
  const active = d.active();
  if (active) refuse('CONFLICT', `Đang có lượt phát biểu của ${label(active)}. Hãy kết thúc lượt đó trước.`);
  const e = d.entry(cmd.entryId);
  if (e.status !== 'CALLED' && e.status !== 'WAITING') refuse('CONFLICT', `${capitalize(label(e))} không ở trong hàng chờ.`);
  if (e.status === 'WAITING') ensureNobodyCalled(d);
  d.update(e.id, {
    status: 'SPEAKING',
    calledAt: e.calledAt ?? iso(now),
    startedAt: iso(now),
    pausedAt: null,
    pauseReason: null,
    pausedMs: 0,
    allottedSeconds: d.state.settings.turnSeconds,
  });
  d.state.floor = { entryId: e.id, speaker: { kind: 'CITIZEN', siteId: e.siteId } };
}

export function handToAgency(d: Draft, cmd: Cmd<'floor.handToAgency'>, ctx: LiveContext, now: number): void {
  const active = d.active();
  if (!active || !d.state.floor) refuse('CONFLICT', 'Chưa có lượt phát biểu nào để cơ quan trả lời.');
  const rep = ctx.agencyReps.get(cmd.accountId);
  if (!rep) refuse('BAD_REQUEST', 'Tài khoản này không phải đại diện cơ quan chuyên môn tham dự kỳ tiếp.');
  d.state.floor = { entryId: active!.id, speaker: { kind: 'AGENCY', siteId: rep!.siteId, accountId: cmd.accountId, name: rep!.name, agencyName: rep!.agencyName } };
  d.update(active!.id, {
    answers: [...active!.answers, { accountId: cmd.accountId, name: rep!.name, siteId: rep!.siteId, agencyName: rep!.agencyName, at: iso(now) }],
  });
}

export function takeBack(d: Draft): void {
  const floor = d.state.floor;
  if (!floor || floor.speaker.kind !== 'AGENCY') refuse('CONFLICT', 'Quyền phát biểu không ở cơ quan nào.');
  const active = d.entry(floor!.entryId);
  d.state.floor = { entryId: active.id, speaker: { kind: 'CITIZEN', siteId: active.siteId } };
}

export function pauseTurn(d: Draft, now: number, reason: PauseReason = 'CHAIR'): void {
  const active = d.active();
  if (!active) refuse('CONFLICT', 'Không có lượt phát biểu nào đang diễn ra.');
  if (active!.status === 'PAUSED') refuse('CONFLICT', 'Lượt phát biểu đã tạm dừng.');
  d.update(active!.id, { status: 'PAUSED', pausedAt: iso(now), pauseReason: reason });
}

export function resumeTurn(d: Draft, now: number): void {
  const active = d.active();
  if (!active || active.status !== 'PAUSED') refuse('CONFLICT', 'Không có lượt phát biểu nào đang tạm dừng.');
  if (d.state.status !== 'LIVE') refuse('CONFLICT', 'Hãy tiếp tục phiên tiếp trước khi tiếp tục lượt phát biểu.');
  d.update(active!.id, {
    status: 'SPEAKING',
    pausedMs: active!.pausedMs + Math.max(0, now - Date.parse(active!.pausedAt!)),
    pausedAt: null,
    pauseReason: null,
  });
}

export function addTime(d: Draft, cmd: Cmd<'turn.addTime'>): void {
  const active = d.active();
  if (!active) refuse('CONFLICT', 'Không có lượt phát biểu nào để thêm thời gian.');
  d.update(active!.id, { extraSeconds: active!.extraSeconds + (cmd.seconds ?? 60) });
}

/** Ends the turn in progress; records its end, and by default calls the next registration. */
export function endTurn(d: Draft, now: number, opts: { callNext: boolean } = { callNext: true }): void {
  const active = d.active();
  if (!active) refuse('CONFLICT', 'Không có lượt phát biểu nào để kết thúc.');
  const closingPause = active!.pausedAt ? Math.max(0, now - Date.parse(active!.pausedAt)) : 0;
  d.update(active!.id, { status: 'DONE', endedAt: iso(now), pausedMs: active!.pausedMs + closingPause, pausedAt: null, pauseReason: null });
  d.state.floor = null;
  if (opts.callNext && d.state.status === 'LIVE' && !d.called()) {
    const next = nextToCall(d.state);
    if (next) d.update(next.id, { status: 'CALLED', calledAt: iso(now) });
  }
}

/** LiveKit says the speaking site's last participant left: stop its clock, and say why. */
export function siteLeft(d: Draft, siteId: string, now: number): void {
  const active = d.active();
  if (active?.status === 'SPEAKING' && d.state.floor?.speaker.siteId === siteId) pauseTurn(d, now, 'SITE_DISCONNECTED');
  else refuse('CONFLICT', 'no turn affected');
}

/** The site is back: a pause its drop caused ends without anyone acting. */
export function siteBack(d: Draft, siteId: string, now: number): void {
  const active = d.active();
  if (active?.status === 'PAUSED' && active.pauseReason === 'SITE_DISCONNECTED' && d.state.floor?.speaker.siteId === siteId && d.state.status === 'LIVE') {
    resumeTurn(d, now);
  } else refuse('CONFLICT', 'no turn affected');
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}
