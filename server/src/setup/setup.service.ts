// The first start of an empty hub (no account, no demo): one administrator, created through a one-time
// address printed in the server's output (valid for one hour, usable once) or with the command line
// (`npm run admin -- create-admin <user>`). Once any account exists, setting up is refused for good.
import { createHash, randomBytes } from 'node:crypto';
import { msg, type SetupFields, type SetupStatus } from '../../../protocol/index.ts';
import { hashPassword } from '../auth/passwords.ts';
import { AppError } from '../errors/app-error.ts';
import type { SetupOutcome, SetupRepository } from './setup.repository.ts';

export const SETUP_VALID_MS = 3600_000;
const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

type FirstAdmin = Omit<SetupFields, 'token'>;

export class SetupService {
  constructor(
    private readonly repo: SetupRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** On an empty hub, a new one-time token (only its hash is stored); null once the hub has accounts. */
  async offer(): Promise<string | null> {
    if ((await this.repo.accountCount()) > 0) return null;
    const token = randomBytes(24).toString('base64url');
    await this.repo.offer(hashOf(token), new Date(this.now().getTime() + SETUP_VALID_MS));
    return token;
  }

  async status(token: string): Promise<SetupStatus> {
    const [accounts, row] = await Promise.all([this.repo.accountCount(), this.repo.token(hashOf(token))]);
    if (row?.usedAt) return { state: 'used', expiresAt: null };
    if (accounts > 0) return { state: 'done', expiresAt: null };
    if (!row) return { state: 'unknown', expiresAt: null };
    if (row.expiresAt <= this.now()) return { state: 'expired', expiresAt: null };
    return { state: 'open', expiresAt: row.expiresAt.toISOString() };
  }

  /** The browser's setup: the token must be open; the hub must have no account. */
  async complete(req: SetupFields): Promise<void> {
    const { token, ...admin } = req;
    refuse(await this.create(admin, hashOf(token)), admin);
  }

  /** The command line's setup (whoever runs it can read the server's output anyway): no token. */
  async createFromCommandLine(admin: FirstAdmin): Promise<void> {
    refuse(await this.create(admin, null), admin);
  }

  private async create(admin: FirstAdmin, tokenId: string | null): Promise<SetupOutcome> {
    const passwordHash = await hashPassword(admin.password);
    return this.repo.createFirst(
      { officeName: admin.officeName, officeCode: admin.officeCode, fullName: admin.fullName, username: admin.username, passwordHash },
      this.now(),
      tokenId,
    );
  }
}

function refuse(outcome: SetupOutcome, admin: { officeCode: string }): void {
  switch (outcome) {
    case 'created':
      return;
    case 'unknown':
      throw new AppError('NOT_FOUND', msg('setup.unknown'));
    case 'used':
      throw new AppError('CONFLICT', msg('setup.used'));
    case 'expired':
      throw new AppError('CONFLICT', msg('setup.expired'));
    case 'done':
      throw new AppError('CONFLICT', msg('setup.done'));
    case 'codeTaken':
      throw new AppError('CONFLICT', msg('setup.codeTaken', { code: admin.officeCode }));
  }
}
