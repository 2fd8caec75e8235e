// Five failed sign-ins in a row slow the account down: each further failure doubles the wait,
// from 30 seconds up to 15 minutes. Pure, so the rule is unit-tested without a clock.
export const FREE_ATTEMPTS = 5;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

/** How long the account must wait after its `failedLogins`-th consecutive failure (0 = no wait). */
export function lockoutAfterFailures(failedLogins: number): number {
  if (failedLogins < FREE_ATTEMPTS) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failedLogins - FREE_ATTEMPTS), MAX_DELAY_MS);
}

export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
