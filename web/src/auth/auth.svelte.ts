// Who is signed in. Everything else in the client asks this manager rather than the server.
import { SignInRequest, type ApiError, type Me, type SessionAnswer } from '$protocol';
import { api, onUnauthenticated, setCsrfToken, toApiError } from '../lib/api.ts';

/**
 * The last account seen, so the app starts without a network (a secretary reloading the minutes while the
 * line is down). Kept without its CSRF token: nothing can be changed offline, and the token stays out of
 * storage that scripts can read.
 */
const ME_KEY = 'tiepdan.me';

function rememberMe(me: Me | null): void {
  try {
    if (me) localStorage.setItem(ME_KEY, JSON.stringify({ ...me, csrfToken: '' }));
    else localStorage.removeItem(ME_KEY);
  } catch {
    // Storage blocked by policy: the app then simply needs the network to start.
  }
}

function rememberedMe(): Me | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(ME_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const me = value as Partial<Me>;
    return typeof me.id === 'string' && typeof me.fullName === 'string' && typeof me.role === 'string' && me.site ? (me as Me) : null;
  } catch {
    return null;
  }
}

export class AuthManager {
  me = $state<Me | null>(null);
  /** True until the first "who am I" answer, so the sign-in form does not flash for a signed-in user. */
  loading = $state(true);
  submitting = $state(false);
  error = $state<ApiError | null>(null);
  /** The server could not be reached at start: `me` is the account remembered on this computer. */
  offline = $state(false);

  constructor() {
    // Back online: confirm the remembered account with the server (and get a CSRF token for changes).
    window.addEventListener('online', () => {
      if (this.offline) void this.confirm();
    });
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      const { me } = await api.get<SessionAnswer>('/api/auth/session');
      this.#setMe(me);
    } catch (thrown) {
      const error = toApiError(thrown);
      const remembered = error.code === 'UNAVAILABLE' ? rememberedMe() : null;
      if (remembered) {
        // Only a network failure falls back; a refused session is a signed-out account.
        this.me = remembered;
        this.offline = true;
        this.error = null;
        return;
      }
      this.#setMe(null);
      // A missing session is the normal signed-out case, not something to warn about.
      this.error = error.code === 'UNAUTHENTICATED' ? null : error;
    } finally {
      this.loading = false;
    }
  }

  /** Resolves true when signed in; on failure the reason is in `error`. */
  async signIn(username: string, password: string): Promise<boolean> {
    if (this.submitting) return false;
    const parsed = SignInRequest.safeParse({ username, password });
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      this.error = { code: 'BAD_REQUEST', statusCode: 400, message: first?.message ?? 'Dữ liệu không hợp lệ' };
      return false;
    }
    this.submitting = true;
    this.error = null;
    try {
      this.#setMe(await api.post<Me>('/api/auth/sign-in', parsed.data));
      return true;
    } catch (thrown) {
      this.error = toApiError(thrown);
      return false;
    } finally {
      this.submitting = false;
    }
  }

  async signOut(): Promise<void> {
    try {
      await api.post<void>('/api/auth/sign-out');
    } catch {
      // Even if the server cannot be told, this screen must stop showing the account.
    }
    try {
      // Loaded only here: a sign-out is rare, and the sign-in screen needs no IndexedDB code.
      await (await import('../minutes/local-store.ts')).forgetCachedViews();
    } catch {
      // IndexedDB blocked or unavailable: nothing was cached there either.
    }
    this.forget();
  }

  /** The server ended the session (expired, or signed out elsewhere). */
  forget(): void {
    this.#setMe(null);
  }

  /** Asks the server about the remembered account once it can be reached again. */
  async confirm(): Promise<void> {
    if (!this.offline) return;
    try {
      const { me } = await api.get<SessionAnswer>('/api/auth/session');
      this.#setMe(me);
    } catch {
      // Still unreachable: keep the remembered account. A refused session already went through forget().
    }
  }

  #setMe(me: Me | null): void {
    this.me = me;
    this.offline = false;
    setCsrfToken(me?.csrfToken ?? null);
    rememberMe(me);
  }
}

export const auth = new AuthManager();
onUnauthenticated(() => auth.forget());
