// Citizens and their visits in PostgreSQL. A visit and the citizen it creates or updates are written in one
// transaction, with the earlier visit it returns to found inside it (two intakes of one citizen at once are
// serialised on the citizen's row, so each sees the other).
import type { Db, Prisma } from '../db/client.ts';
import { inGivenOrder } from '../db/in-given-order.ts';
import { recordIn, type AuditDraft } from '../audit/audit.repository.ts';
import { lockBlob } from '../storage/blob-references.repository.ts';

const withSite = {
  site: { select: { id: true, code: true, name: true, kind: true } },
  citizen: true,
  fieldOption: { select: { nameVi: true } },
  receivedBy: { select: { fullName: true } },
  returningOf: { select: { id: true, receivedAt: true, field: true, handling: true } },
  attachments: { select: { id: true, fileName: true, contentType: true, size: true, sha256: true }, orderBy: { fileName: 'asc' } },
} satisfies Prisma.IntakeInclude;
export type IntakeRow = Prisma.IntakeGetPayload<{ include: typeof withSite }>;
/** What the history shows of an earlier visit: the visit and its site's name, nothing joined beyond. */
const visitOnly = { site: { select: { name: true } }, case: { select: { number: true, status: true, noticeDeadline: true, agency: { select: { name: true } } } } } satisfies Prisma.IntakeInclude;
export type VisitRow = Prisma.IntakeGetPayload<{ include: typeof visitOnly }>;
export type CitizenRow = Prisma.CitizenGetPayload<object>;

export interface CitizenData {
  fullName: string;
  idNumber: string | null;
  birthYear: number | null;
  province: string | null;
  ward: string | null;
  street: string | null;
  phone: string | null;
  lookupKey: string;
}

export interface VisitData {
  siteId: string;
  sessionId: string | null;
  receivedAt: Date;
  receivedById: string;
  content: string;
  petitionType: Prisma.IntakeCreateManyInput['petitionType'];
  field: string;
  competent: boolean;
  handledBefore: string | null;
  delegationSize: number;
  representatives: string[];
  confidential: boolean;
  trackingCode: string;
}

/** Which visits a page of the reception book holds: received in [since, until), at every one of `sites`. */
export interface BookWhere {
  since: Date;
  until: Date;
  sites: string[];
  petitionType: IntakeRow['petitionType'] | null;
  field: string | null;
}

/** A checked scan linked to the visit: its bytes are in the blob store under `sha256`. */
export interface AttachmentData {
  id: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
}

export class IntakeRepository {
  constructor(private readonly db: Db) {}

  async fieldOffered(code: string): Promise<boolean> {
    return (await this.db.petitionField.count({ where: { code, active: true } })) > 0;
  }

  /** The session's status and its sites, for a visit taken for it. */
  session(id: string): Promise<{ cancelledAt: Date | null; status: string; hostSiteId: string; sites: { siteId: string }[] } | null> {
    return this.db.receptionSession.findUnique({ where: { id }, select: { cancelledAt: true, status: true, hostSiteId: true, sites: { select: { siteId: true } } } });
  }

  /**
   * Finds the citizen (by CCCD, else by name and address) or creates them, keeps their latest details, and
   * records the visit, linked to the latest visit of theirs about the same field since `returningSince`,
   * with its scans. Each scan's file lock is held and `ensureStored` makes sure its bytes are in the store
   * before the row refers to them (another request's clean-up may have removed an identical file).
   */
  create(
    id: string,
    citizenId: string,
    citizen: CitizenData,
    visit: VisitData,
    returningSince: Date,
    audit: (citizenId: string) => AuditDraft,
    attachments: AttachmentData[] = [],
    ensureStored: (sha256: string) => Promise<void> = async () => {},
  ): Promise<IntakeRow> {
    return this.db.$transaction(async (tx) => {
      for (const key of [...new Set(attachments.map((a) => a.sha256))].sort()) {
        await lockBlob(tx, key);
        await ensureStored(key);
      }
      const found = citizen.idNumber
        ? await tx.citizen.findUnique({ where: { idNumber: citizen.idNumber } })
        : await tx.citizen.findFirst({ where: { lookupKey: citizen.lookupKey, idNumber: null }, orderBy: { createdAt: 'asc' } });
      let who: string;
      if (found) {
        await tx.$queryRaw`SELECT 1 FROM "Citizen" WHERE id = ${found.id}::uuid FOR UPDATE`;
        // What the citizen says today is kept; what they did not say this time stays as it was.
        const latest = Object.fromEntries(Object.entries(citizen).filter(([, v]) => v !== null));
        await tx.citizen.update({ where: { id: found.id }, data: latest });
        who = found.id;
      } else {
        who = (await tx.citizen.create({ data: { id: citizenId, ...citizen } })).id;
      }
      const earlier = await tx.intake.findFirst({
        where: { citizenId: who, field: visit.field, receivedAt: { gte: returningSince } },
        orderBy: { receivedAt: 'desc' },
        select: { id: true },
      });
      const row = await tx.intake.create({
        data: { id, citizenId: who, ...visit, returningOfId: earlier?.id ?? null, attachments: { create: attachments.map((a) => ({ ...a, uploadedAt: visit.receivedAt })) } },
        include: withSite,
      });
      await recordIn(tx, audit(who));
      return row;
    }, { timeout: 30_000 });
  }

