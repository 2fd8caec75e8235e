// The first administrator's one-time address, against a database of its own (empty, migrated): it works
// once and within its hour only, and two setups at the same moment create one administrator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, type Db } from '../../server/src/db/client.ts';
import { applyMigrations } from '../../server/src/db/migrate.ts';
import { SetupRepository } from '../../server/src/setup/setup.repository.ts';
import { SetupService, SETUP_VALID_MS } from '../../server/src/setup/setup.service.ts';
import { ROOT } from '../support/hub.ts';

const NAME = `setup_${process.pid}_${Date.now()}`;
let admin: Db;
let db: Db;
let clock = new Date('2026-12-01T08:00:00Z');
const service = (): SetupService => new SetupService(new SetupRepository(db), () => clock);
const first = { officeName: 'Ban Tiếp công dân thành phố', officeCode: 'HN-TCD', fullName: 'Nguyễn Văn Quản', username: 'quantri', password: 'mat-khau-rat-dai-2026' };

beforeAll(async () => {
  admin = createDb(inject('databaseUrl'));
  await admin.$executeRawUnsafe(`CREATE DATABASE "${NAME}"`);
  const url = inject('databaseUrl').replace(/\/[^/?]+(\?.*)?$/, `/${NAME}`);
  await applyMigrations(ROOT, url, () => {});
  db = createDb(url);
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await admin.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  await admin.$disconnect();
});

describe('the first administrator’s setup address', () => {
  it('expires after an hour, then a new one works once, and two at the same moment make one administrator', async () => {
    const old = (await service().offer())!;
    expect(await service().status(old)).toMatchObject({ state: 'open' });
    clock = new Date(clock.getTime() + SETUP_VALID_MS + 1000);
    expect(await service().status(old)).toEqual({ state: 'expired', expiresAt: null });
    await expect(service().complete({ token: old, ...first })).rejects.toMatchObject({ code: 'CONFLICT', key: 'setup.expired' });
    expect(await db.account.count()).toBe(0);

    // A restart offers a new address; two browsers submit it at once: exactly one administrator.
    const [a, b] = [(await service().offer())!, (await service().offer())!];
    const results = await Promise.allSettled([service().complete({ token: a, ...first }), service().complete({ token: b, ...first, username: 'quantri2' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { key: 'setup.done' } });
    expect(await db.account.count()).toBe(1);
    expect(await db.site.count()).toBe(1);

    // Once the hub has an account: no new address, and the used one says so.
    expect(await service().offer()).toBeNull();
    const used = results[0]!.status === 'fulfilled' ? a : b;
    expect((await service().status(used)).state).toBe('used');
    await expect(service().complete({ token: used, ...first })).rejects.toMatchObject({ key: 'setup.used' });
  });
});
