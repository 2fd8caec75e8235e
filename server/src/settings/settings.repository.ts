// The office's settings in PostgreSQL, a row per key; a change is written with its audit entry.
import { DEFAULT_SETTINGS, type HubSettings } from '../../../protocol/index.ts';
import type { Db, Prisma } from '../db/client.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async read(): Promise<HubSettings> {
    // Only the office's settings: the table also holds the hub's own marks (the demo city's).
    const rows = await this.db.hubSetting.findMany({ where: { key: { in: Object.keys(DEFAULT_SETTINGS) } } });
    const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    return { ...DEFAULT_SETTINGS, ...(stored as Partial<HubSettings>) };
  }

  async write(change: Partial<HubSettings>, audit: AuditDraft): Promise<void> {
    await this.db.$transaction(async (tx) => {
      for (const [key, value] of Object.entries(change)) {
        await tx.hubSetting.upsert({ where: { key }, create: { key, value: value as Prisma.InputJsonValue }, update: { value: value as Prisma.InputJsonValue } });
      }
      await recordIn(tx, audit);
    });
  }
}
