// Socket.io transport: parse, authorize, hand over. The handshake must carry our protocol version and a
// valid session cookie; each message is validated before any service sees it.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  LiveCommandRequest,
  LiveSyncRequest,
  type CommandResult,
  type SyncResult,
  HandshakeAuth,
  MAX_SOCKET_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  mayIssue,
  msg,
  vi,
  type MessageKey,
  WatchSessionRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../protocol/index.ts';
import type { AuthService, Caller } from '../auth/auth.service.ts';
import { sessionTokenFrom } from '../auth/auth.middleware.ts';
import { AppError, toApiError } from '../errors/app-error.ts';
import { parse } from '../errors/validate.ts';
import { judgeOrigin } from '../http/origin.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { LiveService } from '../live/live.service.ts';
import type { MinutesService } from '../minutes/minutes.service.ts';
import type { MediaHealth } from '../livekit/media-health.ts';
import type { MediaGuard } from '../floor/media-guard.ts';
import { attachMinutesHandlers, minutesRoom } from './minutes-handlers.ts';
import { answer } from './answer.ts';
import { SocketEdge, refuseOversizedIntent } from './edge.ts';
import type { Actor } from '../../../protocol/live-rules/rules.ts';
import { redactPatch, redactState, viewerFor, viewerRoom, type Viewer } from '../live/visibility.ts';
import type { AccountWithSite } from '../auth/account.mapper.ts';

interface SocketData {
  caller: Caller;
}
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
const accountRoom = (accountId: string): string => `account:${accountId}`;

function connectError(code: 'PROTOCOL_MISMATCH' | 'UNAUTHENTICATED', message: string): Error {
  const err = new Error(message) as Error & { data: { code: string; message: string } };
  err.data = { code, message };
  return err;
}

