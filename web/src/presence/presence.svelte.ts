// Who is connected to the watched session's video room, as the server last said: from the watch's answer
// and from every `presence:snapshot` pushed since. One per page, made with the socket, because the answer
// to a watch comes once per connection and a view mounted later must still find it.
import type { ApiError, PresenceSnapshot } from '$protocol';
import type { LiveManager, Watch } from '../realtime/live.svelte.ts';

export class SessionPresence {
  /** The newest snapshot and the watch it belongs to: a new watch starts from nothing, not from an older list. */
  #latest = $state.raw<{ watch: Watch; snapshot: PresenceSnapshot } | null>(null);
  readonly #live: LiveManager;

  constructor(live: LiveManager) {
    this.#live = live;
    live.on('presence:snapshot', (snapshot) => this.#accept(snapshot));
    live.onWatched((_sessionId, snapshot) => snapshot && this.#accept(snapshot));
  }

  /** The watched session's presence; null until the server has said it for this watch. */
  snapshot = $derived.by((): PresenceSnapshot | null => {
    const latest = this.#latest;
    return latest && latest.watch === this.#live.watching ? latest.snapshot : null;
  });

  /** Why the server refused the watch (no access to the session, say). */
  error = $derived.by((): ApiError | null => this.#live.watchError);

  /** Snapshots can cross on the wire (an ack and a broadcast); the higher version is the newer truth. */
  #accept(snapshot: PresenceSnapshot): void {
    const watch = this.#live.watching;
    if (!watch || snapshot.sessionId !== watch.sessionId) return;
    const current = this.snapshot;
    if (current && snapshot.version < current.version) return;
    this.#latest = { watch, snapshot };
  }
}
