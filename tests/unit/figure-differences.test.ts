// A filed report against today's figures: rows matched by what they are, not where they stand.
import { describe, expect, it } from 'vitest';
import type { ReportFigures } from '../../protocol/index.ts';
import { figureDifferences } from '../../server/src/reports/figure-differences.ts';

const reception = { visits: 2, people: 2, firstTime: 2, repeated: 0, delegations: { count: 0, people: 0, firstTime: 0, repeated: 0 } };
const agencyRow = (id: string, name: string, assigned: number, resolved: number) => ({ agency: { id, name }, assigned, resolved, resolvedOnTime: resolved, overdue: 0, inProgress: assigned - resolved, resolutionRate: { numerator: resolved, denominator: assigned } });

function figures(byAgency: ReturnType<typeof agencyRow>[]): ReportFigures {
  const assigned = byAgency.reduce((n, a) => n + a.assigned, 0);
  const resolved = byAgency.reduce((n, a) => n + a.resolved, 0);
  return {
    reception: { regular: reception, byHead: reception, delegated: reception, total: reception },
    handling: { received: 0, bySigners: { one: 0, many: 0 }, byContent: { complaint: 0, denunciation: 0, recommendationFeedback: 0, mixed: 0 }, withinCompetence: { total: 0, complaint: 0, denunciation: 0, recommendationFeedback: 0, mixed: 0 }, outsideCompetence: 0, accepted: 0, guided: 0, forwarded: 0, undecided: 0, carriedOver: 0, admissible: 0, resolution: { firstTime: 0, repeated: 0, inProgress: 0, notYet: 0 }, repliesReceived: 0 },
    followUp: { assigned, resolved, resolvedOnTime: resolved, overdue: 0, inProgress: assigned - resolved, resolutionRate: { numerator: resolved, denominator: assigned }, byAgency },
    leaders: [],
    dialogues: { rows: [], total: { conferences: 0, opinions: 0, answered: 0, assigned: 0, resolved: 0 } },
    satisfaction: { satisfied: 0, partly: 0, notSatisfied: 0, notAnswered: 0 },
    monthly: [],
    byField: [],
    rateByMonth: [],
  };
}

describe('the differences of a filed report', () => {
  const a = agencyRow('a', 'Sở Xây dựng', 3, 1);
  const b = agencyRow('b', 'Sở Tài chính', 2, 2);

  it('finds none when only the order of the rows changed', () => {
    expect(figureDifferences(figures([a, b]), figures([b, a]))).toEqual([]);
  });

  it('lists a changed count of one agency under its name, and the totals it moves', () => {
    const later = figureDifferences(figures([a, b]), figures([{ ...a, resolved: 2, resolvedOnTime: 2, inProgress: 1 }, b]));
    expect(later.map((d) => [d.key, d.label, d.filed, d.now])).toEqual([
      ['followUp.resolved', 'Theo dõi giải quyết › Đã giải quyết', 3, 4],
      ['followUp.resolvedOnTime', 'Theo dõi giải quyết › Đúng hạn', 3, 4],
      ['followUp.inProgress', 'Theo dõi giải quyết › Đang giải quyết trong hạn', 2, 1],
      ['followUp.byAgency.a.resolved', 'Theo dõi giải quyết › Sở Xây dựng › Đã giải quyết', 1, 2],
      ['followUp.byAgency.a.resolvedOnTime', 'Theo dõi giải quyết › Sở Xây dựng › Đúng hạn', 1, 2],
      ['followUp.byAgency.a.inProgress', 'Theo dõi giải quyết › Sở Xây dựng › Đang giải quyết trong hạn', 2, 1],
    ]);
  });

  it('counts a row only one side has as zero on the other', () => {
    const c = agencyRow('c', 'Sở Y tế', 1, 0);
    const later = figureDifferences(figures([a]), figures([a, c]));
    expect(later.filter((d) => d.key.startsWith('followUp.byAgency.c.')).map((d) => [d.key, d.filed, d.now])).toEqual([
      ['followUp.byAgency.c.assigned', 0, 1],
      ['followUp.byAgency.c.inProgress', 0, 1],
    ]);
  });
});
