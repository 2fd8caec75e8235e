// The history an intake shows as the CCCD is typed: how long the lookup takes with 100 000 stored visits
// (25 000 citizens, four visits each, at six sites), through the service as the route calls it. Beside it,
// in the same run and database, a primary-key read of one citizen: the floor any lookup stands on.
// Runs on its own embedded PostgreSQL (no hub, no LiveKit); the hub is set up through the product.
import path from 'node:path';
import { HistoryQuery } from '../protocol/index.ts';
import { personOf } from '../server/src/access/caller.ts';
import { AdministrationServices } from '../server/src/administration.ts';
import { AccountRepository } from '../server/src/auth/account.repository.ts';
import { EventBus } from '../server/src/events/event-bus.ts';
import { IntakeRepository } from '../server/src/intake/intake.repository.ts';
import { IntakeService } from '../server/src/intake/intake.service.ts';
import { BlobReferencesRepository } from '../server/src/storage/blob-references.repository.ts';
import { FileBlobStore } from '../server/src/storage/file-blob-store.ts';
import { withBenchDatabase } from './bench-database.ts';
import { summary } from './common.ts';

const CITIZENS = 25_000;
const VISITS_EACH = 4;

/** The i-th citizen's CCCD: Hà Nội, born 1950 + i % 60, a man or a woman. */
const cccdOf = (i: number) => `001${i % 2}${String(50 + (i % 50)).padStart(2, '0')}${String(i).padStart(6, '0')}`;

export async function historyLookup(runs = 2000, warmup = 200): Promise<Record<string, unknown>> {
  return withBenchDatabase('history', async (db, dir) => {
    const accounts = new AccountRepository(db);
    const admin = personOf((await accounts.byUsername('quantri'))!);
    const services = new AdministrationServices(db, new EventBus(() => {}));
    const csv = ['Mã,Tên,Loại,Quận/huyện', ...['BA-DINH', 'HOAN-KIEM', 'CAU-GIAY', 'HA-DONG', 'LONG-BIEN', 'SOC-SON'].map((c) => `${c},Điểm cầu ${c},Điểm cầu,Ba Đình`)].join('\n');
    await services.sites.importFile(admin, Buffer.from(csv), 'csv', false);
    const baDinh = (await db.site.findUniqueOrThrow({ where: { code: 'BA-DINH' } })).id;
    const operator = personOf((await accounts.byId((await services.accounts.create(admin, { username: 'diemcau.badinh', fullName: 'Hoàng Văn Ba', role: 'BRIDGE_OPERATOR', siteId: baDinh, agencyId: null })).account.id))!);

    // The stored visits, written in bulk (the service's path is measured, not the filling).
    const started = performance.now();
    await db.$executeRawUnsafe(`
      INSERT INTO "Citizen" (id, "fullName", "idNumber", "birthYear", province, "lookupKey")
      SELECT gen_random_uuid(), 'Công dân ' || i, '001' || (i % 2) || lpad((50 + i % 50)::text, 2, '0') || lpad(i::text, 6, '0'), 1950 + i % 50, 'Hà Nội', 'cong dan ' || i || '|ha noi|'
      FROM generate_series(0, ${CITIZENS - 1}) AS i`);
    await db.$executeRawUnsafe(`
      INSERT INTO "Intake" (id, "citizenId", "siteId", "receivedAt", "receivedById", content, "petitionType", field, competent, "trackingCode")
      SELECT gen_random_uuid(), c.id, (SELECT id FROM "Site" WHERE kind = 'BRIDGE_POINT' ORDER BY code OFFSET (v % 6) LIMIT 1),
             now() - ((v * 37 + c."birthYear") % 700) * interval '1 day', '${operator.accountId}', 'Nội dung vụ việc số ' || v,
             (ARRAY['COMPLAINT','RECOMMENDATION','FEEDBACK','DENUNCIATION']::"IntakeType"[])[1 + v % 4],
             (ARRAY['LAND','COMPENSATION','ENVIRONMENT','OTHER'])[1 + v % 4], true, 'TD-' || md5(c.id::text || v)
      FROM "Citizen" c, generate_series(1, ${VISITS_EACH}) AS v`);
    await db.$executeRawUnsafe('ANALYZE');
    const fillMs = performance.now() - started;
    const visits = await db.intake.count();

    const intakes = new IntakeService(new IntakeRepository(db), { issuer: { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'Ban Tiếp công dân thành phố', symbol: 'BTCD', place: 'Hà Nội' }, files: { store: new FileBlobStore(path.join(dir, 'files')), references: new BlobReferencesRepository(db) } });
    const pick = () => Math.floor(Math.random() * CITIZENS);
    const ids = (await db.citizen.findMany({ select: { id: true }, take: 5000 })).map((c) => c.id);
    const lookup: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t0 = performance.now();
      const found = await intakes.history(operator, HistoryQuery.parse({ idNumber: cccdOf(pick()) }));
      const t1 = performance.now();
      await db.citizen.findUnique({ where: { id: ids[i % ids.length]! } });
      const t2 = performance.now();
      if (found.visits.length !== VISITS_EACH) throw new Error(`a lookup found ${found.visits.length} visits`);
      if (i >= warmup) {
        lookup.push(t1 - t0);
        baseline.push(t2 - t1);
      }
    }
    return { citizens: CITIZENS, visits, fillSeconds: Math.round(fillMs / 100) / 10, runs, historyLookupMs: summary(lookup), primaryKeyReadMs: summary(baseline) };
  });
}
