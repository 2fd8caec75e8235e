// Socket handlers of the live minutes: open (the whole document and the view), update (stored, then
// acknowledged, then relayed to the other writers and readers), awareness (relayed, never stored), and
// the structured fields, approval and versions (committed, then announced as `minutes:changed`).
import {
  MinutesAmendRequest,
  MinutesApproveRequest,
  MinutesConclusionRequest,
  MinutesFieldsRequest,
  MinutesOpenRequest,
  MinutesUpdateRequest,
  MinutesVersionRequest,
  MinutesSessionRequest,
  toBytes,
  type MinutesOpened,
  type MessageKey,
  type MinutesPart,
} from '../../../protocol/index.ts';
import type { z } from 'zod';
import { answer } from './answer.ts';
import { refuseOversizedIntent, type SocketEdge } from './edge.ts';
import { parse } from '../errors/validate.ts';
import { MinutesService } from '../minutes/minutes.service.ts';
import { refuseClosedOutsideCircle, type MinutesViewer } from '../minutes/minutes-view.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { HubSocket } from './socket.ts';

/** Every reader of a session's minutes is in its open room; the chair's circle also joins the closed one. */
export const minutesRoom = (sessionId: string, part: MinutesPart = 'open'): string => (part === 'open' ? `minutes:${sessionId}` : `minutes:${sessionId}:closed`);

export function attachMinutesHandlers(socket: HubSocket, deps: { sessions: SessionsService; minutes: MinutesService; edge: SocketEdge; log: (m: string) => void }): void {
  const reply = <T>(ack: unknown, work: () => Promise<T>): void => answer(ack, deps.log, work);
  /** Sessions whose minutes this socket opened as a writer: only writers' cursors are relayed. */
  const writesIn = new Set<string>();
  const viewer = (): MinutesViewer => {
    const a = socket.data.caller.account;
    return { accountId: a.id, role: a.role, siteKind: a.site.kind };
  };
  /** Parses the request and checks the caller may see the session; every handler starts here. */
  const admit = async <S extends z.ZodType<{ sessionId: string }>>(schema: S, raw: unknown, what: MessageKey, kind: 'intent' | 'minutesUpdate' = 'intent'): Promise<z.output<S>> => {
    deps.edge.admit(socket.id, socket.data.caller.account.id, kind);
    if (kind === 'intent') refuseOversizedIntent(raw, what);
    const req = parse(schema, raw, what);
    await deps.sessions.ensureViewable(socket.data.caller.account, req.sessionId);
    return req;
  };

  socket.on('minutes:open', (raw, ack) =>
    reply(ack, async (): Promise<MinutesOpened> => {
      const { sessionId, part } = await admit(MinutesOpenRequest, raw, 'what.minutesOpen');
      refuseClosedOutsideCircle(part, viewer());
      const view = await deps.minutes.view(sessionId, viewer());
      // Joined before the load: an update stored meanwhile is both in the load and relayed (Yjs applies it once).
      await socket.join(minutesRoom(sessionId, part));
      const canEdit = await deps.minutes.isEditor(sessionId, viewer());
      if (canEdit) writesIn.add(sessionId);
      return { update: await deps.minutes.load(sessionId, part), canEdit, view };
    }),
  );

  socket.on('minutes:update', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, part, update } = await admit(MinutesUpdateRequest, raw, 'what.minutesUpdate', 'minutesUpdate');
      const bytes = toBytes(update);
      await deps.minutes.apply(sessionId, part, viewer(), bytes);
      socket.to(minutesRoom(sessionId, part)).emit('minutes:update', { sessionId, part, update: bytes });
      return { stored: true as const };
    }),
  );

  socket.on('minutes:awareness', (raw) => {
    if (!deps.edge.allows(socket.id, socket.data.caller.account.id, 'awareness')) return;
    const parsed = MinutesUpdateRequest.safeParse(raw);
    if (!parsed.success) return;
    const { sessionId, part, update } = parsed.data;
    // Only a socket that opened the part (so was let in) may speak in its room.
    if (!socket.rooms.has(minutesRoom(sessionId, part)) || !writesIn.has(sessionId)) return;
    socket.volatile.to(minutesRoom(sessionId, part)).emit('minutes:awareness', { sessionId, part, update: toBytes(update) });
  });

  socket.on('minutes:view', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesSessionRequest, raw, 'what.minutesView');
      return deps.minutes.view(sessionId, viewer());
    }),
  );

  socket.on('minutes:fields', (raw, ack) =>
    reply(ack, async () => deps.minutes.setFields(viewer(), await admit(MinutesFieldsRequest, raw, 'what.minutesFields'))),
  );

  socket.on('minutes:conclusion', (raw, ack) =>
    reply(ack, async () => deps.minutes.setConclusion(viewer(), await admit(MinutesConclusionRequest, raw, 'what.minutesFields'))),
  );

  socket.on('minutes:approve', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesApproveRequest, raw, 'what.minutesApprove');
      return deps.minutes.approve(sessionId, viewer());
    }),
  );

  socket.on('minutes:amend', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, reason } = await admit(MinutesAmendRequest, raw, 'what.minutesAmend');
      return deps.minutes.amend(sessionId, viewer(), reason);
    }),
  );

  socket.on('minutes:versions', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesSessionRequest, raw, 'what.minutesVersions');
      return deps.minutes.versions(sessionId);
    }),
  );

  socket.on('minutes:version', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, number } = await admit(MinutesVersionRequest, raw, 'what.minutesVersion');
      return deps.minutes.version(sessionId, number, viewer());
    }),
  );
}
