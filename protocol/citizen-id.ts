// The citizen identity card number (số CCCD, 12 digits; Circular 59/2021/TT-BCA, art. 7): the code of the
// province where the birth was registered (3 digits), a digit for the century of birth and the sex, the
// last two digits of the year of birth, and six random digits. Checked digit group by digit group so the
// intake form can say which part is wrong, not just "invalid".

/**
 * The 63 provinces' codes as the card numbers use them. The 2025 merger into 34 provinces did not reissue
 * cards: a number keeps the code of the province that issued it.
 */
export const CCCD_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang', '010': 'Lào Cai',
  '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái', '017': 'Hòa Bình', '019': 'Thái Nguyên',
  '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang', '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh',
  '030': 'Hải Dương', '031': 'Hải Phòng', '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định',
  '037': 'Ninh Bình', '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định', '054': 'Phú Yên',
  '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum', '064': 'Gia Lai', '066': 'Đắk Lắk',
  '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước', '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh', '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh',
  '086': 'Vĩnh Long', '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
};

export type CccdProblem = 'length' | 'digits' | 'province' | 'century' | 'future' | 'birthYear';

export interface CccdFacts {
  provinceCode: string;
  province: string;
  sex: 'MALE' | 'FEMALE';
  birthYear: number;
}

export type CccdCheck = { ok: true; facts: CccdFacts } | { ok: false; problem: CccdProblem; params?: Record<string, string | number> };

/** Spaces and dots people type between the groups are dropped; nothing else is forgiven. */
export const normaliseCccd = (text: string): string => text.replace(/[\s.]/g, '');

/**
 * Checks a number against what the card encodes, and against the year of birth the citizen gave, if any.
 * `thisYear` is the year in Vietnam now: nobody is born in the future.
 */
export function checkCccd(text: string, thisYear: number, birthYear?: number | null): CccdCheck {
  const n = normaliseCccd(text);
  if (/\D/.test(n)) return { ok: false, problem: 'digits' };
  if (n.length !== 12) return { ok: false, problem: 'length', params: { count: n.length } };
  const provinceCode = n.slice(0, 3);
  const province = CCCD_PROVINCES[provinceCode];
  if (!province) return { ok: false, problem: 'province', params: { code: provinceCode } };
  const gender = Number(n[3]);
  // 0/1: born 1900–1999, 2/3: 2000–2099 (men even, women odd); 4–9 are for centuries still to come.
  const century = 1900 + Math.floor(gender / 2) * 100;
  const year = century + Number(n.slice(4, 6));
  if (gender > 3) return { ok: false, problem: 'century', params: { digit: gender } };
  if (year > thisYear) return { ok: false, problem: 'future', params: { year } };
  if (birthYear && birthYear !== year) return { ok: false, problem: 'birthYear', params: { year, given: birthYear } };
  return { ok: true, facts: { provinceCode, province, sex: gender % 2 === 0 ? 'MALE' : 'FEMALE', birthYear: year } };
}

/** The provinces (tỉnh, thành phố) since 1 July 2025, for a citizen's address. */
export const PROVINCES = [
  'Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế', 'An Giang', 'Bắc Ninh', 'Cà Mau', 'Cao Bằng', 'Đắk Lắk', 'Điện Biên',
  'Đồng Nai', 'Đồng Tháp', 'Gia Lai', 'Hà Tĩnh', 'Hưng Yên', 'Khánh Hòa', 'Lai Châu', 'Lâm Đồng', 'Lạng Sơn', 'Lào Cai', 'Nghệ An',
  'Ninh Bình', 'Phú Thọ', 'Quảng Ngãi', 'Quảng Ninh', 'Quảng Trị', 'Sơn La', 'Tây Ninh', 'Thái Nguyên', 'Thanh Hóa', 'Tuyên Quang', 'Vĩnh Long',
] as const;
