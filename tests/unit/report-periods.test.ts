// The statutory data periods of Circular 02/2021/TT-TTCP: from the 15th of the last month of the previous
// period to the 14th of the last month of this one; the year from 15 December to 14 December.
import { describe, expect, it } from 'vitest';
import { ReportQuery, dutyDaysRequired, quarterHolding, reportYearOf, statutoryPeriod } from '../../protocol/index.ts';

describe('the statutory report periods', () => {
  it('runs each period from the 15th to the 14th, the year and the first quarter from the December before', () => {
    expect(statutoryPeriod('YEAR', 2026)).toEqual({ from: '2025-12-15', to: '2026-12-14' });
    expect(statutoryPeriod('Q1', 2026)).toEqual({ from: '2025-12-15', to: '2026-03-14' });
    expect(statutoryPeriod('Q2', 2026)).toEqual({ from: '2026-03-15', to: '2026-06-14' });
    expect(statutoryPeriod('Q3', 2026)).toEqual({ from: '2026-06-15', to: '2026-09-14' });
    expect(statutoryPeriod('Q4', 2026)).toEqual({ from: '2026-09-15', to: '2026-12-14' });
    expect(statutoryPeriod('SIX_MONTHS', 2026)).toEqual({ from: '2025-12-15', to: '2026-06-14' });
    expect(statutoryPeriod('NINE_MONTHS', 2026)).toEqual({ from: '2025-12-15', to: '2026-09-14' });
  });

  it('puts the 14th in the period that ends and the 15th in the next one', () => {
    expect(quarterHolding('2026-03-14')).toEqual({ kind: 'Q1', year: 2026 });
    expect(quarterHolding('2026-03-15')).toEqual({ kind: 'Q2', year: 2026 });
    expect(quarterHolding('2026-12-14')).toEqual({ kind: 'Q4', year: 2026 });
    expect(quarterHolding('2026-12-15')).toEqual({ kind: 'Q1', year: 2027 });
    expect(reportYearOf('2026-12-02')).toBe(2026);
    expect(reportYearOf('2026-12-15')).toBe(2027);
  });

  it('refuses a period that ends before it starts, or one longer than two years, in Vietnamese', () => {
    const order = ReportQuery.safeParse({ from: '2026-06-14', to: '2026-03-15' });
    expect(order.success).toBe(false);
    expect(order.error!.issues[0]!.message).toContain('v.reportPeriodOrder');
    expect(ReportQuery.safeParse({ from: '2024-01-01', to: '2026-06-01' }).success).toBe(false);
    expect(ReportQuery.safeParse({ from: '2025-12-15', to: '2026-12-14', district: '' })).toMatchObject({ success: true, data: { district: undefined } });
  });
});

describe('the leaders’ reception duty (Law on Citizen Reception 2013)', () => {
  it('asks a city leader one day a month, a district’s two, a commune’s one a week, over the statutory periods', () => {
    const q4 = statutoryPeriod('Q4', 2026);
    const year = statutoryPeriod('YEAR', 2026);
    const half = statutoryPeriod('SIX_MONTHS', 2026);
    expect([dutyDaysRequired('CITY', q4.from, q4.to), dutyDaysRequired('DISTRICT', q4.from, q4.to), dutyDaysRequired('COMMUNE', q4.from, q4.to)]).toEqual([3, 6, 13]);
    expect([dutyDaysRequired('CITY', year.from, year.to), dutyDaysRequired('DISTRICT', year.from, year.to), dutyDaysRequired('COMMUNE', year.from, year.to)]).toEqual([12, 24, 52]);
    expect(dutyDaysRequired('CITY', half.from, half.to)).toBe(6);
    // A short period still asks for one day.
    expect([dutyDaysRequired('CITY', '2026-11-01', '2026-11-10'), dutyDaysRequired('COMMUNE', '2026-11-01', '2026-11-03')]).toEqual([1, 1]);
  });
});
