import { applyMigrations } from '../../server/src/db/migrate.ts';
const t = Date.now();
await applyMigrations('/work/main', process.env.DATABASE_URL!, console.log);
console.log(Date.now() - t, 'ms');
