// Sign-in, sign-out and who is calling. Auth sessions live in PostgreSQL (not in a process's memory), so
// any server instance can answer any request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { msg, type Me } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';
import { NO_PASSWORD, burnVerifyTime, hashPassword, verifyPassword } from './passwords.ts';
import { lockoutAfterFailures, secondsUntil } from './throttle.ts';
import { toMe, type AccountWithSite } from './account.mapper.ts';
import type { AccountRepository } from './account.repository.ts';
import { personOf, type Person } from '../access/caller.ts';
import type { EventBus } from '../events/event-bus.ts';

/** A valid sign-in: the account as it is now, the caller built from it once, and when the sign-in ends. */
export interface SignIn {
  account: AccountWithSite;
  caller: Person;
  authSessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class AuthService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly events: EventBus,
    private readonly sessionTtlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(username: string, password: string): Promise<{ token: string; me: Me; expiresAt: Date }> {
    const account = await this.accounts.byUsername(username);
    // An account without a password yet (its one-time link not used) cannot sign in either.
    if (!account || !account.active || account.passwordHash === NO_PASSWORD) {
      await burnVerifyTime(password);
      throw invalidCredentials();
    }
    const now = this.now();
    if (account.lockedUntil && account.lockedUntil > now) throw tooMany(secondsUntil(account.lockedUntil, now));

    if (!(await verifyPassword(account.passwordHash, password))) {
      const waitMs = lockoutAfterFailures(await this.accounts.recordFailure(account.id));
      if (waitMs > 0) {
        const lockedUntil = new Date(now.getTime() + waitMs);
        await this.accounts.lockUntil(account.id, lockedUntil);
        throw tooMany(secondsUntil(lockedUntil, now));
      }
      throw invalidCredentials();
    }

    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await this.accounts.startSignIn(account.id, { id: hashToken(token), csrfToken, expiresAt });
    return { token, me: toMe(account, csrfToken), expiresAt };
  }

  /**
   * A person changes their own password. The current one must be right; the new one differs from it and
   * does not contain the user name. Every other sign-in of the account ends; this one stays.
   */
  async changePassword(caller: SignIn, current: string, next: string): Promise<void> {
    const account = await this.accounts.passwordOf(caller.account.id);
    // Guessing the current password (with a stolen cookie) counts like failed sign-ins: five in a row and
    // the account waits, at this door and at the sign-in.
    const now = this.now();
    if (account.lockedUntil && account.lockedUntil > now) throw tooMany(secondsUntil(account.lockedUntil, now));
    if (!(await verifyPassword(account.passwordHash, current))) {
      const waitMs = lockoutAfterFailures(await this.accounts.recordFailure(caller.account.id));
      if (waitMs > 0) {
        const lockedUntil = new Date(now.getTime() + waitMs);
        await this.accounts.lockUntil(caller.account.id, lockedUntil);
        throw tooMany(secondsUntil(lockedUntil, now));
      }
      throw new AppError('FORBIDDEN', msg('auth.wrongCurrentPassword'));
    }
    if (next === current) throw new AppError('BAD_REQUEST', msg('auth.passwordUnchanged'));
    if (next.toLowerCase().includes(account.username.toLowerCase())) throw new AppError('BAD_REQUEST', msg('auth.passwordHasUsername'));
    const passwordHash = await hashPassword(next);
    const ended = await this.accounts.changePassword(caller.account.id, passwordHash, caller.authSessionId);
    if (ended.length > 0) await this.events.publish('auth.signInsEnded', { accountId: caller.account.id, authSessionIds: ended });
  }

  /** Ends this sign-in; every page and socket opened with it is closed at once (see the gateway). */
  async signOut(token: string): Promise<void> {
    const id = hashToken(token);
    const accountId = await this.accounts.endSignIn(id);
    if (accountId) await this.events.publish('auth.signInsEnded', { accountId, authSessionIds: [id] });
  }

  /** The caller behind a session cookie, or null when the cookie is missing, forged, expired or revoked. */
  async authenticate(token: string | undefined): Promise<SignIn | null> {
    if (!token || token.length > 200) return null;
    const session = await this.accounts.signInWithAccount(hashToken(token));
    const now = this.now();
    if (!session || session.expiresAt <= now || !session.account.active) return null;
    return { account: session.account, caller: personOf(session.account), authSessionId: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
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