  /** The handling decided, with its audit entry. */
  handle(id: string, data: { handling: IntakeRow['handling']; handledBy: string | null; handledAt: Date }, audit: AuditDraft): Promise<IntakeRow> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.intake.update({ where: { id }, data, include: withSite });
      await recordIn(tx, audit);
      return row;
    });
  }

  /** The competent body's reply recorded, with its audit entry. */
  reply(id: string, data: { replyReceivedOn: Date; replyNote: string | null }, audit: AuditDraft): Promise<IntakeRow> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.intake.update({ where: { id }, data, include: withSite });
      await recordIn(tx, audit);
      return row;
    });
  }

  byId(id: string): Promise<IntakeRow | null> {
    return this.db.intake.findUnique({ where: { id }, include: withSite });
  }

  citizenById(id: string): Promise<CitizenRow | null> {
    return this.db.citizen.findUnique({ where: { id } });
  }

  /** The citizens a lookup finds: the one with the CCCD, or those with the name and address. */
  findCitizens(q: { idNumber: string } | { lookupKey: string }): Promise<CitizenRow[]> {
    return 'idNumber' in q ? this.db.citizen.findMany({ where: { idNumber: q.idNumber } }) : this.db.citizen.findMany({ where: { lookupKey: q.lookupKey }, take: 5 });
  }

  /** Their visits, newest first (a returning citizen has few; a lookup reads at most 50). */
  visitsOf(citizenIds: string[]): Promise<VisitRow[]> {
    return this.db.intake.findMany({ where: { citizenId: { in: citizenIds } }, include: visitOnly, orderBy: { receivedAt: 'desc' }, take: 50 });
  }

  /** The city's places an address is picked from: its districts and the wards its sites stand in. */
  async places(): Promise<{ districts: string[]; wards: string[] }> {
    const [districts, sites] = await Promise.all([
      this.db.district.findMany({ where: { active: true }, select: { name: true }, orderBy: { name: 'asc' } }),
      this.db.site.findMany({ where: { active: true, ward: { not: null } }, select: { ward: true }, distinct: ['ward'], orderBy: { ward: 'asc' } }),
    ]);
    return { districts: districts.map((d) => d.name), wards: sites.map((s) => s.ward!) };
  }

  async fieldNames(): Promise<Map<string, string>> {
    return new Map((await this.db.petitionField.findMany({ select: { code: true, nameVi: true } })).map((f) => [f.code, f.nameVi]));
  }

  /** Sites in the order the book's picker lists them: the host office first, then by code. */
  async sites(only?: string): Promise<{ id: string; code: string; name: string }[]> {
    return this.db.site.findMany({ where: only ? { id: only } : {}, select: { id: true, code: true, name: true }, orderBy: [{ kind: 'asc' }, { code: 'asc' }] });
  }

  async siteName(id: string): Promise<string | null> {
    return (await this.db.site.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  }

  /** A period of the reception book, oldest first, with how many visits it holds in all. */
  async book(filter: BookWhere, skip: number, take: number): Promise<{ rows: IntakeRow[]; total: number }> {
    const where: Prisma.IntakeWhereInput = {
      receivedAt: { gte: filter.since, lt: filter.until },
      AND: filter.sites.map((siteId) => ({ siteId })),
      ...(filter.petitionType ? { petitionType: filter.petitionType } : {}),
      ...(filter.field ? { field: filter.field } : {}),
    };
    const [rows, total] = await this.db.$transaction([
      this.db.intake.findMany({ where, include: withSite, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }], skip, take }),
      this.db.intake.count({ where }),
    ]);
    return { rows, total };
  }

  /** The visits with these ids, in the order given (a report's drill-down chose and ordered them). */
  async byIds(ids: string[]): Promise<IntakeRow[]> {
    return inGivenOrder(ids, await this.db.intake.findMany({ where: { id: { in: ids } }, include: withSite }));
  }

  audit(entry: AuditDraft): Promise<void> {
    return this.db.$transaction((tx) => recordIn(tx, entry));
  }
}

