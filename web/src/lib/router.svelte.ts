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
  | { name: 'not-found' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { name: 'sessions' };
  const setup = /^\/setup\/([A-Za-z0-9_-]{20,200})$/.exec(path);
  if (setup) return { name: 'setup', token: setup[1] };
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

  minutesPath(sessionId: string): string {
    return `#/sessions/${encodeURIComponent(sessionId)}/minutes`;
  }
}

export const router = new Router();
