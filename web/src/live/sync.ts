// How a view keeps its copy of the live session current: each pushed patch is applied when it is exactly
// the next version, ignored when it is already contained, and held while a version in between is missing,
// which asks for a catch-up instead of showing a queue that skipped a change. Pure (no runes, no socket),
// so LiveSession only does the talking and these rules are unit-tested.
import type { LivePatch, LiveState, SyncResult } from '$protocol';
import { applyPatch, drainPending } from './apply-patch.ts';

/** What one view holds of the live session. */
export interface Replica {
  state: LiveState | null;
  /** Patches that came ahead of a missing version (or before the first snapshot), until it arrives. */
  held: LivePatch[];
  /** Catch-ups in a row that still left a hole. */
  holes: number;
}

export const emptyReplica = (): Replica => ({ state: null, held: [], holes: 0 });

/** Catch-ups in a row that may leave a hole before the held patches are dropped rather than chased. */
export const MAX_HOLES = 3;

export type PatchStep =
  /** The state moved on (with every held patch that now fits). */
  | { kind: 'applied'; replica: Replica }
  /** No state yet: the first snapshot is on its way, and the patch waits for it. */
  | { kind: 'held'; replica: Replica }
  /** Already contained in what is held (a patch crossing a catch-up answer on the wire). */
  | { kind: 'stale' }
  /** Versions were skipped: the patch waits, and the view must ask the server for what it missed. */
  | { kind: 'resync'; replica: Replica };

export function receivePatch(replica: Replica, patch: LivePatch): PatchStep {
  if (!replica.state) return { kind: 'held', replica: { ...replica, held: [...replica.held, patch] } };
  const outcome = applyPatch(replica.state, patch);
  if (outcome.kind === 'old') return { kind: 'stale' };
  if (outcome.kind === 'gap') return { kind: 'resync', replica: { ...replica, held: [...replica.held, patch] } };
  return { kind: 'applied', replica: adopt(replica, outcome.state) };
}

export interface CatchUpStep {
  replica: Replica;
  /** Whether the answer was taken as the state (a snapshot older than the state held is not). */
  adopted: boolean;
  /** Ask again: for a snapshot after patches that left a hole, for patches after such a snapshot. */
  again: 'snapshot' | 'patches' | null;
}

/** Takes the answer to a catch-up request (`live:sync`). */
export function receiveSync(replica: Replica, answer: SyncResult): CatchUpStep {
  let next = replica;
  let adopted = false;
  if (answer.kind === 'snapshot') {
    const incoming = answer.snapshot.state;
    // A snapshot older than what patches already brought would step back in time.
    if (!replica.state || incoming.version >= replica.state.version) {
      next = adopt(replica, incoming);
      adopted = true;
    }
  } else if (replica.state) {
    next = adopt({ ...replica, held: [...replica.held, ...answer.patches] }, replica.state);
    adopted = true;
  }
  if (next.held.length === 0) return { replica: { ...next, holes: 0 }, adopted, again: null };
  const holes = next.holes + 1;
  // Chasing for ever would keep the view "syncing"; the next patch that does not fit starts a fresh catch-up.
  if (holes > MAX_HOLES) return { replica: { ...next, held: [], holes: 0 }, adopted, again: null };
  return { replica: { ...next, holes }, adopted, again: answer.kind === 'patches' ? 'snapshot' : 'patches' };
}

function adopt(replica: Replica, state: LiveState): Replica {
  const drained = drainPending(state, replica.held);
  return { ...replica, state: drained.state, held: drained.pending };
}
