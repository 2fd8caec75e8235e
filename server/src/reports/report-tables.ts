// The report's tables as offices name them: each table's headings and its cells from the summary, shared
// by the spreadsheet, the CSV and the printed report so the three cannot say different things.
import { calendarDayVi, type FollowUpFigures, type HandlingFigures, type Rate, type ReceptionFigures, type ReportSummary } from '../../../protocol/index.ts';

export const RECEPTION_ROWS = [
  ['regular', 'Tiếp thường xuyên'],
  ['byHead', 'Tiếp định kỳ, đột xuất: thủ trưởng trực tiếp tiếp'],
  ['delegated', 'Tiếp định kỳ, đột xuất: ủy quyền tiếp'],
] as const;
export const RECEPTION_HEADINGS = ['Lượt', 'Người', 'Vụ việc lần đầu', 'Vụ việc tái diễn', 'Số đoàn', 'Người', 'Vụ việc lần đầu', 'Vụ việc tái diễn'];
export const FOLLOW_UP_HEADINGS = ['Được giao', 'Đã giải quyết', 'Đúng hạn', 'Quá hạn', 'Đang giải quyết trong hạn'];

/** Form 01/XLD's columns, in the order of the page and the sheet. */
export const HANDLING_HEADINGS = [
  'Kỳ trước chuyển sang',
  'Đơn tiếp nhận trong kỳ',
  'Đủ điều kiện xử lý',
  'Một người đứng đơn',
  'Nhiều người đứng đơn',
  'Khiếu nại',
  'Tố cáo',
  'Kiến nghị, phản ánh',
  'Nhiều nội dung',
  'Thuộc thẩm quyền',
  'Không thuộc thẩm quyền',
  'Tiếp nhận giải quyết',
  'Hướng dẫn',
  'Chuyển đơn',
  'Chưa xử lý',
  'Đã giải quyết lần đầu',
  'Đã giải quyết tái diễn',
  'Đang giải quyết',
  'Chưa giải quyết',
  'Văn bản trả lời đã nhận',
];
export const handlingCells = (h: HandlingFigures): number[] => [
  h.carriedOver,
  h.received,
  h.admissible,
  h.bySigners.one,
  h.bySigners.many,
  h.byContent.complaint,
  h.byContent.denunciation,
  h.byContent.recommendationFeedback,
  h.byContent.mixed,
  h.withinCompetence.total,
  h.outsideCompetence,
  h.accepted,
  h.guided,
  h.forwarded,
  h.undecided,
  h.resolution.firstTime,
  h.resolution.repeated,
  h.resolution.inProgress,
  h.resolution.notYet,
  h.repliesReceived,
];
export const LEADER_HEADINGS = ['Lãnh đạo', 'Nơi làm việc', 'Trực tiếp chủ trì (buổi)', 'Ủy quyền (buổi)', 'Số ngày tiếp', 'Tối thiểu theo luật (ngày)', 'Vụ việc', 'Lượt công dân'];
export const leaderCells = (s: ReportSummary) => s.leaders.map((l) => [l.leader.fullName, l.leader.site, l.inPerson, l.delegated, l.days, l.required, l.matters, l.people]);
export const DIALOGUE_HEADINGS = ['Địa bàn', 'Đối thoại với', 'Số hội nghị', 'Ý kiến', 'Trả lời tại hội nghị', 'Giao giải quyết', 'Đã giải quyết'];
export const dialogueCells = (s: ReportSummary) => s.dialogues.rows.map((d) => [d.area ?? 'Toàn thành phố', d.withGroup ?? 'Ngoài kế hoạch', d.conferences, d.opinions, d.answered, d.assigned, d.resolved]);
export const dialogueTotal = (s: ReportSummary) => [s.dialogues.total.conferences, s.dialogues.total.opinions, s.dialogues.total.answered, s.dialogues.total.assigned, s.dialogues.total.resolved];

export const receptionCells = (f: ReceptionFigures): number[] => [f.visits, f.people, f.firstTime, f.repeated, f.delegations.count, f.delegations.people, f.delegations.firstTime, f.delegations.repeated];
export const followUpCells = (f: FollowUpFigures): number[] => [f.assigned, f.resolved, f.resolvedOnTime, f.overdue, f.inProgress];
/** "3/5 = 60,00%": the rate with its two numbers, as the offices write it. */
export const rateText = (r: Rate): string => (r.denominator === 0 ? `${r.numerator}/0` : `${r.numerator}/${r.denominator} = ${((100 * r.numerator) / r.denominator).toFixed(2).replace('.', ',')}%`);
export const scopeLine = (s: ReportSummary): string => `Kỳ báo cáo: từ ngày ${calendarDayVi(s.period.from)} đến ngày ${calendarDayVi(s.period.to)} · Phạm vi: ${s.scope.site?.name ?? s.scope.district ?? 'toàn thành phố'}`;
