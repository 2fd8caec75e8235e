// Socket handlers of the live minutes: open (the whole document and the view), update (stored, then
// acknowledged, then relayed to the other writers and readers), awareness (relayed, never stored), and
// the structured fields, approval and versions (committed, then announced as `minutes:changed`).
import {
  MinutesAmendRequest,
  MinutesApproveRequest,
  MinutesFieldsRequest,
  MinutesOpenRequest,
  MinutesUpdateRequest,
  MinutesVersionRequest,
  type MinutesOpened,
} from '../../../protocol/index.ts';
import type { z } from 'zod';
import { AppError } from '../http/errors.ts';
import { answer } from './answer.ts';
import { parse } from '../http/validate.ts';
import { MinutesService } from '../minutes/minutes.service.ts';
import type { MinutesViewer } from '../minutes/minutes-view.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { HubSocket } from './socket.ts';

export const minutesRoom = (sessionId: string): string => `minutes:${sessionId}`;

function bytesOf(v: Uint8Array | ArrayBuffer): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(v);
}

export function attachMinutesHandlers(socket: HubSocket, deps: { sessions: SessionsService; minutes: MinutesService; log: (m: string) => void }): void {
  const reply = <T>(ack: unknown, work: () => Promise<T>): void => answer(ack, deps.log, work);
  const viewer = (): MinutesViewer => {
    const a = socket.data.caller.account;
    return { accountId: a.id, role: a.role, siteKind: a.site.kind };
  };
  /** Parses the request and checks the caller may see the session; every handler starts here. */
  const admit = async <S extends z.ZodType<{ sessionId: string }>>(schema: S, raw: unknown, what: string): Promise<z.output<S>> => {
    const req = parse(schema, raw, what);
    await deps.sessions.ensureViewable(socket.data.caller.account, req.sessionId);
    return req;
  };

  socket.on('minutes:open', (raw, ack) =>
    reply(ack, async (): Promise<MinutesOpened> => {
      const { sessionId } = await admit(MinutesOpenRequest, raw, 'Yêu cầu mở biên bản');
      await socket.join(minutesRoom(sessionId));
      const [update, view] = await Promise.all([deps.minutes.load(sessionId), deps.minutes.view(sessionId, viewer())]);
      return { update, canEdit: MinutesService.canEdit(socket.data.caller.account.role), view };
    }),
  );

  socket.on('minutes:update', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, update } = await admit(MinutesUpdateRequest, raw, 'Bản cập nhật biên bản');
      if (!MinutesService.canEdit(socket.data.caller.account.role)) throw new AppError('FORBIDDEN', 'Vai trò của bạn chỉ được đọc biên bản, không được sửa.');
      const bytes = bytesOf(update);
      await deps.minutes.apply(sessionId, socket.data.caller.account.id, bytes);
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

  socket.on('minutes:view', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesOpenRequest, raw, 'Yêu cầu xem biên bản');
      return deps.minutes.view(sessionId, viewer());
    }),
  );

  socket.on('minutes:fields', (raw, ack) =>
    reply(ack, async () => deps.minutes.setFields(viewer(), await admit(MinutesFieldsRequest, raw, 'Thông tin lượt phát biểu'))),
  );

  socket.on('minutes:approve', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesApproveRequest, raw, 'Yêu cầu phê duyệt');
      return deps.minutes.approve(sessionId, viewer());
    }),
  );

  socket.on('minutes:amend', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, reason } = await admit(MinutesAmendRequest, raw, 'Yêu cầu sửa đổi');
      return deps.minutes.amend(sessionId, viewer(), reason);
    }),
  );

  socket.on('minutes:versions', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesOpenRequest, raw, 'Yêu cầu xem các phiên bản');
      return deps.minutes.versions(sessionId);
    }),
  );

  socket.on('minutes:version', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, number } = await admit(MinutesVersionRequest, raw, 'Yêu cầu xem phiên bản');
      return deps.minutes.version(sessionId, number, viewer());
    }),
  );
}
