// Intents clicked while the live channel is reconnecting wait for it, then reach the server once each and
// in the order they were made; after a while they go anyway, so the person hears why instead of waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IntentOutbox } from '../../web/src/realtime/outbox.ts';

const WAIT_MS = 15_000;
const POLL_MS = 100;

function channel() {
  const sent: string[] = [];
  const link = { ready: false, hopeless: false };
  const outbox = new IntentOutbox<string, string>({
    ready: () => link.ready,
    hopeless: () => link.hopeless,
    deliver: async (intent) => {
      sent.push(intent);
      return `ok:${intent}`;
    },
    waitMs: WAIT_MS,
    pollMs: POLL_MS,
  });
  return { sent, link, outbox };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('intents made while the live channel reconnects', () => {
  it('are sent at once while the channel is up', async () => {
    const { sent, link, outbox } = channel();
    link.ready = true;
    await expect(outbox.send('queue.callNext')).resolves.toBe('ok:queue.callNext');
    expect(sent).toEqual(['queue.callNext']);
  });

  it('wait for the channel, then reach the server once each, in the order they were made', async () => {
    const { sent, link, outbox } = channel();
    const answers = [outbox.send('queue.callNext'), outbox.send('floor.give'), outbox.send('turn.addTime')];
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toEqual([]);
    expect(outbox.size).toBe(3);

    link.ready = true;
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(sent).toEqual(['queue.callNext', 'floor.give', 'turn.addTime']);
    await expect(Promise.all(answers)).resolves.toEqual(['ok:queue.callNext', 'ok:floor.give', 'ok:turn.addTime']);

    // Nothing goes out a second time, however long the page stays.
    await vi.advanceTimersByTimeAsync(WAIT_MS * 2);
    expect(sent).toHaveLength(3);
  });

  it('never lets a new intent overtake one still waiting', async () => {
    const { sent, link, outbox } = channel();
    void outbox.send('queue.callNext');
    link.ready = true; // back, but the outbox has not looked yet
    void outbox.send('floor.give');
    expect(sent).toEqual(['queue.callNext', 'floor.give']);
  });

  it('go anyway once the wait is over, so the lost connection is reported instead of hanging', async () => {
    const { sent, outbox } = channel();
    void outbox.send('queue.callNext');
    await vi.advanceTimersByTimeAsync(WAIT_MS - POLL_MS);
    void outbox.send('floor.give');
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    // The first has waited long enough; the second, made later, keeps waiting its own time behind it.
    expect(sent).toEqual(['queue.callNext']);
    await vi.advanceTimersByTimeAsync(WAIT_MS);
    expect(sent).toEqual(['queue.callNext', 'floor.give']);
  });

  it('go at once when waiting cannot help (the page left, the account signed out)', async () => {
    const { sent, link, outbox } = channel();
    void outbox.send('queue.callNext');
    link.hopeless = true;
    outbox.flush();
    expect(sent).toEqual(['queue.callNext']);
  });
});
