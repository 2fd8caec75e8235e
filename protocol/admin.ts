// Administration (#/admin, administrators only): the city's sites and districts, its agencies, its accounts
// and the audit log of every change to them. A person's password is never chosen or seen by the
// administrator: a new or reset account gets a one-time address where its owner sets it.
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH, ROLES, type Role } from './auth.ts';
import type { Message } from './messages/index.ts';
import { schemaText } from './messages/index.ts';
import { DayText } from './schedule.ts';
import { RequiredUuid } from './sessions.ts';
import { SITE_KINDS, type SiteSummary } from './sites.ts';

const text = (min: number, max: number, empty: Parameters<typeof schemaText>[0]) =>
  z.string().trim().min(min, schemaText(empty)).max(max, schemaText('v.maxChars', { max }));
/** An optional text: empty means none. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, schemaText('v.maxChars', { max }))
    .nullish()
    .transform((s) => (s ? s : null));

/** A site's or agency's short code: letters without accents, digits and hyphens, kept in capitals. */
export const ShortCode = z
  .string()
  .trim()
  .min(2, schemaText('v.siteCode'))
  .max(20, schemaText('v.siteCode'))
  .regex(/^[A-Za-z0-9-]+$/, schemaText('v.siteCode'))
  .transform((s) => s.toUpperCase());

export const NewUsername = z
  .string()
  .trim()
  .min(3, schemaText('v.newUsername'))
  .max(64, schemaText('v.usernameLong'))
  .regex(/^[a-z0-9._-]+$/i, schemaText('v.newUsername'))
  .transform((s) => s.toLowerCase());

const Id = RequiredUuid;

// ---------------------------------------------------------------------------------------------
// Sites and districts

export const SiteInput = z.object({
  code: ShortCode,
  name: text(3, 200, 'v.siteName'),
  kind: z.enum(SITE_KINDS, schemaText('v.siteKind')),
  district: optionalText(100),
  ward: optionalText(100),
  address: optionalText(300),
});
export type SiteInput = z.input<typeof SiteInput>;
export type SiteFields = z.output<typeof SiteInput>;

/** PATCH /api/admin/sites/:id: what changes (the code stays: documents and imports name a site by it). */
export const SiteChange = SiteInput.omit({ code: true }).partial().extend({ active: z.boolean().optional() });
export type SiteChange = z.input<typeof SiteChange>;

export interface AdminSite extends SiteSummary {
  address: string | null;
  active: boolean;
  /** Active accounts whose home site it is. */
  accounts: number;
}

export interface District {
  name: string;
  active: boolean;
  /** Sites (active ones) in the district. */
  sites: number;
}

export const DistrictInput = z.object({ name: text(2, 100, 'v.districtName') });
export type DistrictInput = z.input<typeof DistrictInput>;

/** The file types an import reads, by their content type. */
export const IMPORT_CONTENT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 2000;

/** One row of an import file as read, with every problem it has (empty when it can be saved). */
export interface SiteImportRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  code: string;
  name: string;
  kind: string;
  district: string;
  ward: string;
  address: string;
  problems: Message[];
}

/** POST /api/admin/sites/import?dryRun=1 (and the refused import itself): every row and its problems. */
export interface SiteImportPreview {
  rows: SiteImportRow[];
  /** Problems with the file as a whole (no header, an unknown column, too many rows). */
  fileProblems: Message[];
  /** Rows with a problem; the import saves nothing while there is any. */
  badRows: number;
}

export interface SiteImportDone {
  created: number;
  /** How long saving took, in ms (shown so an office sees an import of 126 wards is instant). */
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// Agencies

export const AgencyInput = z.object({
  code: ShortCode,
  name: text(3, 200, 'v.agencyName'),
  field: optionalText(200),
});
export type AgencyInput = z.input<typeof AgencyInput>;

export const AgencyChange = AgencyInput.omit({ code: true }).partial().extend({ active: z.boolean().optional() });
export type AgencyChange = z.input<typeof AgencyChange>;

export interface AccountRef {
  id: string;
  username: string;
  fullName: string;
  active: boolean;
}

export interface AdminAgency {
  id: string;
  code: string;
  name: string;
  field: string | null;
  active: boolean;
  /** Its representatives (accounts of role AGENCY_REP that belong to it). */
  representatives: AccountRef[];
}

// ---------------------------------------------------------------------------------------------
// Accounts

/** How far a role reaches in administration: a person never sees or changes an account above their own. */
export const ROLE_RANK: Readonly<Record<Role, number>> = {
  ADMIN: 3,
  CHAIR: 2,
  MODERATOR: 2,
  SECRETARY: 1,
  BRIDGE_OPERATOR: 1,
  AGENCY_REP: 1,
  OBSERVER: 1,
};

export const AccountInput = z.object({
  username: NewUsername,
  fullName: text(2, 120, 'v.fullName'),
  role: z.enum(ROLES, schemaText('v.role')),
  siteId: Id,
  agencyId: Id.nullish().transform((s) => s ?? null),
  /** Where reminders and the digest are also e-mailed, when the hub sends e-mail; blank for none. */
  email: z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.email(schemaText('v.email')).max(200, schemaText('v.email')).nullish())
    .transform((s) => (s ? s.trim() : null)),
});
export type AccountInput = z.input<typeof AccountInput>;
export type AccountFields = z.output<typeof AccountInput>;

