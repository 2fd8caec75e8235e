// The video room and the live session of one open view, joined when the view mounts and left when it goes.
// Both views that show a session (the room and the TV display) use this, so they cannot drift apart.
import { untrack } from 'svelte';
import type { Me } from '$protocol';
import { LiveSession } from '../live/live-session.svelte.ts';
import type { SessionPresence } from '../presence/presence.svelte.ts';
import type { LiveManager } from '../realtime/live.svelte.ts';
import type { MediaNotices } from './media-notices.svelte.ts';
import { mediaReport } from './media-report.ts';
import { RoomManager, type RoomMode } from './room.svelte.ts';

/** What a view of a session's room (the console, a bridge, the TV) is given by the app. */
export interface RoomViewProps {
  sessionId: string;
  me: Me;
  live: LiveManager;
  presence: SessionPresence;
  media: MediaNotices;
}

/** Call during component set-up. The component is keyed on the session id, so the arguments never change. */
export function useSessionRoom(
  live: LiveManager,
  presence: SessionPresence,
  sessionId: string,
  me: Me,
  mode: RoomMode,
): { room: RoomManager; session: LiveSession } {
  const room = new RoomManager();
  // A room display is a public screen: it gets the public view of the queue (see LiveAudience).
  const session = new LiveSession(live, presence, sessionId, me, mode === 'display' ? 'public' : 'own');
  // untrack keeps a live-state change from re-running the effect (which would leave and rejoin).
  $effect(() => {
    let stopMedia = (): void => {};
    untrack(() => {
      void room.join(sessionId, mode);
      session.start();
      // The media server is back: try the room again now rather than at the next back-off step.
      stopMedia = live.on('hub:media', (status) => {
        if (status.up) room.retryNow();
      });
    });
    return () => {
      stopMedia();
      void room.leave();
      session.stop();
    };
  });
  // A bridge operator's page says when its own media drops and returns, so its citizen's clock stops too
  // when LiveKit cannot tell (a node that died). Each occasion once; the rules ignore anyone else's turn.
  if (mode === 'participant') {
    let reported: string | null = null;
    $effect(() => {
      const report = mediaReport({ role: me.role, siteId: me.site.id, roomState: room.state, state: session.state });
      if (!report || report.key === reported) return;
      reported = report.key;
      void untrack(() => session.reportMedia(report.connected));
    });
  }
  return { room, session };
}
