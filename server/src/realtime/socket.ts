// Socket.io transport: parse, hand over, answer. The handshake must carry our protocol version and a
// valid session cookie; each message passes the edge (rate, size) and its schema before a service sees
// it, and the services decide access. Rooms are joined here by what a service answered (the audience of a
// live sync); what is said to rooms after a commit is the gateway's (gateway.ts).
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { HubIo, HubSocket, MessageGate } from './hub-socket.ts';
import {
  HandshakeAuth,
  LiveCommandRequest,
  LiveSyncRequest,
  MAX_SOCKET_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  WatchSessionRequest,
  msg,
  vi,
  type ApiError,
  type CommandResult,
  type MessageKey,
  type SyncResult,
} from '../../../protocol/index.ts';
import { sessionTokenFrom } from '../auth/auth.middleware.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { AppError, toApiError } from '../errors/app-error.ts';
import { parse } from '../errors/validate.ts';
import type { EventBus } from '../events/event-bus.ts';
import { judgeOrigin } from '../http/origin.ts';
import type { LiveService } from '../live/live.service.ts';
import type { MediaHealth } from '../livekit/media-health.ts';
import type { MinutesService } from '../minutes/minutes.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import { answer } from './answer.ts';
import { SocketEdge, refuseOversizedIntent } from './edge.ts';
import { LIMITS, RateLimiter, type SharedBuckets } from './rate-limit.ts';
import { attachGateway } from './gateway.ts';
import { attachMinutesHandlers } from './minutes-handlers.ts';
import { accountRoom, audienceRoom, liveRoom, presenceRoom, signInRoom } from './rooms.ts';

export type { HubIo, HubSocket } from './hub-socket.ts';

/** setTimeout's limit; a sign-in that ends later is checked again at every intent anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A refused handshake carries the one error shape, like every other refusal. */
function connectError(refusal: AppError): Error {
  const err = new Error(refusal.message) as Error & { data: ApiError };
  err.data = refusal.toJSON();
  return err;
}

export function attachRealtime(
  httpServer: HttpServer,
  deps: {
    auth: AuthService;
    presence: PresenceService;
    live: LiveService;
    minutes: MinutesService;
    media: Pick<MediaHealth, 'status'>;
    events: EventBus;
    log: (m: string) => void;
    publicUrl?: string;
    /** Several instances: each account's rate limit kept in Redis, one budget across them all. */
    accountBuckets?: SharedBuckets;
  },
): HubIo {
  const io: HubIo = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Big enough that an oversized intent or update is read and answered with a reason (see SocketEdge and
    // the schemas); a message beyond it closes the socket with code 1009, which the web client explains.
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    // A bridge whose network drops sends nothing and closes nothing: only a missing heartbeat tells. With
    // socket.io's defaults (25 s + 20 s) its page would show "connected" for up to 45 s; with these it says
    // "mất kết nối" within 20 s (tests/e2e/network-drop.test.ts), for a ping every 10 s per socket.
    pingInterval: 10_000,
    pingTimeout: 10_000,
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
    // Which side is older decides what the page does: reload now, or wait for the server being updated.
    if (!hs.success || hs.data.protocolVersion < PROTOCOL_VERSION) return next(connectError(new AppError('CLIENT_TOO_OLD', msg('socket.clientTooOld'))));
    if (hs.data.protocolVersion > PROTOCOL_VERSION) return next(connectError(new AppError('SERVER_TOO_OLD', msg('socket.serverTooOld'))));
    deps.auth
      .authenticate(sessionTokenFrom(socket.handshake.headers.cookie))
      .then((signIn) => {
        if (!signIn) return next(connectError(new AppError('UNAUTHENTICATED', msg('auth.signedOut'))));
        socket.data.signIn = signIn;
        next();
      })
      .catch((e: unknown) => next(e instanceof Error ? e : new Error(String(e))));
  });

  const edge = new SocketEdge(new RateLimiter(LIMITS, Date.now, deps.accountBuckets));
  io.on('connection', (socket: HubSocket) => {
    const { caller, authSessionId, expiresAt } = socket.data.signIn;
    // A socket lives as long as its sign-in: it closes when the sign-in ends (see the gateway) or expires.
    const signedOut = (): void => {
      socket.emit('auth:signed-out');
      socket.disconnect(true);
    };
    const expiry = setTimeout(signedOut, Math.min(MAX_TIMER_MS, Math.max(0, expiresAt.getTime() - Date.now())));
    const signedIn = (): boolean => socket.connected && Date.now() < expiresAt.getTime();
    /** The sign-in, then rate and size: a flood (or a socket whose sign-in ended) is answered without a query. */
    const gate: MessageGate = {
      async admit(raw, what, kind = 'intent') {
        if (!signedIn()) throw new AppError('UNAUTHENTICATED', msg('auth.signedOut'));
        await edge.admit(socket.id, caller.accountId, kind);
        // Binary minutes updates are bounded by their schema; a person's JSON intent is tiny.
        if (kind === 'intent') refuseOversizedIntent(raw, what);
      },
      // A volatile message (cursors) over the limit, or from a closed sign-in, is simply dropped.
      allows: async (kind) => signedIn() && (await edge.allows(socket.id, caller.accountId, kind)),
    };
    const admitIntent = (raw: unknown, what: MessageKey): Promise<void> => gate.admit(raw, what);
    socket.on('disconnect', () => {
      clearTimeout(expiry);
      edge.forget(socket.id);
    });
    void socket.join([accountRoom(caller.accountId), signInRoom(authSessionId)]);
    socket.emit('hub:media', deps.media.status);
    attachMinutesHandlers(socket, { minutes: deps.minutes, gate, log: deps.log });

    socket.on('session:watch', (raw, ack) =>
      answer(ack, deps.log, async () => {
        await admitIntent(raw, 'what.watch');
        const { sessionId } = parse(WatchSessionRequest, raw, 'what.watch');
        return deps.presence.watch(caller, sessionId, async () => {
          await socket.join(presenceRoom(sessionId));
        });
      }),
    );
    socket.on('session:unwatch', (raw, ack) =>
      answer(ack, deps.log, async () => {
        await admitIntent(raw, 'what.unwatch');
        const { sessionId } = parse(WatchSessionRequest, raw, 'what.unwatch');
        await socket.leave(presenceRoom(sessionId));
        return null;
      }),
    );

    socket.on('live:command', (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      void (async (): Promise<CommandResult> => {
        await admitIntent(raw, 'what.command');
        const { sessionId, command } = parse(LiveCommandRequest, raw, 'what.command');
        return deps.live.execute(caller, sessionId, command);
      })()
        .then(reply)
        .catch((err: unknown) => reply({ ok: false, error: toApiError(err, deps.log) }));
    });

    socket.on('live:sync', (raw, ack) =>
      answer(ack, deps.log, async (): Promise<SyncResult> => {
        await admitIntent(raw, 'what.sync');
        const { sessionId, version, audience: requested } = parse(LiveSyncRequest, raw, 'what.sync');
        // Joined before the read (the service calls back once access is granted): a patch committed meanwhile
        // is both in the answer and broadcast, and the client drops the copy it already has.
        return deps.live.sync(caller, sessionId, version, requested, async (audience) => {
          // One audience room per session and socket: a socket that switched to the public view must not
          // keep receiving the patches of the fuller one.
          const own = audienceRoom(sessionId, audience);
          for (const room of socket.rooms) if (room.startsWith(`${liveRoom(sessionId)}:`) && room !== own) await socket.leave(room);
          await socket.join([liveRoom(sessionId), own]);
        });
      }),
    );
  });

  attachGateway(io, deps.events);
  return io;
}
