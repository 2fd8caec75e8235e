import { startEmbeddedPostgres } from '/work/main/server/src/db/embedded-postgres.ts';
const t = Date.now();
const db = await startEmbeddedPostgres('/tmp/pgtry-data', 54399, console.log);
console.log(db.url, Date.now() - t, 'ms');
await new Promise((r) => setTimeout(r, 600000));
