// What changed in a report since its period was filed: every count of the filed figures and of the figures
// the records give now, side by side, where they differ. Rows of a table are matched by what they are (an
// agency, a leader, a month, a conference's area and group), never by their place, so a new agency's row
// shows as a difference from zero instead of shifting the others.
import type { FigureDifference, ReportFigures } from '../../../protocol/index.ts';

/** The report's words for each part of a figure's path. */
const WORDS: Record<string, string> = {
  reception: 'Tiếp công dân',
  regular: 'Tiếp thường xuyên',
  byHead: 'Thủ trưởng trực tiếp tiếp',
  delegated: 'Ủy quyền',
  total: 'Tổng cộng',
  visits: 'Lượt',
  people: 'Người',
  firstTime: 'Vụ việc lần đầu',
  repeated: 'Vụ việc tái diễn',
  delegations: 'Đoàn đông người',
  count: 'Số đoàn',
  handling: 'Xử lý đơn',
  received: 'Đơn tiếp nhận',
  bySigners: 'Người đứng đơn',
  one: 'Một người',
  many: 'Nhiều người',
  byContent: 'Theo nội dung',
  complaint: 'Khiếu nại',
  denunciation: 'Tố cáo',
  recommendationFeedback: 'Kiến nghị, phản ánh',
  mixed: 'Nhiều nội dung',
  withinCompetence: 'Thuộc thẩm quyền',
  outsideCompetence: 'Không thuộc thẩm quyền',
  accepted: 'Tiếp nhận giải quyết',
  guided: 'Hướng dẫn',
  forwarded: 'Chuyển đơn',
  undecided: 'Chưa xử lý',
  carriedOver: 'Kỳ trước chuyển sang',
  admissible: 'Đủ điều kiện xử lý',
  resolution: 'Kết quả giải quyết',
  notYet: 'Chưa giải quyết',
  repliesReceived: 'Văn bản trả lời đã nhận',
  followUp: 'Theo dõi giải quyết',
  assigned: 'Được giao',
  resolved: 'Đã giải quyết',
  resolvedOnTime: 'Đúng hạn',
  overdue: 'Quá hạn',
  inProgress: 'Đang giải quyết trong hạn',
  leaders: 'Lãnh đạo tiếp công dân',
  inPerson: 'Trực tiếp chủ trì',
  days: 'Số ngày tiếp',
  required: 'Tối thiểu',
  matters: 'Vụ việc',
  dialogues: 'Hội nghị đối thoại',
  conferences: 'Số hội nghị',
  opinions: 'Ý kiến',
  answered: 'Trả lời tại hội nghị',
  satisfaction: 'Mức độ hài lòng',
  satisfied: 'Hài lòng',
  partly: 'Hài lòng một phần',
  notSatisfied: 'Không hài lòng',
  notAnswered: 'Chưa đánh giá',
  monthly: 'Lượt tiếp theo tháng',
  byField: 'Lượt tiếp theo lĩnh vực',
  rateByMonth: 'Giải quyết theo tháng giao',
  COMPLAINT: 'Khiếu nại',
  DENUNCIATION: 'Tố cáo',
  RECOMMENDATION: 'Kiến nghị',
  FEEDBACK: 'Phản ánh',
  MIXED: 'Nhiều nội dung',
};
/** Parts of a path that group and add no word ("byAgency", "rows", "byType"). */
const SILENT = new Set(['byAgency', 'rows', 'byType']);
/** What names a row rather than counts (and the rate, which is two counts already listed). */
const IDENTITY = new Set(['agency', 'leader', 'month', 'field', 'area', 'withGroup', 'level', 'resolutionRate']);

type Leaf = { label: string; value: number };

/** A table's row: its key and its name. */
function rowOf(item: Record<string, unknown>): { key: string; name: string } {
  const agency = item.agency as { id: string; name: string } | undefined;
  if (agency) return { key: agency.id, name: agency.name };
  const leader = item.leader as { id: string; fullName: string } | undefined;
  if (leader) return { key: leader.id, name: leader.fullName };
  if (typeof item.field === 'string') return { key: item.field, name: item.field };
  if (typeof item.month === 'string') return { key: item.month, name: `Tháng ${item.month.slice(5)}/${item.month.slice(0, 4)}` };
  const area = (item.area as string | null) ?? null;
  const group = (item.withGroup as string | null) ?? null;
  return { key: `${area ?? ''}|${group ?? ''}`, name: `${area ?? 'Toàn thành phố'} – ${group ?? 'Ngoài kế hoạch'}` };
}

function flatten(value: unknown, key: string[], label: string[], out: Map<string, Leaf>): void {
  if (typeof value === 'number') {
    out.set(key.join('.'), { label: label.filter((w) => w !== '').join(' › '), value });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value as Record<string, unknown>[]) {
      const row = rowOf(item);
      flatten(item, [...key, row.key], [...label, row.name], out);
    }
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (IDENTITY.has(k)) continue;
      flatten(v, [...key, k], [...label, SILENT.has(k) ? '' : (WORDS[k] ?? k)], out);
    }
  }
}

export function leavesOf(figures: ReportFigures): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const { reception, handling, followUp, leaders, dialogues, satisfaction, monthly, byField, rateByMonth } = figures;
  // A filing made before a part existed has none of it: read as empty, so the part shows as new figures.
  flatten({ reception, handling, followUp, leaders, dialogues, satisfaction, monthly, byField: byField ?? [], rateByMonth: rateByMonth ?? [] }, [], [], out);
  return out;
}

/** Every count that differs between the filed figures and today's; a row only one side has counts as zero on the other. */
export function figureDifferences(filed: ReportFigures, now: ReportFigures): FigureDifference[] {
  const before = leavesOf(filed);
  const after = leavesOf(now);
  // In the report's order (today's figures are built in it; a stored filing's keys come back reordered).
  const keys = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];
  return keys.flatMap((key) => {
    const was = before.get(key)?.value ?? 0;
    const is = after.get(key)?.value ?? 0;
    return was === is ? [] : [{ key, label: (before.get(key) ?? after.get(key))!.label, filed: was, now: is }];
  });
}

/** The figures a filing keeps: the report without its period, scope and pickers. */
export function figuresOf(s: ReportFigures): ReportFigures {
  return { reception: s.reception, handling: s.handling, followUp: s.followUp, leaders: s.leaders, dialogues: s.dialogues, satisfaction: s.satisfaction, monthly: s.monthly, byField: s.byField, rateByMonth: s.rateByMonth };
}
