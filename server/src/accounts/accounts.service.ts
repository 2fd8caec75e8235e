// Accounts, managed by an administrator: role, home site, agency; created without a password and with a
// one-time link where their owner chooses one (no password travels in the clear or is shown twice);
// reset the same way; deactivated, never deleted, which signs the person out everywhere at once.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  PASSWORD_LINK_VALID_HOURS,
  msg,
  type AccountChange,
  type AccountCreated,
  type AccountFields,
  type AdminAccount,
  type PasswordLinkIssued,
  type PasswordLinkStatus,
  type Role,
} from '../../../protocol/index.ts';
import { administrator, mustReach, reaches } from '../access/administration.ts';
import type { Caller, Person } from '../access/caller.ts';
import { toSiteSummary } from '../auth/account.mapper.ts';
import { hashPassword, NO_PASSWORD } from '../auth/passwords.ts';
import type { AuditDraft } from '../audit/audit.repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { EventBus } from '../events/event-bus.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import type { AccountData, AccountsRepository, AdminAccountRow, NewLink } from './accounts.repository.ts';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');
const labelOf = (a: { username: string; fullName: string }) => `${a.username} · ${a.fullName}`;

/** Where an account works, as a person reads it in the audit log (the ids stay beside it). */
interface Place {
  site: string;
  agency: string | null;
}

/** What the audit log keeps of an account: never its password hash. */
function recordOf(a: AccountData & { username: string }, place: Place): Record<string, unknown> {
  return { username: a.username, fullName: a.fullName, role: a.role, site: place.site, agency: place.agency, email: a.email, active: a.active, siteId: a.siteId, agencyId: a.agencyId };
}

const placeOf = (row: AdminAccountRow): Place => ({ site: `${row.site.code} · ${row.site.name}`, agency: row.agency?.name ?? null });

function toAdminAccount(a: AdminAccountRow): AdminAccount {
  return {
    id: a.id,
    username: a.username,
    fullName: a.fullName,
    role: a.role,
    site: toSiteSummary(a.site),
    agency: a.agency ? { id: a.agency.id, name: a.agency.name } : null,
    email: a.email,
    active: a.active,
    passwordSet: a.passwordHash !== NO_PASSWORD,
    createdAt: a.createdAt.toISOString(),
  };
}

export class AccountsService {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every account within the administrator's reach. */
  async list(caller: Caller): Promise<AdminAccount[]> {
    const admin = administrator(caller);
    return (await this.repo.list()).filter((a) => reaches(admin, a.role)).map(toAdminAccount);
  }

