// Who is signed in. Everything else in the client asks this manager rather than the server.
import { SignInRequest, type ApiError, type Me } from '$protocol';
import { api, onUnauthenticated, setCsrfToken, toApiError } from '../lib/api.ts';

export class AuthManager {
  me = $state<Me | null>(null);
  /** True until the first "who am I" answer, so the sign-in form does not flash for a signed-in user. */
  loading = $state(true);
  submitting = $state(false);
  error = $state<ApiError | null>(null);

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.#setMe(await api.get<Me>('/api/auth/me'));
    } catch (thrown) {
      const error = toApiError(thrown);
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
    this.forget();
  }

  /** The server ended the session (expired, or signed out elsewhere). */
  forget(): void {
    this.#setMe(null);
  }

  #setMe(me: Me | null): void {
    this.me = me;
    setCsrfToken(me?.csrfToken ?? null);
  }
}

export const auth = new AuthManager();
onUnauthenticated(() => auth.forget());