export function attachRealtime(
  httpServer: HttpServer,
  deps: {
    auth: AuthService;
    sessions: SessionsService;
    presence: PresenceService;
    live: LiveService;
    minutes: MinutesService;
    media: Pick<MediaHealth, 'status' | 'onChange'>;
    guard: Pick<MediaGuard, 'onRefusal'>;
    log: (m: string) => void;
    publicUrl?: string;
  },
): HubIo {
  const io: HubIo = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Big enough that an oversized intent or update is read and answered with a reason (see SocketEdge and
    // the schemas); a message beyond it closes the socket with code 1009, which the web client explains.
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    // The session cookie is SameSite=Strict, but a WebSocket handshake is not covered by it everywhere:
    // a page from another origin (or "null") must not open a socket with a signed-in person's cookie.
    allowRequest: (req, callback) => {
      const verdict = judgeOrigin(req.headers.origin, req.headers.host, deps.publicUrl);
      if (verdict === 'refused') deps.log(`socket: refused a handshake from origin ${JSON.stringify(req.headers.origin)}`);
      callback(verdict === 'refused' ? vi('auth.foreignOrigin') : null, verdict !== 'refused');
    },
  });

  io.use((socket, next) => {
    const hs = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!hs.success || hs.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(connectError('PROTOCOL_MISMATCH', 'Phiên bản ứng dụng đã cũ, vui lòng tải lại trang.'));
    }
    deps.auth
      .authenticate(sessionTokenFrom(socket.handshake.headers.cookie))
      .then((caller) => {
        if (!caller) return next(connectError('UNAUTHENTICATED', 'Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.'));
        socket.data.caller = caller;
        next();
      })
      .catch((e: unknown) => next(e instanceof Error ? e : new Error(String(e))));
  });

  const edge = new SocketEdge();
  io.on('connection', (socket: HubSocket) => {
    const accountId = socket.data.caller.account.id;
    /** Rate limit and size first: a flood is answered without a single query. */
    const admitIntent = (raw: unknown, what: MessageKey): void => {
      edge.admit(socket.id, accountId, 'intent');
      refuseOversizedIntent(raw, what);
    };
    socket.on('disconnect', () => edge.forget(socket.id));
    // Every page of an account hears what is said to that person (a media sanction, later a sign-out).
    void socket.join(accountRoom(accountId));
    socket.emit('hub:media', deps.media.status);
    attachMinutesHandlers(socket, { ...deps, edge });
    socket.on('session:watch', (raw, ack) =>
      answer(ack, deps.log, async () => {
        admitIntent(raw, 'what.watch');
        const { sessionId } = parse(WatchSessionRequest, raw, 'what.watch');
        await deps.sessions.ensureViewable(socket.data.caller.account, sessionId);
        await socket.join(sessionRoom(sessionId));
        return deps.presence.snapshot(sessionId);
      }),
    );
    socket.on('session:unwatch', (raw, ack) =>
      answer(ack, deps.log, async () => {
        admitIntent(raw, 'what.unwatch');
        const { sessionId } = parse(WatchSessionRequest, raw, 'what.unwatch');
        await socket.leave(sessionRoom(sessionId));
        return null;
      }),
    );

    socket.on('live:command', (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      void (async (): Promise<CommandResult> => {
        admitIntent(raw, 'what.command');
        const { sessionId, command } = parse(LiveCommandRequest, raw, 'what.command');
        const account = socket.data.caller.account;
        // What this role may never do is refused before any query (the state machine checks it again).
        if (!mayIssue(account.role, command.type)) throw new AppError('FORBIDDEN', msg('live.roleForbidden'));
        await deps.sessions.ensureViewable(account, sessionId);
        return deps.live.execute(sessionId, actorOf(account), command);
      })()
        .then(reply)
        .catch((err: unknown) => {
          const e = toApiError(err, deps.log);
          reply({
            ok: false,
            error: { code: e.code, message: e.message, ...(e.key ? { key: e.key, params: e.params } : {}), ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}) },
          });
        });
    });
    socket.on('live:sync', (raw, ack) =>
      answer(ack, deps.log, async (): Promise<SyncResult> => {
        admitIntent(raw, 'what.sync');
        const { sessionId, version, audience } = parse(LiveSyncRequest, raw, 'what.sync');
        const account = socket.data.caller.account;
        await deps.sessions.ensureViewable(account, sessionId);
        // A public screen sees what an outsider sees, whoever signed it in.
        const viewer: Viewer = audience === 'public' ? { kind: 'outer' } : viewerFor(account.role, account.site.kind, account.siteId);
        // One viewer room per session and socket: a socket that switched to the public view must not keep
        // receiving the patches of the fuller one.
        for (const room of socket.rooms) if (room.startsWith(`live:${sessionId}:`) && room !== viewerRoom(sessionId, viewer)) await socket.leave(room);
        await socket.join(viewerRoom(sessionId, viewer));
        const result = await deps.live.sync(sessionId, version);
        if (!result) throw new AppError('NOT_FOUND', msg('session.notFound'));
        return result.kind === 'patches'
          ? { ...result, patches: result.patches.map((p) => redactPatch(p, viewer)) }
          : { kind: 'snapshot', snapshot: { ...result.snapshot, state: redactState(result.snapshot.state, viewer) } };
      }),
    );
  });

  // Facts of the minutes follow the live session; fields and status change through the minutes service.
  // Either way, readers are told the newest version and fetch the view they may see.
  const minutesChanged = (sessionId: string): void => {
    void deps.minutes
      .metaVersion(sessionId)
      .then((metaVersion) => io.to(minutesRoom(sessionId)).emit('minutes:changed', { sessionId, metaVersion }))
      .catch((e: unknown) => deps.log(`minutes: change notice failed: ${String(e)}`));
  };
  deps.minutes.onChange(minutesChanged);
  // A turn marked (or unmarked) confidential after secretaries began its statement: the text moves to the
  // part its readers may see, and each part's readers get the change like any other writer's.
  const placeMinutesText = async (sessionId: string): Promise<void> => {
    for (const { part, update } of await deps.minutes.placeText(sessionId)) {
      io.to(minutesRoom(sessionId, part)).emit('minutes:update', { sessionId, part, update });
    }
  };
  deps.live.onChange(({ command, patch }) => {
    minutesChanged(patch.sessionId);
    if (command === 'entry.confidential') {
      void placeMinutesText(patch.sessionId).catch((e: unknown) => deps.log(`minutes: placing text failed: ${String(e)}`));
    }
  });
  deps.media.onChange((status) => void io.emit('hub:media', status));
  // Sign-ins ended elsewhere (a password change): their pages are told and their sockets closed.
  deps.auth.onSessionsEnded((accountId, ended) => {
    void io
      .in(accountRoom(accountId))
      .fetchSockets()
      .then((sockets) => {
        for (const s of sockets) {
          if (!ended.includes(s.data.caller.authSessionId)) continue;
          s.emit('auth:signed-out');
          s.disconnect(true);
        }
      });
  });
  deps.guard.onRefusal(({ sessionId, accountId, siteId, sanction, until, notice }) => {
    io.to(accountRoom(accountId)).emit('media:refused', { sessionId, sanction, until, message: vi(notice.key, notice.params), key: notice.key, params: notice.params });
    io.to(viewerRoom(sessionId, { kind: 'inner' })).emit('media:offense', { sessionId, siteId, sanction, at: new Date().toISOString() });
  });
  deps.presence.onChange((snapshot) => io.to(sessionRoom(snapshot.sessionId)).emit('presence:snapshot', snapshot));
  // Each viewer group gets the patch it may see: the chair's circle in full, each site with its own
  // confidential citizens named, observers with every confidential identity withheld.
  deps.live.onChange(({ patch, siteIds }) => {
    const viewers: Viewer[] = [{ kind: 'inner' }, { kind: 'outer' }, ...siteIds.map((siteId) => ({ kind: 'site' as const, siteId }))];
    for (const v of viewers) io.to(viewerRoom(patch.sessionId, v)).emit('live:patch', redactPatch(patch, v));
  });
  return io;
}

function actorOf(account: AccountWithSite): Actor {
  return { accountId: account.id, role: account.role, siteId: account.siteId, siteKind: account.site.kind, name: account.fullName };
}
