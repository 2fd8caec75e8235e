// Accounts and their sign-ins in PostgreSQL (not in a process's memory, so any instance can answer any
// request). The only place of the auth feature that talks to the database.
import type { Db, Prisma, Site } from '../db/client.ts';

export const accountInclude = { site: true, agency: true } satisfies Prisma.AccountInclude;
export type AccountWithSite = Prisma.AccountGetPayload<{ include: typeof accountInclude }>;
export type { Site };

export class AccountRepository {
  constructor(private readonly db: Db) {}

  byUsername(username: string): Promise<AccountWithSite | null> {
    return this.db.account.findUnique({ where: { username }, include: accountInclude });
  }

  byId(id: string): Promise<AccountWithSite> {
    return this.db.account.findUniqueOrThrow({ where: { id }, include: accountInclude });
  }

  /** One more failed sign-in in a row; returns how many there are now. */
  async recordFailure(accountId: string): Promise<number> {
    const updated = await this.db.account.update({ where: { id: accountId }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
    return updated.failedLogins;
  }

  async lockUntil(accountId: string, lockedUntil: Date): Promise<void> {
    await this.db.account.update({ where: { id: accountId }, data: { lockedUntil } });
  }

  /** A successful sign-in: the failure count is reset and the sign-in stored, together. */
  async startSignIn(accountId: string, signIn: { id: string; csrfToken: string; expiresAt: Date }): Promise<void> {
    await this.db.$transaction([
      this.db.account.update({ where: { id: accountId }, data: { failedLogins: 0, lockedUntil: null } }),
      this.db.authSession.create({ data: { ...signIn, accountId } }),
    ]);
  }

  passwordOf(accountId: string): Promise<{ passwordHash: string; username: string; lockedUntil: Date | null }> {
    return this.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { passwordHash: true, username: true, lockedUntil: true } });
  }

  /** The new password and the end of every other sign-in, together; returns the sign-ins ended. */
  async changePassword(accountId: string, passwordHash: string, keepSignIn: string): Promise<string[]> {
    const others = await this.db.authSession.findMany({ where: { accountId, id: { not: keepSignIn } }, select: { id: true } });
    const ids = others.map((o) => o.id);
    await this.db.$transaction([
      this.db.account.update({ where: { id: accountId }, data: { passwordHash, failedLogins: 0, lockedUntil: null } }),
      this.db.authSession.deleteMany({ where: { id: { in: ids } } }),
    ]);
    return ids;
  }

  /** Ends one sign-in; returns its account, or null when it was already gone. */
  async endSignIn(id: string): Promise<string | null> {
    const ended = await this.db.authSession.findUnique({ where: { id }, select: { accountId: true } });
    await this.db.authSession.deleteMany({ where: { id } });
    return ended?.accountId ?? null;
  }

  signInWithAccount(id: string): Promise<Prisma.AuthSessionGetPayload<{ include: { account: { include: typeof accountInclude } } }> | null> {
    return this.db.authSession.findUnique({ where: { id }, include: { account: { include: accountInclude } } });
  }
}
