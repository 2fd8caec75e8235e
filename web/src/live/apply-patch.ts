// How a versioned patch meets the state a client holds. Pure, so the rules are easy to read and to test.
import type { LivePatch, LiveState } from '$protocol';

export type PatchOutcome =
  | { kind: 'applied'; state: LiveState }
  /** Already contained in what we hold (a patch crossing a sync answer on the wire). */
  | { kind: 'old' }
  /** Versions were skipped: the client must ask the server for what it missed. */
  | { kind: 'gap' };

export function applyPatch(state: LiveState, patch: LivePatch): PatchOutcome {
  if (patch.sessionId !== state.sessionId || patch.version <= state.version) return { kind: 'old' };
  if (patch.version !== state.version + 1) return { kind: 'gap' };
  const changed = new Map(patch.entries.map((entry) => [entry.id, entry]));
  const entries = state.entries.map((entry) => changed.get(entry.id) ?? entry);
  const known = new Set(state.entries.map((entry) => entry.id));
  for (const entry of patch.entries) if (!known.has(entry.id)) entries.push(entry);
  return { kind: 'applied', state: { ...patch.header, entries } };
}

/**
 * Applies every pending patch that now fits, in version order, and returns what is left waiting for the
 * versions between. Patches older than the state are dropped.
 */
export function drainPending(state: LiveState, pending: LivePatch[]): { state: LiveState; pending: LivePatch[] } {
  let current = state;
  let rest = [...pending].sort((a, b) => a.version - b.version);
  for (;;) {
    rest = rest.filter((patch) => patch.version > current.version);
    const next = rest[0];
    if (!next || next.version !== current.version + 1) return { state: current, pending: rest };
    const outcome = applyPatch(current, next);
    if (outcome.kind === 'applied') current = outcome.state;
    rest = rest.slice(1);
  }
}
