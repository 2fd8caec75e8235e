// The door to a session's row lock. Every intent of a session waits for the same lock in PostgreSQL; an
// intent waiting there holds one of the pool's connections, so a burst of intents from one site could use
// up the pool and starve everyone, the chair included. Here at most a few intents per session are let
// through to the database at once; the rest wait in memory, the chair's circle ahead of everyone else, and
// one account can have only a few waiting. (Per server instance: each instance has its own pool to protect.)
import { msg } from '../../../protocol/index.ts';
import { AppError } from '../errors/app-error.ts';

/** In the database at once per session: one holds the lock, one is ready behind it. */
const CONCURRENT = 2;
/** Waiting per account: more means the account floods; refused at once. */
const WAITING_PER_ACCOUNT = 4;
/** Waiting per session in all. */
const WAITING_PER_SESSION = 200;

interface Waiter {
  accountId: string;
  start: () => void;
}

class SessionLane {
  running = 0;
  readonly first: Waiter[] = [];
  readonly rest: Waiter[] = [];
  readonly waitingBy = new Map<string, number>();

  get waiting(): number {
    return this.first.length + this.rest.length;
  }
}

export class CommandGate {
  private readonly lanes = new Map<string, SessionLane>();

  /** Runs `work` when the session has room; `first` (the chair's circle) goes ahead of the others waiting. */
  async run<T>(sessionId: string, accountId: string, first: boolean, work: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(sessionId) ?? new SessionLane();
    this.lanes.set(sessionId, lane);
    if (lane.running >= CONCURRENT) {
      const mine = lane.waitingBy.get(accountId) ?? 0;
      if (mine >= WAITING_PER_ACCOUNT || lane.waiting >= WAITING_PER_SESSION) {
        throw new AppError('TOO_MANY_ATTEMPTS', msg('request.busy'), { retryAfter: 1 });
      }
      lane.waitingBy.set(accountId, mine + 1);
      await new Promise<void>((resolve) => (first ? lane.first : lane.rest).push({ accountId, start: resolve }));
      const left = (lane.waitingBy.get(accountId) ?? 1) - 1;
      if (left > 0) lane.waitingBy.set(accountId, left);
      else lane.waitingBy.delete(accountId);
    } else {
      lane.running++;
    }
    try {
      return await work();
    } finally {
      const next = lane.first.shift() ?? lane.rest.shift();
      if (next) next.start(); // the slot passes on: `running` stays the same
      else {
        lane.running--;
        if (lane.running === 0) this.lanes.delete(sessionId);
      }
    }
  }
}