/** PATCH /api/admin/accounts/:id. Deactivating signs the person out everywhere at once. */
export const AccountChange = AccountInput.omit({ username: true }).partial().extend({ active: z.boolean().optional() });
export type AccountChange = z.input<typeof AccountChange>;

export interface AdminAccount {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  site: SiteSummary;
  agency: { id: string; name: string } | null;
  email: string | null;
  active: boolean;
  /** False until the person has used their one-time link (and after a reset, until they use the new one). */
  passwordSet: boolean;
  createdAt: string;
}

/** A one-time address to set a password: shown once, to the administrator who asked for it. */
export interface PasswordLinkIssued {
  /** The page's path, to put after the hub's address: `#/password/<token>`. */
  path: string;
  expiresAt: string;
}

export interface AccountCreated {
  account: AdminAccount;
  link: PasswordLinkIssued;
}

export const PASSWORD_LINK_VALID_HOURS = 72;

export type PasswordLinkState = 'open' | 'used' | 'expired' | 'unknown';

/** GET /api/password-links/:token (no sign-in): whether the address still works, and for whom. */
export interface PasswordLinkStatus {
  state: PasswordLinkState;
  username: string | null;
  fullName: string | null;
  purpose: 'CREATE' | 'RESET' | null;
  expiresAt: string | null;
}

/** POST /api/password-links: the person sets their password with the address they were given. */
export const SetPasswordRequest = z.object({
  token: z.string().min(20, schemaText('v.passwordLink')).max(200, schemaText('v.passwordLink')),
  password: z.string().min(MIN_PASSWORD_LENGTH, schemaText('v.passwordShort', { min: MIN_PASSWORD_LENGTH })).max(256, schemaText('v.passwordLong')),
});
export type SetPasswordRequest = z.input<typeof SetPasswordRequest>;

// ---------------------------------------------------------------------------------------------
// The audit log

export const AUDIT_SUBJECTS = ['site', 'district', 'agency', 'account', 'holiday', 'setting', 'field', 'intake', 'book', 'case', 'report'] as const;
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

export const AUDIT_ACTIONS = [
  'site.create',
  'site.update',
  'site.deactivate',
  'site.activate',
  'district.create',
  'agency.create',
  'agency.update',
  'agency.deactivate',
  'agency.activate',
  'account.create',
  'account.update',
  'account.deactivate',
  'account.activate',
  'account.resetPassword',
  'account.passwordSet',
  'holiday.create',
  'holiday.delete',
  'setting.update',
  'field.create',
  'field.update',
  'field.deactivate',
  'field.activate',
  'intake.create',
  'intake.read',
  'intake.handle',
  'intake.reply',
  'intake.download',
  'intake.print',
  'book.read',
  'book.export',
  'case.download',
  'report.file',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];


/** GET /api/admin/audit: newest first, a page at a time. */
export const AuditQuery = z.object({
  /** Words in the subject, the action or the person who acted. */
  q: z.string().trim().max(100, schemaText('v.maxChars', { max: 100 })).optional(),
  subject: z.enum(AUDIT_SUBJECTS, schemaText('v.invalid')).optional(),
  /** Inclusive days in Vietnam's time (yyyy-mm-dd). */
  from: DayText.optional(),
  to: DayText.optional(),
  /** The id of the last entry of the previous page. */
  before: z.string().regex(/^\d{1,19}$/, schemaText('v.id')).optional(),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export interface AuditEntryView {
  id: string;
  at: string;
  actor: { id: string; username: string; fullName: string } | null;
  action: AuditAction;
  subject: AuditSubject;
  subjectId: string;
  subjectLabel: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` for the next page; null at the end. */
  next: string | null;
}

// ---------------------------------------------------------------------------------------------
// Public holidays (the hub seeds Vietnam's official days off for this year and the next)

export interface HolidayView {
  date: string;
  name: string;
  lunar: boolean;
}

export const HolidayInput = z.object({
  date: DayText,
  name: text(3, 120, 'v.holidayName'),
});
export type HolidayInput = z.input<typeof HolidayInput>;

// ---------------------------------------------------------------------------------------------
// The office's settings

export interface HubSettings {
  /** Working days before a session when its sites and agencies are invited. */
  invitationLeadDays: number;
  /** The speaking time a new session starts with, in minutes. */
  defaultTurnMinutes: number;
}

export const DEFAULT_SETTINGS: HubSettings = { invitationLeadDays: 5, defaultTurnMinutes: 5 };

export const SettingsChange = z.object({
  invitationLeadDays: z.number(schemaText('v.leadDays')).int(schemaText('v.leadDays')).min(1, schemaText('v.leadDays')).max(20, schemaText('v.leadDays')).optional(),
  defaultTurnMinutes: z.number(schemaText('v.turnMin')).int().min(1, schemaText('v.turnMin')).max(60, schemaText('v.turnMax')).optional(),
});
export type SettingsChange = z.input<typeof SettingsChange>;
