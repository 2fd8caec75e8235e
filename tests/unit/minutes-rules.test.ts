import { describe, expect, it } from 'vitest';
import type { MinutesContent } from '../../protocol/index.ts';
import { checkApprovable, checkFields, diffContents, vietnamToday } from '../../server/src/minutes/minutes-rules.ts';

const AGENCY = '11111111-1111-4111-8111-111111111111';
const ctx = { today: '2026-11-24', storedDeadline: null, sessionAgencyIds: [AGENCY] };
const message = (fn: () => void): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('the structured fields of an entry', () => {
  it('need an agency and a deadline for an assignment', () => {
    expect(message(() => checkFields({ conclusionType: 'ASSIGNED', agencyId: null, deadline: null }, ctx))).toMatch(/phải chọn cơ quan.*phải có thời hạn/);
    expect(message(() => checkFields({ conclusionType: 'ASSIGNED', agencyId: AGENCY, deadline: '2026-12-01' }, ctx))).toBe('');
  });

  it('refuse a deadline in the past, but keep one already given when old minutes are amended', () => {
    expect(message(() => checkFields({ conclusionType: 'ASSIGNED', agencyId: AGENCY, deadline: '2026-11-23' }, ctx))).toMatch(/23\/11\/2026 đã qua.*24\/11\/2026/);
    expect(message(() => checkFields({ conclusionType: 'ASSIGNED', agencyId: AGENCY, deadline: '2026-11-24' }, ctx))).toBe('');
    expect(message(() => checkFields({ conclusionType: 'ASSIGNED', agencyId: AGENCY, deadline: '2026-11-01' }, { ...ctx, storedDeadline: '2026-11-01' }))).toBe('');
  });

  it('refuse an agency that is not of the session and a date that does not exist', () => {
    expect(message(() => checkFields({ conclusionType: 'GUIDED', agencyId: '22222222-2222-4222-8222-222222222222', deadline: null }, ctx))).toMatch(/không dự kỳ tiếp/);
    expect(message(() => checkFields({ conclusionType: 'STUDY', agencyId: null, deadline: '2026-02-30' }, ctx))).toMatch(/không phải là một ngày/);
  });
});

describe('today in Hanoi', () => {
  it('turns at midnight Vietnam time, not UTC', () => {
    expect(vietnamToday(new Date('2026-11-23T16:59:59Z'))).toBe('2026-11-23');
    expect(vietnamToday(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
  });
});

describe('approval', () => {
  it('waits for the end of the session and a conclusion on every turn', () => {
    expect(message(() => checkApprovable('LIVE', 'DRAFT', []))).toMatch(/sau khi kết thúc/);
    expect(message(() => checkApprovable('CLOSED', 'DRAFT', [{ number: 1, conclusionType: 'ANSWERED' }, { number: 2, conclusionType: null }]))).toMatch(/lượt 2/);
    expect(message(() => checkApprovable('CLOSED', 'APPROVED', []))).toMatch(/khóa/);
    expect(message(() => checkApprovable('CLOSED', 'AMENDING', [{ number: 1, conclusionType: 'ANSWERED' }]))).toBe('');
  });
});

describe('the changes between two versions', () => {
  const base = (closing: string, statement: string): MinutesContent =>
    ({
      header: { agencies: [{ id: AGENCY, code: 'SO-XD', name: 'Sở Xây dựng' }] },
      entries: [
        {
          facts: { entryId: 'e1', number: 1 },
          fields: { conclusionType: 'ASSIGNED', agencyId: AGENCY, deadline: '2026-12-01', petitionType: null, field: null },
          text: { statement, answers: '', conclusion: '' },
        },
      ],
      text: { opening: '', closing },
    }) as unknown as MinutesContent;

  it('lists each field that differs, and nothing for the first version', () => {
    expect(diffContents(null, base('a', 'b'))).toEqual([]);
    expect(diffContents(base('a', 'b'), base('a', 'b'))).toEqual([]);
    expect(diffContents(base('a', 'b'), base('c', 'b đã sửa'))).toEqual([
      { where: 'Kết luận chung', before: 'a', after: 'c' },
      { where: 'Lượt 1 – Nội dung trình bày', before: 'b', after: 'b đã sửa' },
    ]);
  });
});
