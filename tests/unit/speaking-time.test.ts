// One rounding rule for speaking time: the console, the minutes and the documents show the same seconds.
import { describe, expect, it } from 'vitest';
import { speakingSeconds } from '../../protocol/index.ts';
import { formatDuration } from '../../web/src/lib/format.ts';

describe('speaking time', () => {
  it('counts whole seconds down, so 87.6 s spoken reads 01:27 everywhere', () => {
    const start = Date.parse('2026-12-01T01:00:00.000Z');
    const turn = { startedAt: new Date(start).toISOString(), endedAt: new Date(start + 87_600).toISOString(), pausedAt: null, pausedMs: 0 };
    expect(speakingSeconds(turn, 0)).toBe(87);
    expect(formatDuration(speakingSeconds(turn, 0) * 1000)).toBe('01:27');
  });

  it('leaves pauses out, a running one included', () => {
    const start = Date.parse('2026-12-01T01:00:00.000Z');
    const paused = { startedAt: new Date(start).toISOString(), endedAt: null, pausedAt: new Date(start + 60_000).toISOString(), pausedMs: 10_000 };
    expect(speakingSeconds(paused, start + 120_000)).toBe(50);
  });
});
