// The socket rooms, by what they gather. The gateway emits to rooms only, never to a socket it holds, so a
// socket held by another instance (with the socket.io Redis adapter) is reached the same way.
import type { MinutesPart } from '../../../protocol/index.ts';
import type { Audience } from '../access/redaction.ts';

/** Every page of one account (a media sanction is told to the person). */
export const accountRoom = (accountId: string): string => `account:${accountId}`;
/** Every socket opened with one sign-in: they close together when it ends. */
export const signInRoom = (authSessionId: string): string => `signin:${authSessionId}`;
/** Pages that watch a session's presence. */
export const presenceRoom = (sessionId: string): string => `session:${sessionId}`;
/** Every socket following a session's live state, whatever its audience: a patch that names no one goes here once. */
export const liveRoom = (sessionId: string): string => `live:${sessionId}`;
/** The sockets of one audience of a session's live state: a patch that names a confidential citizen goes to each. */
export const audienceRoom = (sessionId: string, a: Audience): string =>
  a.kind === 'site' ? `live:${sessionId}:site:${a.siteId}` : `live:${sessionId}:${a.kind}`;
/** Every reader of a session's minutes is in its open room; the chair's circle also joins the closed one. */
export const minutesRoom = (sessionId: string, part: MinutesPart = 'open'): string => (part === 'open' ? `minutes:${sessionId}` : `minutes:${sessionId}:closed`);
