// A small HTTP client for the tests that keeps a cookie jar and the CSRF token, like a browser would.
import { inject } from 'vitest';
import { CSRF_HEADER, type Me } from '../../protocol/index.ts';

export const DEMO_PASSWORD = 'tiepdan2026';

/** A response as the tests read it: its status, its body (JSON when it is JSON) and its headers. */
async function answerOf(res: Response): Promise<{ status: number; body: any; headers: Headers }> {
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export class ApiClient {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(readonly baseUrl: string = inject('baseUrl')) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { [CSRF_HEADER]: this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.keepCookies(res.headers.getSetCookie());
    return answerOf(res);
  }

  /** Like a browser's jar, by name: a load balancer's cookie (which instance) sits beside the session's. */
  private keepCookies(set: string[]): void {
    if (set.length === 0) return;
    const jar = new Map((this.cookie ?? '').split('; ').filter(Boolean).map((kv) => [kv.split('=')[0], kv]));
    for (const c of set) {
      const kv = c.split(';')[0]!;
      jar.set(kv.split('=')[0], kv);
    }
    this.cookie = [...jar.values()].join('; ');
  }

  /** A multipart/form-data request, as a browser's form with files sends it. */
  async requestForm(method: string, path: string, form: FormData): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { [CSRF_HEADER]: this.csrf } : {}) },
      body: form,
    });
    return answerOf(res);
  }

  /** A file download: the raw bytes, not parsed. */
  async download(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  async signIn(username: string, password = DEMO_PASSWORD): Promise<Me> {
    const res = await this.request('POST', '/api/auth/sign-in', { username, password });
    if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrf = (res.body as Me).csrfToken;
    return res.body as Me;
  }
}

export async function signedIn(username: string, baseUrl: string = inject('baseUrl'), password = DEMO_PASSWORD): Promise<ApiClient> {
  const c = new ApiClient(baseUrl);
  await c.signIn(username, password);
  return c;
}

/** Restarts the hub server process (SIGTERM, or SIGKILL for a crash); resolves when it is healthy again. */
export async function restartServer(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const res = await fetch(`${inject('controlUrl')}/restart?signal=${signal}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`restart failed: ${await res.text()}`);
}
