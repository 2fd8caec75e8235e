// Socket handlers of the live minutes: open (the whole document and the view), update (stored, then
// acknowledged; the gateway relays it to the other writers and readers), awareness (relayed, never
// stored), and the structured fields, approval and versions (committed, then announced as
// `minutes:changed`). The minutes service decides who may do each.
import {
  MinutesAmendRequest,
  MinutesApproveRequest,
  MinutesConclusionRequest,
  MinutesFieldsRequest,
  MinutesOpenRequest,
  MinutesSessionRequest,
  MinutesUpdateRequest,
  MinutesVersionRequest,
  toBytes,
  type MessageKey,
  type MinutesOpened,
} from '../../../protocol/index.ts';
import type { z } from 'zod';
import { parse } from '../errors/validate.ts';
import type { MinutesService } from '../minutes/minutes.service.ts';
import { answer } from './answer.ts';
import { minutesRoom } from './rooms.ts';
import type { HubSocket, MessageGate } from './hub-socket.ts';

export function attachMinutesHandlers(
  socket: HubSocket,
  deps: { minutes: MinutesService; gate: MessageGate; log: (m: string) => void },
): void {
  const reply = <T>(ack: unknown, work: () => Promise<T>): void => answer(ack, deps.log, work);
  const caller = socket.data.signIn.caller;
  /** Sessions whose minutes this socket opened as a writer: only writers' cursors are relayed. */
  const writesIn = new Set<string>();
  /** The socket's gate (sign-in, rate, size), then the schema: every handler starts here. */
  const admit = async <S extends z.ZodType<{ sessionId: string }>>(schema: S, raw: unknown, what: MessageKey, kind: 'intent' | 'minutesUpdate' = 'intent'): Promise<z.output<S>> => {
    await deps.gate.admit(raw, what, kind);
    return parse(schema, raw, what);
  };

  socket.on('minutes:open', (raw, ack) =>
    reply(ack, async (): Promise<MinutesOpened> => {
      const { sessionId, part } = await admit(MinutesOpenRequest, raw, 'what.minutesOpen');
      const opened = await deps.minutes.open(caller, sessionId, part, async () => {
        await socket.join(minutesRoom(sessionId, part));
      });
      if (opened.canEdit) writesIn.add(sessionId);
      return opened;
    }),
  );

  socket.on('minutes:update', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, part, update } = await admit(MinutesUpdateRequest, raw, 'what.minutesUpdate', 'minutesUpdate');
      await deps.minutes.text.apply(caller, sessionId, part, toBytes(update), socket.id);
      return { stored: true as const };
    }),
  );

  socket.on('minutes:awareness', (raw) => {
    const parsed = MinutesUpdateRequest.safeParse(raw);
    if (!parsed.success) return;
    const { sessionId, part, update } = parsed.data;
    // Only a socket that opened the part as a writer (so was let in) may speak in its room. Cursors are
    // not stored and not domain events: they go from socket to room directly, and may be dropped.
    if (!socket.rooms.has(minutesRoom(sessionId, part)) || !writesIn.has(sessionId)) return;
    void deps.gate.allows('awareness').then((allowed) => {
      if (allowed) socket.volatile.to(minutesRoom(sessionId, part)).emit('minutes:awareness', { sessionId, part, update: toBytes(update) });
    });
  });

  socket.on('minutes:view', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesSessionRequest, raw, 'what.minutesView');
      return deps.minutes.view(caller, sessionId);
    }),
  );

  socket.on('minutes:fields', (raw, ack) => reply(ack, async () => deps.minutes.setFields(caller, await admit(MinutesFieldsRequest, raw, 'what.minutesFields'))));

  socket.on('minutes:conclusion', (raw, ack) => reply(ack, async () => deps.minutes.setConclusion(caller, await admit(MinutesConclusionRequest, raw, 'what.minutesFields'))));

  socket.on('minutes:approve', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesApproveRequest, raw, 'what.minutesApprove');
      return deps.minutes.approve(caller, sessionId);
    }),
  );

  socket.on('minutes:amend', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, reason } = await admit(MinutesAmendRequest, raw, 'what.minutesAmend');
      return deps.minutes.amend(caller, sessionId, reason);
    }),
  );

  socket.on('minutes:versions', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId } = await admit(MinutesSessionRequest, raw, 'what.minutesVersions');
      return deps.minutes.approval.versions(caller, sessionId);
    }),
  );

  socket.on('minutes:version', (raw, ack) =>
    reply(ack, async () => {
      const { sessionId, number } = await admit(MinutesVersionRequest, raw, 'what.minutesVersion');
      return deps.minutes.approval.version(caller, sessionId, number);
    }),
  );
}
