// Socket.io transport: parse, authorize, hand over. The handshake must carry our protocol version and a
// valid session cookie; each message is validated before any service sees it.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  HandshakeAuth,
  PROTOCOL_VERSION,
  WatchSessionRequest,
  type Ack,
  type ApiError,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../protocol/index.ts';
import type { AuthService, Caller } from '../auth/auth.service.ts';
import { sessionTokenFrom } from '../auth/auth.middleware.ts';
import { toApiError } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';

interface SocketData {
  caller: Caller;
}
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

function connectError(code: 'PROTOCOL_MISMATCH' | 'UNAUTHENTICATED', message: string): Error {
  const err = new Error(message) as Error & { data: { code: string; message: string } };
  err.data = { code, message };
  return err;
}

export function attachRealtime(
  httpServer: HttpServer,
  deps: { auth: AuthService; sessions: SessionsService; presence: PresenceService; log: (m: string) => void },
): HubIo {
  const io: HubIo = new Server(httpServer, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 });

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

  io.on('connection', (socket: HubSocket) => {
    socket.on('session:watch', (raw, ack) =>
      answer(ack, deps.log, async () => {
        const { sessionId } = parse(WatchSessionRequest, raw, 'Yêu cầu theo dõi');
        const session = await deps.sessions.requireViewable(socket.data.caller.account, sessionId);
        await socket.join(sessionRoom(session.id));
        return deps.presence.snapshot(session.id);
      }),
    );
    socket.on('session:unwatch', (raw, ack) =>
      answer(ack, deps.log, async () => {
        const { sessionId } = parse(WatchSessionRequest, raw, 'Yêu cầu bỏ theo dõi');
        await socket.leave(sessionRoom(sessionId));
        return null;
      }),
    );
  });

  deps.presence.onChange((snapshot) => io.to(sessionRoom(snapshot.sessionId)).emit('presence:snapshot', snapshot));
  return io;
}

/** Every client intent gets an answer: the result, or an error it can show. Never a silent drop. */
function answer<T>(ack: unknown, log: (m: string) => void, work: () => Promise<T>): void {
  const reply = typeof ack === 'function' ? (ack as (res: Ack<T>) => void) : () => {};
  work()
    .then((data) => reply({ ok: true, data }))
    .catch((err: unknown) => {
      const error: ApiError = toApiError(err, log);
      reply({ ok: false, error });
    });
}
