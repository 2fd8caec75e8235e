// The first administrator of an empty hub, in one transaction: the setup address is consumed, the host
// office and the administrator are created, or nothing is.
import type { Db, Prisma } from '../db/client.ts';

export interface FirstAdministrator {
  officeName: string;
  officeCode: string;
  fullName: string;
  username: string;
  passwordHash: string;
}

export type SetupOutcome = 'created' | 'done' | 'unknown' | 'used' | 'expired' | 'codeTaken';

export class SetupRepository {
  constructor(private readonly db: Db) {}

  async accountCount(): Promise<number> {
    return this.db.account.count();
  }

  async offer(id: string, expiresAt: Date): Promise<void> {
    await this.db.setupToken.create({ data: { id, expiresAt } });
  }

  token(id: string): Promise<{ expiresAt: Date; usedAt: Date | null } | null> {
    return this.db.setupToken.findUnique({ where: { id }, select: { expiresAt: true, usedAt: true } });
  }

  /**
   * Creates the office and the administrator if the hub has no account yet. With a token id, the token
   * must be open and is consumed in the same transaction (a second use, or two at once, finds it used).
   * The whole is serialised on a transaction-level advisory lock: two setups at the same moment (two
   * browsers, the CLI and a browser, two server instances) cannot both find the hub empty.
   */
  createFirst(admin: FirstAdministrator, now: Date, tokenId: string | null): Promise<SetupOutcome> {
    return this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('tiepdan:first-administrator'))::text AS locked`;
      if (tokenId) {
        const token = await tx.setupToken.findUnique({ where: { id: tokenId } });
        if (!token) return 'unknown';
        if (token.usedAt) return 'used';
        if (token.expiresAt <= now) return 'expired';
      }
      if ((await tx.account.count()) > 0) return 'done';
      if (await tx.site.findUnique({ where: { code: admin.officeCode }, select: { id: true } })) return 'codeTaken';
      const office = await tx.site.create({ data: { code: admin.officeCode, name: admin.officeName, kind: 'HOST_OFFICE' } });
      await tx.account.create({ data: { username: admin.username, fullName: admin.fullName, role: 'ADMIN', siteId: office.id, passwordHash: admin.passwordHash } satisfies Prisma.AccountUncheckedCreateInput });
      if (tokenId) await tx.setupToken.update({ where: { id: tokenId }, data: { usedAt: now } });
      return 'created';
    });
  }
}
