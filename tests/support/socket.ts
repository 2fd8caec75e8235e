import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../protocol/index.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client as the web app opens it, with the given session cookie. */
export function connectSocket(baseUrl: string, cookie: string | undefined, protocolVersion = PROTOCOL_VERSION, headers: Record<string, string> = {}, reconnect = false): TestSocket {
  return io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { protocolVersion },
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
    // As the web client does when asked: dial again (through the load balancer) after losing the server.
    reconnection: reconnect,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    forceNew: true,
  });
}

export function connected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

export function connectError(socket: TestSocket): Promise<{ message: string; data?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected but should have been refused')));
    socket.once('connect_error', (err) => resolve(err as never));
  });
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
