// The minutes follow the live session: every committed change may change a turn's facts (readers are told
// the new version), and a turn marked (or unmarked) confidential after secretaries began its statement
// moves its text to the part its readers may see (each part's readers get the move like any writer's).
import type { EventBus } from '../events/event-bus.ts';
import type { MinutesService } from './minutes.service.ts';

export function followLiveSession(events: EventBus, minutes: MinutesService, log: (m: string) => void): void {
  events.on('live.changed', ({ command, patch }) => {
    // Not awaited: the live announcement of the next change must not wait for the minutes.
    void minutes.changed(patch.sessionId).catch((e: unknown) => log(`minutes: change notice failed: ${String(e)}`));
    if (command !== 'entry.confidential') return;
    void minutes.text
      .placeText(patch.sessionId)
      .then(async (moved) => {
        for (const { part, update } of moved) await events.publish('minutes.text', { sessionId: patch.sessionId, part, update });
      })
      .catch((e: unknown) => log(`minutes: placing text failed: ${String(e)}`));
  });
}
