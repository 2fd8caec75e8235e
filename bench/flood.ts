// The chair's intents while one bridge floods the hub (`npm run bench -- flood`): the same chair, the same
// intents, first on a quiet hub (the baseline of this run), then while a bridge socket sends 500 refused
// intents a second and a second socket of the same account asks for the whole state 100 times a second.
import type { CommandResult, LiveCommand } from '../protocol/index.ts';
import { createBenchSession, openSocket, signIn, summary, type BenchSocket } from './common.ts';

const ROUNDS = 60;

async function chairRounds(chair: BenchSocket, sessionId: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const r: CommandResult = await chair.emitWithAck('live:command', { sessionId, command: { type: 'turn.addTime', seconds: 10 } });
    if (!r.ok) throw new Error(`the chair's intent was refused: ${r.error.message}`);
    times.push(performance.now() - t0);
    const s0 = performance.now();
    const sync = await chair.emitWithAck('live:sync', { sessionId, version: null });
    if (!sync.ok) throw new Error(`the chair's sync was refused: ${sync.error.message}`);
    times.push(performance.now() - s0);
    await new Promise((r) => setTimeout(r, 250));
  }
  return times;
}

export async function flood(baseUrl: string, databaseUrl: string): Promise<Record<string, unknown>> {
  const { id: sessionId, sites } = await createBenchSession(databaseUrl, 'Đo tải tấn công dồn dập');
  const chair = await openSocket(baseUrl, await signIn(baseUrl, 'chutri'));
  const bridgeCookie = await signIn(baseUrl, 'diemcau.badinh');
  const [bridge, reader] = await Promise.all([openSocket(baseUrl, bridgeCookie), openSocket(baseUrl, bridgeCookie)]);
  const must = async (s: BenchSocket, command: LiveCommand): Promise<CommandResult> => {
    const r: CommandResult = await s.emitWithAck('live:command', { sessionId, command });
    if (!r.ok) throw new Error(`${command.type}: ${r.error.message}`);
    return r;
  };
  await must(chair, { type: 'session.open' });
  await must(chair, { type: 'session.start' });
  const reg = await must(bridge, {
    type: 'entry.register',
    entry: { siteId: sites['BA-DINH']!, citizenName: 'Đo Tải', petitionType: 'COMPLAINT', field: 'LAND' },
  });
  const entryId = reg.ok ? reg.entryId! : '';
  await must(chair, { type: 'floor.give', entryId });

  const quiet = await chairRounds(chair, sessionId);

  const answers: Record<string, number> = {};
  let flooding = true;
  const sent = { intents: 0, syncs: 0 };
  const floodLoop = (async () => {
    while (flooding) {
      for (let i = 0; i < 50; i++) {
        sent.intents++;
        void bridge.emitWithAck('live:command', { sessionId, command: { type: 'floor.give', entryId } }).then((r: CommandResult) => {
          const code = r.ok ? 'OK' : r.error.code;
          answers[code] = (answers[code] ?? 0) + 1;
        });
      }
      for (let i = 0; i < 10; i++) {
        sent.syncs++;
        void reader.emitWithAck('live:sync', { sessionId, version: null });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const flooded = await chairRounds(chair, sessionId);
  flooding = false;
  await floodLoop;
  for (const s of [chair, bridge, reader]) s.disconnect();
  return {
    rounds: ROUNDS * 2,
    quiet: summary(quiet),
    duringFlood: summary(flooded),
    flood: { intentsSent: sent.intents, syncsSent: sent.syncs, answers },
  };
}
