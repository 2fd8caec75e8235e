// What went wrong with the camera or microphone, in the few kinds the room tells people how to fix.
export type MediaProblem = 'permission' | 'notFound' | 'busy' | 'other';

/** The server refused a source (a bridge's microphone outside its turn): a lock, not a device problem. */
export function isPermissionRefusal(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : '';
  return name === 'PublishTrackError' || message.includes('insufficient permissions');
}

export function classifyMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (['NotAllowedError', 'PermissionDeniedError', 'SecurityError'].includes(name)) return 'permission';
  if (['NotFoundError', 'DevicesNotFoundError', 'OverconstrainedError'].includes(name)) return 'notFound';
  if (['NotReadableError', 'TrackStartError', 'AbortError'].includes(name)) return 'busy';
  return 'other';
}
