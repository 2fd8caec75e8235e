// The first start of an empty hub: a one-time address printed in the server's output, where the first
// administrator names the office and chooses a user name and password (or `npm run admin -- create-admin`).
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './auth.ts';
import { schemaText } from './messages/index.ts';

/** GET /api/setup/:token: whether the address can still be used. */
export type SetupState = 'open' | 'used' | 'expired' | 'unknown' | 'done';
export interface SetupStatus {
  state: SetupState;
  /** While open: until when (ISO). */
  expiresAt: string | null;
}

const text = (min: number, max: number, empty: Parameters<typeof schemaText>[0]) =>
  z.string().trim().min(min, schemaText(empty)).max(max, schemaText('v.maxChars', { max }));

/** POST /api/setup: the first administrator and the office (a host office) they work at. */
export const SetupRequest = z.object({
  token: z.string().min(20, schemaText('v.setupToken')).max(200, schemaText('v.setupToken')),
  officeName: text(3, 200, 'v.officeName'),
  officeCode: z
    .string()
    .trim()
    .min(2, schemaText('v.siteCode'))
    .max(20, schemaText('v.siteCode'))
    .regex(/^[A-Za-z0-9-]+$/, schemaText('v.siteCode'))
    .transform((s) => s.toUpperCase()),
  fullName: text(2, 120, 'v.fullName'),
  username: z
    .string()
    .trim()
    .min(3, schemaText('v.newUsername'))
    .max(64, schemaText('v.usernameLong'))
    .regex(/^[a-z0-9._-]+$/i, schemaText('v.newUsername'))
    .transform((s) => s.toLowerCase()),
  password: z.string().min(MIN_PASSWORD_LENGTH, schemaText('v.passwordShort', { min: MIN_PASSWORD_LENGTH })).max(256, schemaText('v.passwordLong')),
});
export type SetupRequest = z.input<typeof SetupRequest>;
/** As the server has it once parsed (the code in capitals, the user name in lower case). */
export type SetupFields = z.output<typeof SetupRequest>;
