// Accounts and signing in. Paths are relative to the origin; state-changing requests carry the CSRF header.
import { z } from 'zod';
import { schemaText } from './messages/index.ts';
import type { SiteSummary } from './sites.ts';

export const ROLES = ['ADMIN', 'CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'AGENCY_REP', 'OBSERVER'] as const;
export type Role = (typeof ROLES)[number];

export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'tiepdan_session';

export const SignInRequest = z.object({
  username: z
    .string()
    .trim()
    .min(1, schemaText('v.username'))
    .max(64, schemaText('v.usernameLong'))
    .transform((s) => s.toLowerCase()),
  password: z.string().min(1, schemaText('v.password')).max(256, schemaText('v.passwordLong')),
});
export type SignInRequest = z.input<typeof SignInRequest>;

/** POST /api/auth/password: a person changes their own password (then every other device is signed out). */
export const MIN_PASSWORD_LENGTH = 10;
export const ChangePasswordRequest = z.object({
  current: z.string().min(1, schemaText('v.password')).max(256, schemaText('v.passwordLong')),
  next: z.string().min(MIN_PASSWORD_LENGTH, schemaText('v.passwordShort', { min: MIN_PASSWORD_LENGTH })).max(256, schemaText('v.passwordLong')),
});
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequest>;

export interface Me {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  site: SiteSummary;
  agency: { id: string; name: string } | null;
  /** Send back in the CSRF header on every POST/PUT/PATCH/DELETE. */
  csrfToken: string;
}

/** GET /api/auth/session: the signed-in account, or null (never a 401). */
export interface SessionAnswer {
  me: Me | null;
}
