// A citizen as a viewer may see them (access/intake-sight.ts decides which): in full, masked to initials
// and the last three digits, or withheld, a denouncer's nothing at all.
import { nationalPhone, type CitizenView } from '../../../protocol/index.ts';
import type { IntakeSight } from '../access/intake-sight.ts';
import type { CitizenData } from './intake.repository.ts';

export const WITHHELD_CITIZEN = 'Người tố cáo (được giữ bí mật)';

type CitizenFacts = Omit<CitizenData, 'lookupKey'>;

/** "Nguyễn Văn An" → "N. V. A." */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]!.toLocaleUpperCase('vi')}.`)
    .join(' ');

/** Every digit but the last three hidden: "*********345". */
export const lastThree = (digits: string): string => `${'*'.repeat(Math.max(0, digits.length - 3))}${digits.slice(-3)}`;

export const addressOf = (c: Pick<CitizenFacts, 'street' | 'ward' | 'province'>): string | null => [c.street, c.ward, c.province].filter(Boolean).join(', ') || null;

export function citizenView(c: CitizenFacts, sight: IntakeSight): CitizenView {
  if (sight === 'full') {
    return { fullName: c.fullName, idNumber: c.idNumber, birthYear: c.birthYear, address: addressOf(c), phone: c.phone ? nationalPhone(c.phone) : null, shown: 'full' };
  }
  if (sight === 'masked') {
    const phone = c.phone ? nationalPhone(c.phone).replace(/\s/g, '') : null;
    return { fullName: initials(c.fullName), idNumber: c.idNumber ? lastThree(c.idNumber) : null, birthYear: null, address: c.province, phone: phone ? lastThree(phone) : null, shown: 'masked' };
  }
  return { fullName: WITHHELD_CITIZEN, idNumber: null, birthYear: null, address: null, phone: null, shown: 'withheld' };
}

/** Name and address without diacritics, lower case, spaces folded: how a citizen without an ID is found again. */
export function lookupKeyOf(c: { fullName: string; province: string | null; ward: string | null }): string {
  const plain = (s: string | null) =>
    (s ?? '')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/gi, 'd')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim();
  return [plain(c.fullName), plain(c.province), plain(c.ward)].join('|');
}
