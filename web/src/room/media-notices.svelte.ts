// What the hub says about the media: whether its media server (LiveKit) answers, and what the media guard
// did about a site publishing sound without the floor. One per page, made with the socket, because the
// server says the media server's state once on every connect, before any room view may be open.
import type { MediaRefusalNotice, MediaServerStatus, ServerToClientEvents } from '$protocol';
import type { LiveManager } from '../realtime/live.svelte.ts';

export type MediaOffense = Parameters<ServerToClientEvents['media:offense']>[0];

export class MediaNotices {
  /** Whether the hub's media server answers, as the hub last said; null before it said. */
  server = $state.raw<MediaServerStatus | null>(null);
  /** The hub caught this account's site publishing sound without the floor: what it did and why. */
  refusal = $state.raw<MediaRefusalNotice | null>(null);
  /** For the chair's circle: the last site caught doing so. */
  offense = $state.raw<MediaOffense | null>(null);

  constructor(live: LiveManager) {
    live.on('hub:media', (status) => (this.server = status));
    live.on('media:refused', (notice) => (this.refusal = notice));
    live.on('media:offense', (offense) => (this.offense = offense));
  }
}
