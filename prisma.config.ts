// Prisma CLI configuration. Prisma 6.19 runs offline only with the JavaScript engines and a driver adapter
// (see ../shared/docs/ENVIRONMENT.md); the CLI does not read .env when this file exists, so we require the URL here.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: the Prisma CLI needs it (npm start sets it for the embedded database).');
    // allowExitOnIdle: the CLI never closes the pool, and an idle pool would keep it alive for 10 s.
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 200 });
  },
});
