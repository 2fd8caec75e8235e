// The office's settings: how many working days ahead invitations go out, and the speaking time a new
// session starts with. Read by the services that need them; changed by an administrator.
import type { z } from 'zod';
import type { HubSettings, SettingsChange } from '../../../protocol/index.ts';
import { administrator } from '../access/administration.ts';
import type { Caller } from '../access/caller.ts';
import type { SettingsRepository } from './settings.repository.ts';

export class SettingsService {
  constructor(private readonly repo: SettingsRepository) {}

  /** For the services (no caller: the settings are not a secret of anyone's). */
  current(): Promise<HubSettings> {
    return this.repo.read();
  }

  async read(caller: Caller): Promise<HubSettings> {
    administrator(caller);
    return this.repo.read();
  }

  async change(caller: Caller, change: z.output<typeof SettingsChange>): Promise<HubSettings> {
    const admin = administrator(caller);
    const before = await this.repo.read();
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<HubSettings>;
    const after = { ...before, ...defined };
    await this.repo.write(defined, { actorId: admin.accountId, action: 'setting.update', subject: 'setting', subjectId: 'hub', subjectLabel: 'Thiết lập', before: { ...before }, after: { ...after } });
    return after;
  }
}
