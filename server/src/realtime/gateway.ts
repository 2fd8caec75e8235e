// From domain events to socket rooms, and nothing else: no access decision (the event or the audience
// already carries it), no query. A patch that names no confidential citizen is encoded once for the whole
// session; only one that does is redacted per audience (the chair's circle, each site, outsiders).
import { vi } from '../../../protocol/index.ts';
import { patchIsPublic, redactPatch, type Audience } from '../access/redaction.ts';
import type { EventBus } from '../events/event-bus.ts';
import { accountRoom, audienceRoom, liveRoom, minutesRoom, presenceRoom, signInRoom } from './rooms.ts';
import type { HubIo } from './hub-socket.ts';

export function attachGateway(io: HubIo, events: EventBus): void {
  events.on('live.changed', ({ patch, siteIds }) => {
    if (patchIsPublic(patch)) {
      io.to(liveRoom(patch.sessionId)).emit('live:patch', patch);
      return;
    }
    const audiences: Audience[] = [{ kind: 'inner' }, { kind: 'outer' }, ...siteIds.map((siteId) => ({ kind: 'site' as const, siteId }))];
    for (const a of audiences) io.to(audienceRoom(patch.sessionId, a)).emit('live:patch', redactPatch(patch, a));
  });

  events.on('minutes.changed', ({ sessionId, metaVersion }) => {
    io.to(minutesRoom(sessionId)).emit('minutes:changed', { sessionId, metaVersion });
  });

  events.on('minutes.text', ({ sessionId, part, update, fromSocketId }) => {
    const room = io.to(minutesRoom(sessionId, part));
    (fromSocketId ? room.except(fromSocketId) : room).emit('minutes:update', { sessionId, part, update });
  });

  events.on('presence.changed', (snapshot) => {
    io.to(presenceRoom(snapshot.sessionId)).emit('presence:snapshot', snapshot);
  });

  events.on('media.status', (status) => {
    io.emit('hub:media', status);
  });

  events.on('media.refused', ({ sessionId, accountId, siteId, sanction, until, notice }) => {
    io.to(accountRoom(accountId)).emit('media:refused', { sessionId, sanction, until, message: vi(notice.key, notice.params), key: notice.key, params: notice.params });
    io.to(audienceRoom(sessionId, { kind: 'inner' })).emit('media:offense', { sessionId, siteId, sanction, at: new Date().toISOString() });
  });

  events.on('notifications.changed', ({ unread }) => {
    for (const [accountId, count] of Object.entries(unread)) io.to(accountRoom(accountId)).emit('notifications:changed', { unread: count });
  });

  // Sign-ins that ended (signed out in another tab, a password change): every page opened with them is
  // told, and its sockets are closed. Whatever instance holds them.
  events.on('auth.signInsEnded', ({ authSessionIds }) => {
    for (const id of authSessionIds) {
      io.to(signInRoom(id)).emit('auth:signed-out');
      io.in(signInRoom(id)).disconnectSockets(true);
    }
  });
}
