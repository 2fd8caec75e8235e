// Intents clicked while the channel is down or still catching up (a server restart, a network blip) are
// meant for when it is back: they wait here a little, then leave once each, in the order they were made,
// so "call next" then "give the floor" never reach the server the other way round. After the wait they
// leave anyway, and the server (or the lost connection) answers them. An intent is never sent twice: a lost
// answer is reported as lost, since the server may have taken it and a second "call next" calls another
// citizen. Pure (no runes, no socket), so the rule is unit-tested.

export interface IntentOutboxOptions<T, R> {
  /** The channel can take intents now (connected and caught up). */
  ready: () => boolean;
  /** Waiting cannot help (the page left the session, the account signed out): send now and let it fail. */
  hopeless: () => boolean;
  /** Sends one intent; called once per intent, oldest first. */
  deliver: (intent: T) => Promise<R>;
  /** How long an intent waits for the channel before it is sent anyway. */
  waitMs: number;
  /** How often a waiting outbox looks at the channel again. */
  pollMs: number;
}

interface Waiting<T, R> {
  intent: T;
  until: number;
  resolve: (answer: Promise<R>) => void;
  reject: (error: unknown) => void;
}

export class IntentOutbox<T, R> {
  readonly #options: IntentOutboxOptions<T, R>;
  #waiting: Waiting<T, R>[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: IntentOutboxOptions<T, R>) {
    this.#options = options;
  }

  /** Intents not yet sent. */
  get size(): number {
    return this.#waiting.length;
  }

  /** Sends the intent now, or once the channel is ready (or the wait is over); resolves to its answer. */
  send(intent: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ intent, until: Date.now() + this.#options.waitMs, resolve, reject });
      this.flush();
    });
  }

  /**
   * Sends what may leave now, oldest first: everything when the channel is ready, otherwise those whose
   * wait is over. Every intent behind one that waits waits too, so none overtakes another.
   */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const open = this.#options.ready() || this.#options.hopeless();
    const now = Date.now();
    while (this.#waiting[0] && (open || this.#waiting[0].until <= now)) {
      const next = this.#waiting.shift()!;
      // Delivered synchronously, one after the other: the socket keeps the order they are emitted in.
      try {
        next.resolve(this.#options.deliver(next.intent));
      } catch (error) {
        next.reject(error);
      }
    }
    if (this.#waiting.length > 0) this.#timer = setTimeout(() => this.flush(), this.#options.pollMs);
  }
}
