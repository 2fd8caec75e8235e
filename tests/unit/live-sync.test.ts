// How a page keeps its queue current from the server's patches: the next version is applied, one it already
// has is ignored, and a skipped version makes it catch up instead of showing a queue that missed a change.
// A confidential citizen withheld from a viewer stays withheld whatever the patches do.
import { describe, expect, it } from 'vitest';
import type { LivePatch, LiveState, QueueEntry } from '../../protocol/index.ts';
import { MAX_HOLES, emptyReplica, receivePatch, receiveSync, type Replica } from '../../web/src/live/sync.ts';
import { BA_DINH, BRIDGE_BD, HOAN_KIEM, Script } from './live/fixtures.ts';

const AT = '2026-11-24T01:00:00.000Z';

/** What the server broadcasts after a change: the new header and the entries that changed. */
function patchBetween(before: LiveState, after: LiveState, view: (e: QueueEntry) => QueueEntry = (e) => e): LivePatch {
  const { entries, ...header } = after;
  const old = new Map(before.entries.map((e) => [e.id, JSON.stringify(e)]));
  const changed = entries.filter((e) => old.get(e.id) !== JSON.stringify(e)).map(view);
  return { sessionId: after.sessionId, version: after.version, at: AT, header, entries: changed };
}

/** Runs one step of the script and returns the patch the server would send for it. */
function step(s: Script, run: (s: Script) => void, view?: (e: QueueEntry) => QueueEntry): LivePatch {
  const before = s.state;
  run(s);
  return patchBetween(before, s.state, view);
}

/** What a viewer outside the chair's circle (and not at the citizen's site) receives of an entry. */
const outsider = (e: QueueEntry): QueueEntry => (e.confidential ? { ...e, citizenName: null, representative: null, subject: null } : e);

const holding = (state: LiveState): Replica => ({ ...emptyReplica(), state });
const names = (r: Replica) => r.state?.entries.map((e) => `${e.citizenName}:${e.status}`);

describe('applying the server’s patches', () => {
  it('applies the next version and ignores one the page already has', () => {
    const s = new Script().live();
    const page = holding(s.state);
    const patch = step(s, (s) => s.register('Nguyễn Văn Hùng'));

    const applied = receivePatch(page, patch);
    expect(applied.kind).toBe('applied');
    if (applied.kind !== 'applied') return;
    expect(applied.replica.state).toEqual(s.state);

    // The same patch again (it crossed a catch-up answer on the wire) changes nothing.
    expect(receivePatch(applied.replica, patch).kind).toBe('stale');
  });

  it('catches up after a missed patch instead of showing a queue that skipped a change', () => {
    const s = new Script().live();
    s.register('Nguyễn Văn Hùng');
    const page = holding(s.state);
    const missed = step(s, (s) => s.register('Trần Thị Lan', HOAN_KIEM));
    const next = step(s, (s) => s.run({ type: 'queue.callNext' }));

    // Version 4 arrives without 3: the queue on screen stays as it was, and the page asks for what it missed.
    const gap = receivePatch(page, next);
    expect(gap.kind).toBe('resync');
    if (gap.kind !== 'resync') return;
    expect(gap.replica.state).toBe(page.state);
    expect(names(gap.replica)).toEqual(['Nguyễn Văn Hùng:WAITING']);

    // The catch-up brings 3; the held 4 follows, and the page shows what every other site shows.
    const caught = receiveSync(gap.replica, { kind: 'patches', patches: [missed], serverTime: AT });
    expect(caught.again).toBeNull();
    expect(caught.replica.state).toEqual(s.state);
    expect(caught.replica.held).toEqual([]);
    expect(names(caught.replica)).toEqual(['Nguyễn Văn Hùng:CALLED', 'Trần Thị Lan:WAITING']);
  });

  it('applies a late patch together with the ones held behind it', () => {
    const s = new Script().live();
    const page = holding(s.state);
    const first = step(s, (s) => s.register('Nguyễn Văn Hùng'));
    const second = step(s, (s) => s.register('Trần Thị Lan', HOAN_KIEM));

    const held = receivePatch(page, second);
    if (held.kind !== 'resync') throw new Error(`expected a resync, got ${held.kind}`);
    const late = receivePatch(held.replica, first);
    expect(late.kind).toBe('applied');
    if (late.kind !== 'applied') return;
    expect(late.replica.state).toEqual(s.state);
    expect(late.replica.held).toEqual([]);
  });

  it('keeps what arrives before the first snapshot and applies it on top', () => {
    const s = new Script().live();
    const snapshot = s.state;
    const early = step(s, (s) => s.register('Nguyễn Văn Hùng'));

    const waiting = receivePatch(emptyReplica(), early);
    expect(waiting.kind).toBe('held');
    if (waiting.kind !== 'held') return;
    const loaded = receiveSync(waiting.replica, { kind: 'snapshot', snapshot: { state: snapshot, serverTime: AT } });
    expect(loaded.adopted).toBe(true);
    expect(loaded.replica.state).toEqual(s.state);
  });

  it('never steps back to a snapshot older than what patches already brought', () => {
    const s = new Script().live();
    const old = s.state;
    s.register('Nguyễn Văn Hùng');
    const caught = receiveSync(holding(s.state), { kind: 'snapshot', snapshot: { state: old, serverTime: AT } });
    expect(caught.adopted).toBe(false);
    expect(caught.replica.state).toBe(s.state);
  });

  it('asks for a snapshot when a catch-up still leaves a hole, and stops chasing after a few', () => {
    const s = new Script().live();
    const page = holding(s.state);
    step(s, (s) => s.register('Nguyễn Văn Hùng'));
    const ahead = step(s, (s) => s.register('Trần Thị Lan', HOAN_KIEM));
    const gap = receivePatch(page, ahead);
    if (gap.kind !== 'resync') throw new Error(`expected a resync, got ${gap.kind}`);

    // Each answer that does not fill the hole asks again, for the whole state after patches.
    let replica = gap.replica;
    for (let i = 0; i < MAX_HOLES; i++) {
      const answer = receiveSync(replica, { kind: 'patches', patches: [], serverTime: AT });
      expect(answer.again).toBe('snapshot');
      replica = answer.replica;
    }
    // Then the held patch is dropped: the next one that does not fit starts a fresh catch-up.
    const given = receiveSync(replica, { kind: 'patches', patches: [], serverTime: AT });
    expect(given.again).toBeNull();
    expect(given.replica.held).toEqual([]);
    expect(given.replica.state).toBe(page.state);
  });
});

