// Whether the database answers, for the health endpoint and the load balancer.
import type { Db } from './client.ts';

export function databaseAnswers(db: Db): () => Promise<boolean> {
  return () =>
    db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
}
