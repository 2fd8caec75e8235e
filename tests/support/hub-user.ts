// A person at the hub as a table of requests sees them: their browser's cookie jar, two sockets, and every
// answer in one shape whether it came over HTTP, as a socket acknowledgement or as a live intent's result.
import type { Ack, CommandResult, LiveCommand, Me } from '../../protocol/index.ts';
import { ApiClient } from './api.ts';
import { connectSocket, connected, waitFor, type TestSocket } from './socket.ts';

export interface Answer {
  ok: boolean;
  /** HTTP status, or the status a socket error carries (live intents' refusals carry none). */
  status?: number;
  code?: string;
  key?: string;
  message?: string;
  body?: unknown;
}

export function httpAnswer(res: { status: number; body: any }): Answer {
  const error = res.status >= 300 && res.body && typeof res.body === 'object' ? res.body : {};
  return { ok: res.status < 300, status: res.status, code: error.code, key: error.key, message: error.message, body: res.body };
}

export function ackAnswer(res: Ack<unknown> | CommandResult): Answer {
  if (res.ok) return { ok: true, body: 'data' in res ? res.data : res };
  const e = res.error as { code: string; message: string; key?: string; statusCode?: number };
  return { ok: false, code: e.code, message: e.message, ...(e.key ? { key: e.key } : {}), ...(e.statusCode !== undefined ? { status: e.statusCode } : {}) };
}

/** The body of an answer that must be allowed (a step of a test's set-up). */
export function must(answer: Answer, what: string): unknown {
  if (!answer.ok) throw new Error(`${what} refused: ${answer.code} ${answer.message}`);
  return answer.body;
}

/** Everything an answer carries, as text: binary Yjs updates decoded, so a name written inside them shows. */
export function textOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof ArrayBuffer) return Buffer.from(v).toString('utf8');
    const node = v as { type?: unknown; data?: unknown } | null;
    if (node && typeof node === 'object' && node.type === 'Buffer' && Array.isArray(node.data)) return Buffer.from(node.data as number[]).toString('utf8');
    return v;
  });
}

/** socket.io's typed emit, loosened: a table sends every event by name. */
interface LooseSocket {
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

export class HubUser {
  private turn = 0;
  private constructor(
    readonly username: string | null,
    readonly api: ApiClient,
    readonly me: Me | null,
    /** Two, used in turn: the hub limits how often one socket asks. */
    readonly sockets: TestSocket[],
  ) {}

  /** Signs in and opens the sockets; `null` is someone not signed in (no cookie, no socket). */
  static async enter(username: string | null): Promise<HubUser> {
    const api = new ApiClient();
    if (!username) return new HubUser(null, api, null, []);
    const me = await api.signIn(username);
    const sockets = [connectSocket(api.baseUrl, api.cookie), connectSocket(api.baseUrl, api.cookie)];
    await Promise.all(sockets.map(connected));
    return new HubUser(username, api, me, sockets);
  }

  get name(): string {
    return this.username ?? 'nobody';
  }

  /** The person's own site (signed in only). */
  get siteId(): string {
    return this.me!.site.id;
  }

  socket(): TestSocket {
    return this.sockets[this.turn++ % this.sockets.length]!;
  }

  /** Sends a socket event and returns its answer; "too fast" is asked again once the hub admits it. */
  ask(event: string, payload: unknown, socket: TestSocket = this.socket()): Promise<Answer> {
    return waitFor(
      `the hub to admit ${event} from ${this.name}`,
      async () => {
        const answer = ackAnswer((await (socket as unknown as LooseSocket).timeout(10_000).emitWithAck(event, payload)) as Ack<unknown>);
        return answer.code === 'TOO_MANY_ATTEMPTS' ? undefined : answer;
      },
      30_000,
    );
  }

  command(sessionId: string, command: LiveCommand): Promise<Answer> {
    return this.ask('live:command', { sessionId, command });
  }

  /** A step of a test's set-up: the intent must be committed; returns the entry it made, if any. */
  async must(sessionId: string, command: LiveCommand): Promise<string> {
    return (must(await this.command(sessionId, command), `${this.name}: ${command.type}`) as { entryId?: string }).entryId ?? '';
  }

  close(): void {
    for (const s of this.sockets) s.disconnect();
  }
}
