// The checks an intake form runs on what a citizen's card and phone say: each kind of mistake named, so the
// officer knows which digits to look at again.
import { describe, expect, it } from 'vitest';
import { IntakeInput, checkCccd, checkVietnamesePhone, nationalPhone } from '../../protocol/index.ts';

const YEAR = 2026;

describe('the CCCD number', () => {
  it('reads the province, sex and year of birth from a valid number, spaces and dots forgiven', () => {
    expect(checkCccd('001 0 85 012345', YEAR)).toEqual({ ok: true, facts: { provinceCode: '001', province: 'Hà Nội', sex: 'MALE', birthYear: 1985 } });
    expect(checkCccd('079.3.05.123456', YEAR)).toEqual({ ok: true, facts: { provinceCode: '079', province: 'Hồ Chí Minh', sex: 'FEMALE', birthYear: 2005 } });
    expect(checkCccd('038190000001', YEAR, 1990)).toMatchObject({ ok: true, facts: { sex: 'FEMALE', birthYear: 1990 } });
    expect(checkCccd('096220000001', YEAR)).toMatchObject({ ok: true, facts: { province: 'Cà Mau', birthYear: 2020 } });
  });

  it('says which part is wrong: letters, length, province code, century digit, a future year, a year that disagrees', () => {
    expect(checkCccd('00108501234A', YEAR)).toEqual({ ok: false, problem: 'digits' });
    expect(checkCccd('00108501234', YEAR)).toEqual({ ok: false, problem: 'length', params: { count: 11 } });
    expect(checkCccd('0010850123456', YEAR)).toEqual({ ok: false, problem: 'length', params: { count: 13 } });
    // 003, 005 and 099 belong to no province (the codes skip numbers); 000 neither.
    for (const code of ['000', '003', '005', '099', '100']) expect(checkCccd(`${code}085012345`, YEAR)).toEqual({ ok: false, problem: 'province', params: { code } });
    expect(checkCccd('001485012345', YEAR)).toEqual({ ok: false, problem: 'century', params: { digit: 4 } });
    expect(checkCccd('001230012345', YEAR)).toEqual({ ok: false, problem: 'future', params: { year: 2030 } });
    expect(checkCccd('001085012345', YEAR, 1958)).toEqual({ ok: false, problem: 'birthYear', params: { year: 1985, given: 1958 } });
  });
});

describe('the phone number', () => {
  it('takes Vietnamese mobiles and landlines however they are written, and keeps them in one form', () => {
    for (const [typed, e164] of [
      ['0912 345 678', '+84912345678'],
      ['+84 912 345 678', '+84912345678'],
      ['0862.123.456', '+84862123456'],
      ['024 3825 6789', '+842438256789'],
    ]) expect(checkVietnamesePhone(typed!)).toEqual({ ok: true, e164 });
    expect(nationalPhone('+84912345678')).toBe('0912 345 678');
  });

  it('refuses a number too short, an old 11-digit mobile, a service number and a foreign one', () => {
    for (const typed of ['091234567', '0123456789', '01234567890', '1900 1234', '+1 202 555 0100', 'không có']) expect(checkVietnamesePhone(typed), typed).toEqual({ ok: false });
  });
});

describe('an intake as the form sends it', () => {
  const base = { siteId: '00000000-0000-4000-8000-000000000002', fullName: 'Nguyễn Văn An', idNumber: '001085012345', birthYear: 1985, province: 'Hà Nội', phone: '0912345678', content: 'Đề nghị cấp giấy chứng nhận quyền sử dụng đất', petitionType: 'RECOMMENDATION', field: 'LAND_CERTIFICATE', competent: true } as const;
  const problems = (over: object) => {
    const r = IntakeInput.safeParse({ ...base, ...over });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message.split('?')[0]}`);
  };

  it('takes a complete one, and a citizen without an ID who gives where they live', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ idNumber: null, birthYear: null })).toEqual([]);
  });

  it('names the field of every mistake', () => {
    expect(problems({ idNumber: '001085012345', birthYear: 1984 })).toEqual(['idNumber: v.cccdBirthYear']);
    expect(problems({ phone: '0123456789' })).toEqual(['phone: v.phone']);
    expect(problems({ idNumber: null, province: null })).toEqual(['province: v.noIdNoAddress']);
    expect(problems({ delegationSize: 7 })).toEqual(['representatives: v.delegationNoRepresentative']);
    expect(problems({ delegationSize: 2, representatives: ['Trần Văn Bình'] })).toEqual(['delegationSize: v.delegationTooSmall']);
    expect(problems({ delegationSize: 0 })).toEqual(['delegationSize: v.delegationMin']);
    expect(problems({ province: 'Hà Tây' })).toEqual(['province: v.province']);
    expect(problems({ petitionType: 'OTHER' })).toEqual(['petitionType: v.petitionType']);
  });
});
