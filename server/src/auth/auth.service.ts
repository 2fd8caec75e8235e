// Sign-in, sign-out and who is calling. Auth sessions live in PostgreSQL (not in a process's memory), so
// any server instance can answer any request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { msg, type Me } from '../../../protocol/index.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/app-error.ts';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords.ts';
import { lockoutAfterFailures, secondsUntil } from './throttle.ts';
import { accountInclude, toMe, type AccountWithSite } from './account.mapper.ts';

export interface Caller {
  account: AccountWithSite;
  authSessionId: string;
  csrfToken: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class AuthService {
  private readonly endedListeners = new Set<(accountId: string, authSessionIds: string[]) => void>();

  constructor(
    private readonly db: Db,
    private readonly sessionTtlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(username: string, password: string): Promise<{ token: string; me: Me; expiresAt: Date }> {
    const account = await this.db.account.findUnique({ where: { username }, include: accountInclude });
    if (!account || !account.active) {
      await burnVerifyTime(password);
      throw invalidCredentials();
    }
    const now = this.now();
    if (account.lockedUntil && account.lockedUntil > now) throw tooMany(secondsUntil(account.lockedUntil, now));

    if (!(await verifyPassword(account.passwordHash, password))) {
      const updated = await this.db.account.update({
        where: { id: account.id },
        data: { failedLogins: { increment: 1 } },
        select: { failedLogins: true },
      });
      const waitMs = lockoutAfterFailures(updated.failedLogins);
      if (waitMs > 0) {
        const lockedUntil = new Date(now.getTime() + waitMs);
        await this.db.account.update({ where: { id: account.id }, data: { lockedUntil } });
        throw tooMany(secondsUntil(lockedUntil, now));
      }
      throw invalidCredentials();
    }

    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await this.db.$transaction([
      this.db.account.update({ where: { id: account.id }, data: { failedLogins: 0, lockedUntil: null } }),
      this.db.authSession.create({ data: { id: hashToken(token), accountId: account.id, csrfToken, expiresAt } }),
    ]);
    return { token, me: toMe(account, csrfToken), expiresAt };
  }

  /** Told when sign-ins end other than by their own sign-out (a password change): their sockets must close. */
  onSessionsEnded(listener: (accountId: string, authSessionIds: string[]) => void): void {
    this.endedListeners.add(listener);
  }

  /**
   * A person changes their own password. The current one must be right; the new one differs from it and
   * does not contain the user name. Every other sign-in of the account ends; this one stays.
   */
  async changePassword(caller: Caller, current: string, next: string): Promise<void> {
    const account = await this.db.account.findUniqueOrThrow({ where: { id: caller.account.id }, select: { passwordHash: true, username: true } });
    if (!(await verifyPassword(account.passwordHash, current))) throw new AppError('FORBIDDEN', msg('auth.wrongCurrentPassword'));
    if (next === current) throw new AppError('BAD_REQUEST', msg('auth.passwordUnchanged'));
    if (next.toLowerCase().includes(account.username.toLowerCase())) throw new AppError('BAD_REQUEST', msg('auth.passwordHasUsername'));
    const passwordHash = await hashPassword(next);
    const others = await this.db.authSession.findMany({ where: { accountId: caller.account.id, id: { not: caller.authSessionId } }, select: { id: true } });
    await this.db.$transaction([
      this.db.account.update({ where: { id: caller.account.id }, data: { passwordHash, failedLogins: 0, lockedUntil: null } }),
      this.db.authSession.deleteMany({ where: { id: { in: others.map((o) => o.id) } } }),
    ]);
    if (others.length > 0) for (const l of this.endedListeners) l(caller.account.id, others.map((o) => o.id));
  }

  async signOut(token: string): Promise<void> {
    await this.db.authSession.deleteMany({ where: { id: hashToken(token) } });
  }

  /** The caller behind a session cookie, or null when the cookie is missing, forged, expired or revoked. */
  async authenticate(token: string | undefined): Promise<Caller | null> {
    if (!token || token.length > 200) return null;
    const session = await this.db.authSession.findUnique({
      where: { id: hashToken(token) },
      include: { account: { include: accountInclude } },
    });
    const now = this.now();
    if (!session || session.expiresAt <= now || !session.account.active) return null;
    return { account: session.account, authSessionId: session.id, csrfToken: session.csrfToken };
  }

  static csrfMatches(expected: string, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', msg('auth.invalidCredentials'));
}

function tooMany(seconds: number): AppError {
  return new AppError(
    'TOO_MANY_ATTEMPTS',
    msg('auth.tooManyAttempts', { seconds }),
    { retryAfter: seconds },
  );
}
