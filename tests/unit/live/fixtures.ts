import { STATUTORY_FIELDS, type LiveCommand, type LiveState, type Role } from '../../../protocol/index.ts';
import { decide } from '../../../protocol/live-rules/state-machine.ts';
import type { Actor, AnyCommand, LiveContext } from '../../../protocol/live-rules/rules.ts';

export const HOST = '00000000-0000-4000-8000-000000000001';
export const BA_DINH = '00000000-0000-4000-8000-000000000002';
export const HOAN_KIEM = '00000000-0000-4000-8000-000000000003';
export const CAU_GIAY = '00000000-0000-4000-8000-000000000004';
export const AGENCY_REP = '00000000-0000-4000-8000-0000000000aa';

export const actor = (role: Role, siteId = HOST): Actor => ({
  accountId: `${role}-${siteId}`,
  role,
  siteId,
  siteKind: siteId === HOST ? 'HOST_OFFICE' : 'BRIDGE_POINT',
  name: role,
});
export const CHAIR = actor('CHAIR');
export const MOD = actor('MODERATOR');
export const OBSERVER = actor('OBSERVER');
export const BRIDGE_BD = actor('BRIDGE_OPERATOR', BA_DINH);
export const BRIDGE_HK = actor('BRIDGE_OPERATOR', HOAN_KIEM);

export function context(): LiveContext {
  let n = 0;
  return {
    hostSiteId: HOST,
    siteIds: new Set([HOST, BA_DINH, HOAN_KIEM, CAU_GIAY]),
    agencyReps: new Map([[AGENCY_REP, { name: 'Đỗ Minh Xây', siteId: HOST, agencyName: 'Sở Xây dựng' }]]),
    activeFields: new Set(STATUTORY_FIELDS.map((f) => f.code)),
    intake: null,
    newId: () => `10000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
}

export function initial(): LiveState {
  return {
    sessionId: 's',
    version: 0,
    status: 'SCHEDULED',
    settings: { turnSeconds: 300, roundRobin: false },
    floor: null,
    entries: [],
    readiness: {},
    openedAt: null,
    startedAt: null,
    closedAt: null,
  };
}

/** Drives the machine like a test script: every step must be accepted unless `expectRefusal` is used. */
export class Script {
  state = initial();
  now = Date.parse('2026-11-24T01:00:00Z');
  ctx = context();

  run(command: LiveCommand | AnyCommand, by: Actor = CHAIR): string | undefined {
    const d = decide(this.state, command as AnyCommand, by, this.ctx, this.now);
    if (!d.ok) throw new Error(`refused ${command.type}: ${d.error.message}`);
    this.state = d.state;
    return d.entryId;
  }

  refused(command: LiveCommand | AnyCommand, by: Actor = CHAIR): { code: string; message: string } {
    const d = decide(this.state, command as AnyCommand, by, this.ctx, this.now);
    if (d.ok) throw new Error(`${command.type} was accepted but should have been refused`);
    return d.error;
  }

  tick(ms: number): void {
    this.now += ms;
  }

  register(name: string, siteId = BA_DINH, by: Actor = siteId === BA_DINH ? BRIDGE_BD : siteId === HOAN_KIEM ? BRIDGE_HK : MOD): string {
    return this.run({ type: 'entry.register', entry: { siteId, citizenName: name, petitionType: 'COMPLAINT', field: 'LAND' } }, by)!;
  }

  entry(id: string) {
    return this.state.entries.find((e) => e.id === id)!;
  }

  live(): this {
    this.run({ type: 'session.open' });
    this.run({ type: 'session.start' });
    return this;
  }
}