describe('a confidential citizen, seen from outside the chair’s circle', () => {
  function confidentialQueue(): { s: Script; page: Replica; id: string } {
    const s = new Script().live();
    const before = s.state;
    const id = s.run(
      {
        type: 'entry.register',
        entry: { siteId: BA_DINH, citizenName: 'Lê Văn Tố', petitionType: 'DENUNCIATION', field: 'LAND', subject: 'Tố cáo cán bộ địa chính', representative: 'Lê Thị Mai', confidential: true },
      },
      BRIDGE_BD,
    )!;
    const registered = patchBetween(before, s.state, outsider);
    const page = receivePatch(holding(before), registered);
    if (page.kind !== 'applied') throw new Error(`expected the registration to apply, got ${page.kind}`);
    return { s, page: page.replica, id };
  }

  it('stays withheld after patches call the citizen and give them the floor', () => {
    const { s, page, id } = confidentialQueue();
    let replica = page;
    for (const run of [(s: Script) => s.run({ type: 'queue.callNext' }), (s: Script) => s.run({ type: 'floor.give', entryId: id })]) {
      const next = receivePatch(replica, step(s, run, outsider));
      if (next.kind !== 'applied') throw new Error(`expected the patch to apply, got ${next.kind}`);
      replica = next.replica;
    }
    const entry = replica.state!.entries.find((e) => e.id === id)!;
    expect(entry.status).toBe('SPEAKING');
    expect(entry).toMatchObject({ citizenName: null, representative: null, subject: null });
  });

  it('loses the name a viewer had once the entry is made confidential', () => {
    const s = new Script().live();
    const id = s.register('Phạm Văn Nam');
    const page = holding(s.state);
    expect(page.state!.entries[0]!.citizenName).toBe('Phạm Văn Nam');

    const patch = step(s, (s) => s.run({ type: 'entry.confidential', entryId: id, confidential: true }), outsider);
    const next = receivePatch(page, patch);
    if (next.kind !== 'applied') throw new Error(`expected the patch to apply, got ${next.kind}`);
    // The patch's entry replaces the one held: nothing of the old, named one survives in the page.
    expect(next.replica.state!.entries[0]).toMatchObject({ confidential: true, citizenName: null });
    expect(JSON.stringify(next.replica.state)).not.toContain('Phạm Văn Nam');
  });
});
