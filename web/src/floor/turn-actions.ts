// The chair's and moderator's turn intents, shared by the buttons and the keyboard shortcuts, so a key
// does exactly what its button does.
import { vi, type CommandResult } from '$protocol';
import type { LiveSession } from '../live/live-session.svelte.ts';

export type TurnAction = 'callNext' | 'giveFloor' | 'endTurn' | 'addMinute' | 'togglePause';

const nothingToDo: CommandResult = { ok: false, error: { code: 'CONFLICT', statusCode: 409, message: '' } };
const nobodyCalled: CommandResult = { ok: false, error: { code: 'CONFLICT', statusCode: 409, message: vi('live.nobodyCalled'), key: 'live.nobodyCalled' } };

export function runTurnAction(session: LiveSession, action: TurnAction): Promise<CommandResult> {
  switch (action) {
    case 'callNext':
      // Names whom the caller saw as next, so a queue that changed meanwhile is refused, not surprised.
      return session.send({ type: 'queue.callNext', expectedEntryId: session.next?.id });
    case 'giveFloor':
      // Pressing G with nobody called says what to do instead of nothing.
      return session.called ? session.send({ type: 'floor.give', entryId: session.called.id }) : Promise.resolve(session.explain(nobodyCalled));
    case 'endTurn':
      // As the button: the conclusion is offered first (EndTurnPanel ends the turn).
      if (session.current) session.ending = true;
      return Promise.resolve(nothingToDo);
    case 'addMinute':
      return session.send({ type: 'turn.addTime', seconds: 60 });
    case 'togglePause':
      if (!session.current) return Promise.resolve(nothingToDo);
      return session.send({ type: session.current.status === 'PAUSED' ? 'turn.resume' : 'turn.pause' });
  }
}

const KEYS: Record<string, TurnAction> = { n: 'callNext', g: 'giveFloor', e: 'endTurn', '+': 'addMinute', p: 'togglePause' };

/** The shortcut a key press means, or null: never while typing, never with a modifier held. */
export function shortcutFor(event: KeyboardEvent): TurnAction | null {
  if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target)) return null;
  return KEYS[event.key.toLowerCase()] ?? null;
}

const NOT_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT_INPUTS.has(target.type);
}
