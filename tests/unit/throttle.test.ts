import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, lockoutAfterFailures, secondsUntil } from '../../server/src/auth/throttle.ts';

describe('slowing down repeated failed sign-ins', () => {
  it('lets four failures pass without waiting', () => {
    for (let n = 0; n < FREE_ATTEMPTS; n++) expect(lockoutAfterFailures(n)).toBe(0);
  });

  it('makes the fifth failure in a row wait 30 seconds, doubling after each further failure', () => {
    expect(lockoutAfterFailures(5)).toBe(30_000);
    expect(lockoutAfterFailures(6)).toBe(60_000);
    expect(lockoutAfterFailures(7)).toBe(120_000);
  });

  it('never makes anyone wait more than 15 minutes', () => {
    expect(lockoutAfterFailures(40)).toBe(15 * 60_000);
  });

  it('rounds the wait up to whole seconds and never says 0', () => {
    const now = new Date(1_000_000);
    expect(secondsUntil(new Date(1_000_000 + 1_200), now)).toBe(2);
    expect(secondsUntil(new Date(1_000_000 - 5), now)).toBe(1);
  });
});
