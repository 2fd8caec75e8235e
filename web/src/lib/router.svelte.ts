// A hash router is enough for a few screens, and it keeps deep links working behind any static file server.
export type Route =
  | { name: 'sessions' }
  | { name: 'room'; sessionId: string }
  /** The TV of a bridge point's meeting room: watches only. */
  | { name: 'display'; sessionId: string }
  /** The session's minutes (biên bản), written live by the secretaries and read by everyone who sees the session. */
  | { name: 'minutes'; sessionId: string }
  /** The first administrator's one-time setup address of an empty hub. */
  | { name: 'setup'; token: string }
  /** Administration: the city's sites, districts, agencies, accounts and the audit log. */
  | { name: 'admin'; tab: AdminTab }
  /** The page a one-time password link opens (a new account, or a reset). */
  | { name: 'password'; token: string }
  /** Scheduling sessions and series (moderators and administrators). */
  | { name: 'schedule'; tab: ScheduleTab }
  /** The calendar of the sessions a person sees. */
  | { name: 'calendar' }
  /** The public reception schedule (no sign-in). */
  | { name: 'public-schedule' }
  /** The citizen's lookup of their matter (no sign-in); the receipt's QR code fills the code in. */
  | { name: 'lookup'; code: string }
  /** Cases followed to the citizen's answer. */
  | { name: 'cases' }
  /** The statutory reports' figures. */
  | { name: 'reports' }
  /** A bridge point's or agency's invitations. */
  | { name: 'invitations' }
  /** The year's plan of dialogue conferences and thematic sessions. */
  | { name: 'plan' }
  /** Citizen intake at the person's own site (the regular reception). */
  | { name: 'intake' }
  /** The reception book (sổ tiếp công dân): a period's visits, masked as the reader may see them. */
  | { name: 'book' }
  | { name: 'not-found' };

export const ADMIN_TABS = ['sites', 'districts', 'agencies', 'accounts', 'holidays', 'fields', 'settings', 'audit'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];
export const SCHEDULE_TABS = ['sessions', 'series', 'new'] as const;
export type ScheduleTab = (typeof SCHEDULE_TABS)[number];

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { name: 'sessions' };
  const setup = /^\/setup\/([A-Za-z0-9_-]{20,200})$/.exec(path);
  if (setup) return { name: 'setup', token: setup[1] };
  const password = /^\/password\/([A-Za-z0-9_-]{20,200})$/.exec(path);
  if (password) return { name: 'password', token: password[1] };
  if (path === '/lich-tiep' || path === '/lich-tiep/') return { name: 'public-schedule' };
  const lookup = /^\/tra-cuu\/?(?:\?ma=([^&]*))?$/.exec(path);
  if (lookup) return { name: 'lookup', code: decodeURIComponent(lookup[1] ?? '').slice(0, 40) };
  if (path === '/cases' || path === '/cases/') return { name: 'cases' };
  if (path === '/reports' || path === '/reports/') return { name: 'reports' };
  if (path === '/calendar' || path === '/calendar/') return { name: 'calendar' };
  if (path === '/invitations' || path === '/invitations/') return { name: 'invitations' };
  if (path === '/plan' || path === '/plan/') return { name: 'plan' };
  if (path === '/intake' || path === '/intake/') return { name: 'intake' };
  if (path === '/book' || path === '/book/') return { name: 'book' };
  const scheduling = /^\/schedule(?:\/(\w+))?\/?$/.exec(path);
  if (scheduling) {
    const tab = (scheduling[1] ?? 'sessions') as ScheduleTab;
    return SCHEDULE_TABS.includes(tab) ? { name: 'schedule', tab } : { name: 'not-found' };
  }
  const admin = /^\/admin(?:\/(\w+))?\/?$/.exec(path);
  if (admin) {
    const tab = (admin[1] ?? 'sites') as AdminTab;
    return ADMIN_TABS.includes(tab) ? { name: 'admin', tab } : { name: 'not-found' };
  }
  const room = /^\/sessions\/([^/]+)(\/display|\/minutes)?\/?$/.exec(path);
  if (room) {
    try {
      const sessionId = decodeURIComponent(room[1]);
      if (room[2] === '/display') return { name: 'display', sessionId };
      if (room[2] === '/minutes') return { name: 'minutes', sessionId };
      return { name: 'room', sessionId };
    } catch {
      return { name: 'not-found' }; // a malformed %-escape in a hand-typed link
    }
  }
  return { name: 'not-found' };
}

class Router {
  route = $state<Route>(parseHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseHash(window.location.hash);
    });
  }

  go(path: string): void {
    window.location.hash = path;
  }

  sessionsPath(): string {
    return '#/';
  }

  roomPath(sessionId: string): string {
    return `#/sessions/${encodeURIComponent(sessionId)}`;
  }

  displayPath(sessionId: string): string {
    return `#/sessions/${encodeURIComponent(sessionId)}/display`;
  }

  schedulePath(tab: ScheduleTab = 'sessions'): string {
    return `#/schedule/${tab}`;
  }

  planPath(): string {
    return '#/plan';
  }

  intakePath(): string {
    return '#/intake';
  }

  bookPath(): string {
    return '#/book';
  }

  invitationsPath(): string {
    return '#/invitations';
  }

  calendarPath(): string {
    return '#/calendar';
  }

  lookupPath(): string {
    return '#/tra-cuu';
  }

  casesPath(): string {
    return '#/cases';
  }

  reportsPath(): string {
    return '#/reports';
  }

  publicSchedulePath(): string {
    return '#/lich-tiep';
  }

  adminPath(tab: AdminTab = 'sites'): string {
    return `#/admin/${tab}`;
  }

  minutesPath(sessionId: string): string {
    return `#/sessions/${encodeURIComponent(sessionId)}/minutes`;
  }
}

export const router = new Router();
