// The administration services (sites and districts, agencies, accounts, the audit log, holidays, settings and
// petition fields), built together because they share the database and the audit log, and the hub, the tests
// and the demo seed make them alike.
import { AccountsRepository } from './accounts/accounts.repository.ts';
import { AccountsService } from './accounts/accounts.service.ts';
import { AgenciesRepository } from './agencies/agencies.repository.ts';
import { AgenciesService } from './agencies/agencies.service.ts';
import { AuditRepository } from './audit/audit.repository.ts';
import { AuditService } from './audit/audit.service.ts';
import type { Db } from './db/client.ts';
import type { EventBus } from './events/event-bus.ts';
import { SitesRepository } from './sites/sites.repository.ts';
import { SitesService } from './sites/sites.service.ts';
import { HolidaysRepository } from './calendar/holidays.repository.ts';
import { HolidaysService } from './calendar/holidays.service.ts';
import { SettingsRepository } from './settings/settings.repository.ts';
import { SettingsService } from './settings/settings.service.ts';
import { PetitionFieldsRepository } from './petition-fields/petition-fields.repository.ts';
import { PetitionFieldsService } from './petition-fields/petition-fields.service.ts';

export class AdministrationServices {
  readonly sites: SitesService;
  readonly agencies: AgenciesService;
  readonly accounts: AccountsService;
  readonly audit: AuditService;
  readonly holidays: HolidaysService;
  readonly settings: SettingsService;
  readonly fields: PetitionFieldsService;

  constructor(db: Db, events: EventBus, now: () => Date = () => new Date()) {
    this.sites = new SitesService(new SitesRepository(db));
    this.agencies = new AgenciesService(new AgenciesRepository(db));
    this.accounts = new AccountsService(new AccountsRepository(db), events, now);
    this.audit = new AuditService(new AuditRepository(db));
    this.holidays = new HolidaysService(new HolidaysRepository(db));
    this.settings = new SettingsService(new SettingsRepository(db));
    this.fields = new PetitionFieldsService(new PetitionFieldsRepository(db));
  }
}
