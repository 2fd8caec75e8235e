// An office set up through the product itself, as on a hub started with SEED_DEMO=false: the first
// administrator (made by the command-line setup) adds a bridge point and the people of a reception
// session, each sets a password with the one-time address it was given, and the session is scheduled for
// today. Every step is an HTTP request a person's browser would send.
import type { AccountCreated, AdminSite, Me, Role, ScheduledSession } from '../../protocol/index.ts';
import { ApiClient, signedIn } from './api.ts';
import { FIRST_ADMIN } from './own-database.ts';

export const OFFICE_PASSWORD = 'mat-khau-van-phong-2026';

export interface Office {
  admin: ApiClient;
  hostSiteId: string;
  /** The first bridge point (and its operator below); `bridges` holds them all. */
  bridgeSiteId: string;
  bridges: { siteId: string; operator: string }[];
  sessionId: string;
  /** User names by who they are; each signs in with OFFICE_PASSWORD. */
  people: { chair: string; moderator: string; secretary1: string; secretary2: string; operator: string };
}

async function ok<T>(what: string, res: Promise<{ status: number; body: any }>): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** A few minutes from now in Vietnam, as the schedule's form sends it (the schedule refuses a time past). */
function soonInVietnam(): { date: string; startTime: string; endTime: string } {
  const at = new Date(Date.now() + 10 * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const startTime = `${parts.hour}:${parts.minute}`;
  // Near midnight the session would end before it starts: hold it in the morning instead.
  if (startTime > '23:50') return { date: new Date(at.getTime() + 86_400_000).toISOString().slice(0, 10), startTime: '08:00', endTime: '11:00' };
  return { date, startTime, endTime: '23:59' };
}

/** An account the administrator adds, with its password set from the one-time address it was given. */
export async function addPerson(admin: ApiClient, baseUrl: string, who: { username: string; fullName: string; role: Role; siteId: string }): Promise<{ id: string; username: string }> {
  const made = await ok<AccountCreated>(`add ${who.username}`, admin.request('POST', '/api/admin/accounts', who));
  const token = made.link.path.split('/').pop()!;
  await ok('set a password', new ApiClient(baseUrl).request('POST', '/api/password-links', { token, password: OFFICE_PASSWORD }));
  return { id: made.account.id, username: who.username };
}

/** `bridges`: how many bridge points take part (one each with its operator); the city has 126. */
export async function setUpOffice(baseUrl: string, tag: string, bridges = 1): Promise<Office> {
  const admin = await signedIn(FIRST_ADMIN.username, baseUrl, FIRST_ADMIN.password);
  const me = (await admin.request('GET', '/api/auth/me')).body as Me;
  const hostSiteId = me.site.id;
  const person = (username: string, fullName: string, role: Role, siteId: string): Promise<{ id: string; username: string }> => addPerson(admin, baseUrl, { username, fullName, role, siteId });
  const chair = await person(`chutri.${tag}`, 'Nguyễn Văn Chủ Trì', 'CHAIR', hostSiteId);
  const moderator = await person(`dieuphoi.${tag}`, 'Trần Thị Điều Phối', 'MODERATOR', hostSiteId);
  const secretary1 = await person(`thuky1.${tag}`, 'Lê Thị Thư Ký', 'SECRETARY', hostSiteId);
  const secretary2 = await person(`thuky2.${tag}`, 'Phạm Văn Thư Ký', 'SECRETARY', hostSiteId);
  const points: Office['bridges'] = [];
  for (let i = 0; i < bridges; i++) {
    const n = i === 0 ? '' : `-${i + 1}`;
    const site = await ok<AdminSite>('add a bridge point', admin.request('POST', '/api/admin/sites', { code: `PBD-${tag}${n}`.toUpperCase(), name: i === 0 ? 'Điểm cầu phường Ba Đình' : `Điểm cầu phường số ${i + 1}`, kind: 'BRIDGE_POINT', district: 'Ba Đình' }));
    points.push({ siteId: site.id, operator: (await person(`diemcau.${tag}${n.replace('-', '.')}`, 'Hoàng Văn Điểm Cầu', 'BRIDGE_OPERATOR', site.id)).username });
  }
  const session = await ok<ScheduledSession>(
    'schedule the session',
    admin.request('POST', '/api/schedule/sessions', {
      title: 'Tiếp công dân định kỳ liên thông các điểm cầu',
      kind: 'PERIODIC',
      chairId: chair.id,
      hostSiteId,
      sites: { mode: 'picked', siteIds: points.map((p) => p.siteId) },
      turnMinutes: 5,
      ...soonInVietnam(),
    }),
  );
  return {
    admin,
    hostSiteId,
    bridgeSiteId: points[0]!.siteId,
    bridges: points,
    sessionId: session.id,
    people: { chair: chair.username, moderator: moderator.username, secretary1: secretary1.username, secretary2: secretary2.username, operator: points[0]!.operator },
  };
}
