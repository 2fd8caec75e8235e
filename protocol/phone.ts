// A Vietnamese phone number, mobile or landline, in any of the ways people write it (0912 345 678,
// +84 912 345 678, 024 3825 6789), checked by libphonenumber-js's full metadata (Google's numbering plan
// data, kept current) and stored in E.164 (+84912345678).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneCheck = { ok: true; e164: string } | { ok: false };

export function checkVietnamesePhone(text: string): PhoneCheck {
  const phone = parsePhoneNumberFromString(text.trim(), 'VN');
  if (!phone || phone.country !== 'VN' || !phone.isValid()) return { ok: false };
  const type = phone.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' ? { ok: true, e164: phone.number } : { ok: false };
}

/** How a stored number is read out: 0912 345 678, 024 3825 6789. */
export function nationalPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}
