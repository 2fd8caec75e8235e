// The year's plan: the leaders' dialogue conferences and thematic sessions, each with its topic, the group
// it is held with and the month it is meant for. A planned session becomes a scheduled session when its
// date is fixed (through the scheduling service, with every check it makes); the plan shows what was held
// and what is behind.
import type { z } from 'zod';
import { msg, type PlanEntry, type PlanEntryInput, type PlanState, type SchedulePlannedRequest, type YearPlan } from '../../../protocol/index.ts';
import type { Caller, Person } from '../access/caller.ts';
import { hasPermission } from '../access/permissions.ts';
import { AppError } from '../errors/app-error.ts';
import type { ScheduleService } from '../schedule/schedule.service.ts';
import type { PlanRepository, PlanRow } from './plan.repository.ts';
import { vietnamDay } from '../calendar/vietnam-clock.ts';


export class PlanService {
  constructor(
    private readonly repo: PlanRepository,
    private readonly scheduling: ScheduleService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async year(caller: Caller, year: number): Promise<YearPlan> {
    this.keeper(caller);
    const entries = (await this.repo.year(year)).map((r) => this.entry(r));
    const counts: Record<PlanState, number> = { planned: 0, scheduled: 0, held: 0, behind: 0, dropped: 0 };
    for (const e of entries) counts[e.state]++;
    return { year, entries, counts };
  }

  async add(caller: Caller, input: z.output<typeof PlanEntryInput>): Promise<PlanEntry> {
    const person = this.keeper(caller);
    if (input.district && !(await this.repo.districtExists(input.district))) throw new AppError('BAD_REQUEST', msg('admin.districtUnknown', { district: input.district }));
    const id = await this.repo.create(input, person.accountId);
    return this.entry((await this.repo.byId(id))!);
  }

  /** Fixes the date: a scheduled session is made with the entry's topic and kind, and linked to it. */
  async schedule(caller: Caller, id: string, req: z.output<typeof SchedulePlannedRequest>): Promise<PlanEntry> {
    this.keeper(caller);
    const row = await this.repo.byId(id);
    if (!row) throw new AppError('NOT_FOUND', msg('plan.notFound'));
    if (row.droppedAt) throw new AppError('CONFLICT', msg('plan.dropped'));
    if (row.session && !row.session.cancelledAt) throw new AppError('CONFLICT', msg('plan.alreadyScheduled'));
    const title = `${row.kind === 'DIALOGUE' ? 'Hội nghị đối thoại' : 'Tiếp công dân chuyên đề'} với ${row.withGroup}`.slice(0, 200);
    const session = await this.scheduling.createSession(caller, { ...req, title, kind: row.kind, topic: row.topic });
    if (!(await this.repo.link(id, session.id))) {
      // Another scheduler fixed its date a moment ago: this session is not needed.
      await this.scheduling.cancelSession(caller, session.id, 'Trùng lịch kế hoạch năm đã được lập.');
      throw new AppError('CONFLICT', msg('plan.alreadyScheduled'));
    }
    return this.entry((await this.repo.byId(id))!);
  }

  async drop(caller: Caller, id: string, reason: string): Promise<void> {
    this.keeper(caller);
    const row = await this.repo.byId(id);
    if (!row) throw new AppError('NOT_FOUND', msg('plan.notFound'));
    await this.repo.drop(id, reason, this.now());
  }

  private keeper(caller: Caller): Person {
    if (caller.kind !== 'person' || !hasPermission(caller, 'plan.keep')) throw new AppError('FORBIDDEN', msg('plan.only'));
    return caller;
  }

  private entry(r: PlanRow): PlanEntry {
    const session = r.session && !r.session.cancelledAt ? r.session : null;
    const [y, m] = vietnamDay(this.now()).split('-').map(Number) as [number, number];
    const monthNow = y * 12 + m;
    const past = monthNow > r.year * 12 + r.targetMonth;
    const state: PlanState = r.droppedAt ? 'dropped' : session?.status === 'CLOSED' ? 'held' : past ? 'behind' : session ? 'scheduled' : 'planned';
    return {
      id: r.id,
      year: r.year,
      kind: r.kind,
      topic: r.topic,
      withGroup: r.withGroup,
      district: r.district,
      targetMonth: r.targetMonth,
      chair: r.chair,
      session: session ? { id: session.id, startsAt: session.scheduledStart.toISOString(), status: session.status } : null,
      state,
      dropReason: r.dropReason,
    };
  }
}
