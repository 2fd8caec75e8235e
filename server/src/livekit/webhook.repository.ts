// LiveKit webhook deliveries already handled, by event id: a replayed delivery changes nothing.
import type { Db } from '../db/client.ts';

export class WebhookRepository {
  constructor(private readonly db: Db) {}

  /** Records a delivery; false when its id was recorded before. */
  async recordOnce(id: string, event: string): Promise<boolean> {
    const inserted = await this.db.webhookEvent.createMany({ data: [{ id, event }], skipDuplicates: true });
    return inserted.count > 0;
  }
}
