// Socket handlers of the live minutes: open (the whole document), update (stored, then acknowledged,
// then relayed to the other writers and readers) and awareness (relayed, never stored).
import { MinutesOpenRequest, MinutesUpdateRequest, type MinutesOpened } from '../../../protocol/index.ts';
import { AppError } from '../http/errors.ts';
import { answer } from './answer.ts';
import { parse } from '../http/validate.ts';
import { MinutesService } from '../minutes/minutes.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { HubSocket } from './socket.ts';

const minutesRoom = (sessionId: string): string => `minutes:${sessionId}`;

function bytesOf(v: Uint8Array | ArrayBuffer): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(v);
}

export function attachMinutesHandlers(socket: HubSocket, deps: { sessions: SessionsService; minutes: MinutesService; log: (m: string) => void }): void {
  const reply = <T>(ack: unknown, work: () => Promise<T>): void => answer(ack, deps.log, work);

  socket.on('minutes:open', (raw, ack) =>
    reply(ack, async (): Promise<MinutesOpened> => {
      const { sessionId } = parse(MinutesOpenRequest, raw, 'Yêu cầu mở biên bản');
      const account = socket.data.caller.account;
      await deps.sessions.ensureViewable(account, sessionId);
      await socket.join(minutesRoom(sessionId));
      return { update: await deps.minutes.load(sessionId), canEdit: MinutesService.canEdit(account.role) };
    }),
  );

  socket.on('minutes:update', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, update } = parse(MinutesUpdateRequest, raw, 'Bản cập nhật biên bản');
      const account = socket.data.caller.account;
      await deps.sessions.ensureViewable(account, sessionId);
      if (!MinutesService.canEdit(account.role)) throw new AppError('FORBIDDEN', 'Vai trò của bạn chỉ được đọc biên bản, không được sửa.');
      const bytes = bytesOf(update);
      await deps.minutes.apply(sessionId, account.id, bytes);
      socket.to(minutesRoom(sessionId)).emit('minutes:update', { sessionId, update: bytes });
      return { stored: true as const };
    }),
  );

  socket.on('minutes:awareness', (raw) => {
    const parsed = MinutesUpdateRequest.safeParse(raw);
    if (!parsed.success || !socket.rooms.has(minutesRoom(parsed.data.sessionId))) return;
    if (!MinutesService.canEdit(socket.data.caller.account.role)) return;
    socket.volatile.to(minutesRoom(parsed.data.sessionId)).emit('minutes:awareness', { sessionId: parsed.data.sessionId, update: bytesOf(parsed.data.update) });
  });
}
