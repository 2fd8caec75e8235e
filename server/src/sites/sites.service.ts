// The city's sites (the host office and its bridge points) and districts, managed by an administrator.
// A site is deactivated, never deleted: past sessions, accounts and minutes keep naming it.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { msg, vi, type AdminSite, type District, type SiteChange, type SiteFields, type SiteImportDone, type SiteImportPreview } from '../../../protocol/index.ts';
import { administrator } from '../access/administration.ts';
import type { Caller } from '../access/caller.ts';
import type { AuditDraft } from '../audit/audit.repository.ts';
import { AppError } from '../errors/app-error.ts';
import { checkTable, readTable, type ImportFileType } from './site-import.ts';
import { isUniqueViolation } from '../errors/unique-violation.ts';
import type { SiteData, SiteRow, SitesRepository } from './sites.repository.ts';

const labelOf = (s: { code: string; name: string }) => `${s.code} · ${s.name}`;

/** What the audit log keeps of a site. */
function recordOf(s: Pick<SiteRow, 'code' | 'name' | 'kind' | 'district' | 'ward' | 'address' | 'active'>): Record<string, unknown> {
  return { code: s.code, name: s.name, kind: s.kind, district: s.district, ward: s.ward, address: s.address, active: s.active };
}

export function toAdminSite(s: SiteRow): AdminSite {
  return { id: s.id, code: s.code, name: s.name, kind: s.kind, district: s.district, ward: s.ward, address: s.address, active: s.active, accounts: s._count.accounts };
}

export class SitesService {
  constructor(
    private readonly repo: SitesRepository,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async list(caller: Caller): Promise<AdminSite[]> {
    administrator(caller);
    return (await this.repo.list()).map(toAdminSite);
  }

  async create(caller: Caller, fields: SiteFields): Promise<AdminSite> {
    const admin = administrator(caller);
    const district = await this.knownDistrict(fields.district);
    const site = { ...fields, district };
    if (site.kind === 'BRIDGE_POINT' && !district) throw new AppError('BAD_REQUEST', msg('import.row.districtMissing'));
    if (await this.repo.codeTaken(site.code)) throw codeTaken(site.code);
    const id = randomUUID();
    try {
      return toAdminSite(await this.repo.create(id, site, { actorId: admin.accountId, action: 'site.create', subject: 'site', subjectId: id, subjectLabel: labelOf(site), after: recordOf({ ...site, active: true }) }));
    } catch (e) {
      if (isUniqueViolation(e)) throw codeTaken(site.code);
      throw e;
    }
  }

  async change(caller: Caller, id: string, change: z.output<typeof SiteChange>): Promise<AdminSite> {
    const admin = administrator(caller);
    const before = await this.repo.byId(id);
    if (!before) throw new AppError('NOT_FOUND', msg('admin.siteNotFound'));
    const data: Partial<SiteData> = { ...change };
    if (change.district !== undefined) data.district = await this.knownDistrict(change.district, before.district);
    const after = { ...before, ...data };
    if (after.kind === 'BRIDGE_POINT' && !after.district) throw new AppError('BAD_REQUEST', msg('import.row.districtMissing'));
    const action = change.active === false && before.active ? 'site.deactivate' : change.active === true && !before.active ? 'site.activate' : 'site.update';
    const audit: AuditDraft = { actorId: admin.accountId, action, subject: 'site', subjectId: id, subjectLabel: labelOf(after), before: recordOf(before), after: recordOf(after) };
    return toAdminSite(await this.repo.update(id, data, audit));
  }

  async districts(caller: Caller): Promise<District[]> {
    administrator(caller);
    return this.repo.districts();
  }

  async addDistrict(caller: Caller, name: string): Promise<void> {
    const admin = administrator(caller);
    const taken = (await this.repo.districts()).some((d) => d.name.toLocaleLowerCase('vi') === name.toLocaleLowerCase('vi'));
    if (taken) throw new AppError('CONFLICT', msg('admin.districtTaken', { name }));
    try {
      await this.repo.createDistrict(name, { actorId: admin.accountId, action: 'district.create', subject: 'district', subjectId: name, subjectLabel: name, after: { name } });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', msg('admin.districtTaken', { name }));
      throw e;
    }
  }

  /**
   * A file of sites: every row checked; with `dryRun` only the preview, otherwise all of them saved in one
   * transaction, or, when any row has a problem, none (the refusal names every bad row).
   */
  async importFile(caller: Caller, bytes: Buffer, type: ImportFileType, dryRun: boolean): Promise<SiteImportPreview | SiteImportDone> {
    const admin = administrator(caller);
    const table = await readTable(bytes, type);
    const [districts, existingCodes] = await Promise.all([this.repo.activeDistricts(), this.repo.allCodes()]);
    const checked = checkTable(table, { districts, existingCodes });
    const { ready, ...preview } = checked;
    if (dryRun) return preview;
    if (preview.fileProblems.length > 0) throw new AppError('BAD_REQUEST', msg('import.refusedFile'), { details: Object.fromEntries(preview.fileProblems.map((p, i) => [`file.${i + 1}`, p])) });
    if (preview.badRows > 0) {
      const details = Object.fromEntries(preview.rows.filter((r) => r.problems.length > 0).map((r) => [`line.${r.line}`, r.problems.length === 1 ? r.problems[0]! : msg('list.two', { first: r.problems[0]!, second: r.problems.slice(1).map((p) => vi(p.key, p.params)).join(' ') })]));
      throw new AppError('BAD_REQUEST', msg('import.refused', { count: preview.badRows }), { details });
    }
    const started = this.now();
    const sites = ready.map((s) => ({ ...s, id: randomUUID() }));
    try {
      await this.repo.createMany(
        sites,
        sites.map((s) => ({ actorId: admin.accountId, action: 'site.create', subject: 'site', subjectId: s.id, subjectLabel: labelOf(s), after: { ...recordOf({ ...s, active: true }), imported: true } })),
      );
    } catch (e) {
      // Another administrator saved one of these codes in the meantime: nothing of this file was saved.
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', msg('import.refusedFile'));
      throw e;
    }
    return { created: sites.length, ms: Math.round(this.now() - started) };
  }

  /** The district as the city's list names it; an unknown one is refused. Null clears it. */
  private async knownDistrict(given: string | null, current: string | null = null): Promise<string | null> {
    if (given === null) return null;
    if (given === current) return current; // a site keeps a district that was renamed or retired since
    const districts = await this.repo.activeDistricts();
    const found = districts.find((d) => d.toLocaleLowerCase('vi') === given.toLocaleLowerCase('vi'));
    if (!found) throw new AppError('BAD_REQUEST', msg('admin.districtUnknown', { district: given }));
    return found;
  }
}

function codeTaken(code: string): AppError {
  return new AppError('CONFLICT', msg('admin.siteCodeTaken', { code }));
}