  /** A new account (its e-mail optional: the hub's own callers and scripts may leave it out). */
  async create(caller: Caller, fields: Omit<AccountFields, 'email'> & { email?: string | null }): Promise<AccountCreated> {
    const admin = administrator(caller);
    mustReach(admin, fields.role);
    const { username, ...data } = fields;
    const account: AccountData = { ...data, email: data.email ?? null, active: true };
    const place = await this.checkPlace(account);
    const taken = () => new AppError('CONFLICT', msg('admin.usernameTaken', { username }));
    if (await this.repo.usernameTaken(username)) throw taken();
    const id = randomUUID();
    const { link, issued } = this.newLink('CREATE', admin);
    try {
      const row = await this.repo.create(id, { ...account, username }, link, { actorId: admin.accountId, action: 'account.create', subject: 'account', subjectId: id, subjectLabel: labelOf({ username, ...account }), after: recordOf({ ...account, username }, place) });
      return { account: toAdminAccount(row), link: issued };
    } catch (e) {
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
  }

  async change(caller: Caller, id: string, change: z.output<typeof AccountChange>): Promise<AdminAccount> {
    const admin = administrator(caller);
    const before = await this.within(admin, id);
    const data: Partial<AccountData> = { ...change };
    // A person who stops representing an agency leaves it, unless the change says otherwise.
    if (change.role !== undefined && change.role !== 'AGENCY_REP' && change.agencyId === undefined) data.agencyId = null;
    const after: AccountData = { fullName: before.fullName, role: before.role, siteId: before.siteId, agencyId: before.agencyId, email: before.email, active: before.active, ...data };
    mustReach(admin, after.role);
    if (id === admin.accountId && (after.role !== before.role || !after.active)) throw new AppError('FORBIDDEN', msg('admin.notYourself'));
    if (before.role === 'ADMIN' && before.active && (after.role !== 'ADMIN' || !after.active) && (await this.repo.activeAdmins()) <= 1) {
      throw new AppError('CONFLICT', msg('admin.lastAdmin'));
    }
    const placeChanges = change.siteId !== undefined || change.agencyId !== undefined || change.role !== undefined || (change.active && !before.active);
    const place = placeChanges ? await this.checkPlace(after, before) : placeOf(before);
    const action = !after.active && before.active ? 'account.deactivate' : after.active && !before.active ? 'account.activate' : 'account.update';
    const audit: AuditDraft = { actorId: admin.accountId, action, subject: 'account', subjectId: id, subjectLabel: labelOf({ ...before, ...after }), before: recordOf(before, placeOf(before)), after: recordOf({ ...after, username: before.username }, place) };
    const { account, endedSignIns } = await this.repo.update(id, data, audit, this.now());
    // After the commit: every page and socket of the person closes now, not when their cookie expires.
    if (endedSignIns.length > 0) await this.events.publish('auth.signInsEnded', { accountId: id, authSessionIds: endedSignIns });
    return toAdminAccount(account);
  }

  /** A new one-time link; the old password stops working and the person is signed out everywhere. */
  async resetPassword(caller: Caller, id: string): Promise<PasswordLinkIssued> {
    const admin = administrator(caller);
    const account = await this.within(admin, id);
    if (!account.active) throw new AppError('CONFLICT', msg('admin.accountInactive'));
    const { link, issued } = this.newLink('RESET', admin);
    const ended = await this.repo.reset(id, link, { actorId: admin.accountId, action: 'account.resetPassword', subject: 'account', subjectId: id, subjectLabel: labelOf(account) }, this.now());
    if (ended.length > 0) await this.events.publish('auth.signInsEnded', { accountId: id, authSessionIds: ended });
    return issued;
  }

  /** For the page the link opens (no sign-in): whether it still works, and whose it is. */
  async linkStatus(token: string): Promise<PasswordLinkStatus> {
    const link = await this.repo.link(hashOf(token));
    const none = { username: null, fullName: null, purpose: null, expiresAt: null };
    if (!link || link.voidedAt || !link.account.active) return { state: 'unknown', ...none };
    if (link.usedAt) return { state: 'used', ...none };
    if (link.expiresAt <= this.now()) return { state: 'expired', ...none };
    return { state: 'open', username: link.account.username, fullName: link.account.fullName, purpose: link.purpose, expiresAt: link.expiresAt.toISOString() };
  }

  async setPassword(token: string, password: string): Promise<void> {
    const link = await this.repo.link(hashOf(token));
    if (link && password.toLowerCase().includes(link.account.username.toLowerCase())) throw new AppError('BAD_REQUEST', msg('auth.passwordHasUsername'));
    const passwordHash = await hashPassword(password);
    const use = await this.repo.usePassword(hashOf(token), passwordHash, this.now(), (accountId) => ({
      actorId: accountId,
      action: 'account.passwordSet',
      subject: 'account',
      subjectId: accountId,
      subjectLabel: link ? labelOf(link.account) : accountId,
    }));
    switch (use.outcome) {
      case 'set':
        if (use.endedSignIns.length > 0) await this.events.publish('auth.signInsEnded', { accountId: use.accountId, authSessionIds: use.endedSignIns });
        return;
      case 'used':
        throw new AppError('CONFLICT', msg('link.used'));
      case 'expired':
        throw new AppError('CONFLICT', msg('link.expired'));
      case 'unknown':
        throw new AppError('NOT_FOUND', msg('link.unknown'));
    }
  }

  private newLink(purpose: 'CREATE' | 'RESET', admin: Person): { link: NewLink; issued: PasswordLinkIssued } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + PASSWORD_LINK_VALID_HOURS * 3600_000);
    return { link: { id: hashOf(token), purpose, issuedById: admin.accountId, expiresAt }, issued: { path: `#/password/${token}`, expiresAt: expiresAt.toISOString() } };
  }

  /** The account, when it exists and is within reach (one above it looks like one that does not exist). */
  private async within(admin: Person, id: string): Promise<AdminAccountRow> {
    const account = await this.repo.byId(id);
    if (!account || !reaches(admin, account.role)) throw new AppError('NOT_FOUND', msg('admin.accountNotFound'));
    return account;
  }

  /** Where a role works: a bridge operator at a bridge point, leaders at the host office, a representative with an agency. */
  private async checkPlace(a: AccountData, before?: AccountData): Promise<Place> {
    const site = await this.repo.site(a.siteId);
    if (!site) throw new AppError('BAD_REQUEST', msg('admin.siteNotFound'));
    if (!site.active && a.siteId !== before?.siteId) throw new AppError('BAD_REQUEST', msg('admin.siteInactive', { name: site.name }));
    if (a.role === 'BRIDGE_OPERATOR' && site.kind !== 'BRIDGE_POINT') throw new AppError('BAD_REQUEST', msg('admin.operatorAtBridge'));
    if ((LEADERS as readonly Role[]).includes(a.role) && site.kind !== 'HOST_OFFICE') throw new AppError('BAD_REQUEST', msg('admin.leaderAtHost'));
    const place: Place = { site: `${site.code} · ${site.name}`, agency: null };
    if (a.role === 'AGENCY_REP') {
      if (!a.agencyId) throw new AppError('BAD_REQUEST', msg('admin.agencyRequired'));
      const agency = await this.repo.agency(a.agencyId);
      if (!agency) throw new AppError('BAD_REQUEST', msg('admin.agencyNotFound'));
      if (!agency.active && a.agencyId !== before?.agencyId) throw new AppError('BAD_REQUEST', msg('admin.agencyInactive', { name: agency.name }));
      place.agency = agency.name;
    } else if (a.agencyId) {
      throw new AppError('BAD_REQUEST', msg('admin.agencyOnlyForRep'));
    }
    return place;
  }
}

const LEADERS = ['CHAIR', 'MODERATOR', 'ADMIN'] as const;
