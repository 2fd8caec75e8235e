// Accounts as administrators manage them, and the one-time links their owners set passwords with. Each
// change is one transaction with its audit entry; ending an account's sign-ins is part of the same
// transaction as the change that ends them (deactivation, a reset, a new password).
import type { Db, PasswordLinkPurpose, Prisma, Role } from '../db/client.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';
import { NO_PASSWORD } from '../auth/passwords.ts';

export const adminAccountInclude = { site: true, agency: true } satisfies Prisma.AccountInclude;
export type AdminAccountRow = Prisma.AccountGetPayload<{ include: typeof adminAccountInclude }>;

export interface AccountData {
  fullName: string;
  role: Role;
  siteId: string;
  agencyId: string | null;
  email: string | null;
  active: boolean;
}

export interface NewLink {
  id: string;
  purpose: PasswordLinkPurpose;
  issuedById: string | null;
  expiresAt: Date;
}

type Tx = Prisma.TransactionClient;

/** Ends every sign-in of an account; returns the ones ended, for the gateway to close their sockets. */
async function endSignIns(tx: Tx, accountId: string): Promise<string[]> {
  const ended = await tx.authSession.findMany({ where: { accountId }, select: { id: true } });
  await tx.authSession.deleteMany({ where: { accountId } });
  return ended.map((s) => s.id);
}

async function voidLinks(tx: Tx, accountId: string, now: Date): Promise<void> {
  await tx.passwordLink.updateMany({ where: { accountId, usedAt: null, voidedAt: null }, data: { voidedAt: now } });
}

export type LinkUse = { outcome: 'set'; accountId: string; endedSignIns: string[] } | { outcome: 'used' | 'expired' | 'unknown' };

export class AccountsRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<AdminAccountRow[]> {
    return this.db.account.findMany({ include: adminAccountInclude, orderBy: [{ active: 'desc' }, { role: 'asc' }, { username: 'asc' }] });
  }

  byId(id: string): Promise<AdminAccountRow | null> {
    return this.db.account.findUnique({ where: { id }, include: adminAccountInclude });
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.db.account.count({ where: { username } })) > 0;
  }

  site(id: string) {
    return this.db.site.findUnique({ where: { id }, select: { id: true, code: true, name: true, kind: true, active: true } });
  }

  agency(id: string) {
    return this.db.agency.findUnique({ where: { id }, select: { id: true, name: true, active: true } });
  }

  activeAdmins(): Promise<number> {
    return this.db.account.count({ where: { role: 'ADMIN', active: true } });
  }

  /** A new account without a password, and the link its owner sets one with. */
  create(id: string, account: AccountData & { username: string }, link: NewLink, audit: AuditDraft): Promise<AdminAccountRow> {
    return this.db.$transaction(async (tx) => {
      const created = await tx.account.create({ data: { id, ...account, passwordHash: NO_PASSWORD }, include: adminAccountInclude });
      await tx.passwordLink.create({ data: { ...link, accountId: id } });
      await recordIn(tx, audit);
      return created;
    });
  }

  /** A change; deactivating also voids open links and ends every sign-in. */
  update(id: string, data: Partial<AccountData>, audit: AuditDraft, now: Date): Promise<{ account: AdminAccountRow; endedSignIns: string[] }> {
    return this.db.$transaction(async (tx) => {
      const account = await tx.account.update({ where: { id }, data, include: adminAccountInclude });
      let endedSignIns: string[] = [];
      if (data.active === false) {
        await voidLinks(tx, id, now);
        endedSignIns = await endSignIns(tx, id);
      }
      await recordIn(tx, audit);
      return { account, endedSignIns };
    });
  }

  /** A reset: the old password stops working, every sign-in ends, older links are void, a new one is made. */
  reset(id: string, link: NewLink, audit: AuditDraft, now: Date): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      await tx.account.update({ where: { id }, data: { passwordHash: NO_PASSWORD, failedLogins: 0, lockedUntil: null } });
      await voidLinks(tx, id, now);
      await tx.passwordLink.create({ data: { ...link, accountId: id } });
      const ended = await endSignIns(tx, id);
      await recordIn(tx, audit);
      return ended;
    });
  }

  link(id: string) {
    return this.db.passwordLink.findUnique({ where: { id }, include: { account: { select: { id: true, username: true, fullName: true, active: true } } } });
  }

  /**
   * Sets the password with a link, once: the link is claimed by a conditional update inside the transaction,
   * so two tabs sending it at the same moment set one password and the other is told it was used.
   */
  usePassword(linkId: string, passwordHash: string, now: Date, audit: (accountId: string) => AuditDraft): Promise<LinkUse> {
    return this.db.$transaction(async (tx) => {
      const link = await tx.passwordLink.findUnique({ where: { id: linkId }, include: { account: { select: { active: true } } } });
      if (!link || link.voidedAt || !link.account.active) return { outcome: 'unknown' };
      if (link.usedAt) return { outcome: 'used' };
      if (link.expiresAt <= now) return { outcome: 'expired' };
      const claimed = await tx.passwordLink.updateMany({ where: { id: linkId, usedAt: null }, data: { usedAt: now } });
      if (claimed.count !== 1) return { outcome: 'used' };
      await tx.account.update({ where: { id: link.accountId }, data: { passwordHash, failedLogins: 0, lockedUntil: null } });
      const endedSignIns = await endSignIns(tx, link.accountId);
      await recordIn(tx, audit(link.accountId));
      return { outcome: 'set', accountId: link.accountId, endedSignIns };
    });
  }
}
