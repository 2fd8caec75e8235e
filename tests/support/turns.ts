// Holds a few turns of a live session the way the chair does: open, start, register, give the floor,
// end the turn (the last one can be left speaking). Returns the entry ids in speaking order.
import type { RegistrationInput } from '../../protocol/index.ts';
import { testDb } from './db.ts';
import { LiveClient } from './live.ts';

export type TurnInput = Omit<RegistrationInput, 'siteId'> & { siteCode: string };

export async function siteIds(): Promise<Record<string, string>> {
  const db = testDb();
  try {
    return Object.fromEntries((await db.site.findMany()).map((s) => [s.code, s.id]));
  } finally {
    await db.$disconnect();
  }
}

export async function holdTurns(sessionId: string, turns: TurnInput[], opts: { close?: boolean; lastSpeaking?: boolean } = {}): Promise<string[]> {
  const sites = await siteIds();
  const mod = await LiveClient.open('chutri', sessionId);
  try {
    const status = mod.state!.status;
    if (status === 'SCHEDULED') await mod.must({ type: 'session.open' });
    if (status === 'SCHEDULED' || status === 'OPEN') await mod.must({ type: 'session.start' });
    const ids: string[] = [];
    for (const [i, { siteCode, ...t }] of turns.entries()) {
      const reg = await mod.must({ type: 'entry.register', entry: { ...t, siteId: sites[siteCode]! } });
      await mod.must({ type: 'floor.give', entryId: reg.entryId! });
      if (!(opts.lastSpeaking && i === turns.length - 1)) await mod.must({ type: 'turn.end' });
      ids.push(reg.entryId!);
    }
    if (opts.close) await mod.must({ type: 'session.close' });
    return ids;
  } finally {
    mod.close();
  }
}
