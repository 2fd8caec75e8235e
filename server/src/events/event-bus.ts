// Delivers domain events to the features that follow them, in this process. Listeners run after the
// commit; one that fails is logged and never undoes the change or stops the others.
//
// Media follows "restrict first, then announce; announce first, then lift", so a listener says when it
// runs relative to the announcement (the gateway's broadcast): `restrict` listeners finish before it
// (up to RESTRICT_WAIT_MS: a LiveKit that is slow or down no longer holds the session back), `announce`
// ones are the announcement, `lift` ones start after it. Events of one key (a session) are delivered in
// the order they were published, so patches go out in version order even while LiveKit is slow.
import type { DomainEvents, EventName } from './domain-events.ts';

export type Phase = 'restrict' | 'announce' | 'lift';
export type Listener<E extends EventName> = (event: DomainEvents[E]) => void | Promise<void>;

const RESTRICT_WAIT_MS = 3000;

export class EventBus {
  private readonly listeners = new Map<EventName, Record<Phase, Set<Listener<never>>>>();
  /** Per ordering key, the delivery still running: the next event of that key waits for its announcement. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly log: (m: string) => void) {}

  on<E extends EventName>(name: E, listener: Listener<E>, phase: Phase = 'announce'): () => void {
    let phases = this.listeners.get(name);
    if (!phases) this.listeners.set(name, (phases = { restrict: new Set(), announce: new Set(), lift: new Set() }));
    const set = phases[phase] as Set<Listener<E>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Delivers an event. Resolves once it has been announced (restrictions applied, broadcast made); `lift`
   * listeners may still be running. With `orderKey`, deliveries of the same key are announced in order.
   */
  publish<E extends EventName>(name: E, event: DomainEvents[E], orderKey?: string): Promise<void> {
    if (!orderKey) return this.deliver(name, event);
    const key = `${name}:${orderKey}`;
    const run = (this.chains.get(key) ?? Promise.resolve()).then(() => this.deliver(name, event));
    const settled = run.catch(() => undefined);
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return run;
  }

  private async deliver<E extends EventName>(name: E, event: DomainEvents[E]): Promise<void> {
    const phases = this.listeners.get(name);
    if (!phases) return;
    const run = (phase: Phase): Promise<unknown> =>
      Promise.all(
        [...(phases[phase] as Set<Listener<E>>)].map(async (l) => {
          try {
            await l(event);
          } catch (e) {
            this.log(`events: a ${phase} listener of ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          }
        }),
      );
    if (phases.restrict.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), RESTRICT_WAIT_MS)));
      if ((await Promise.race([run('restrict'), late])) === 'late') this.log(`events: restrictions of ${name} still running; announcing anyway`);
      clearTimeout(timer);
    }
    await run('announce');
    void run('lift');
  }
}
