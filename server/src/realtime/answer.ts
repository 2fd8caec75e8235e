import type { Ack, ApiError } from '../../../protocol/index.ts';
import { toApiError } from '../errors/app-error.ts';

/** Every client intent gets an answer: the result, or an error it can show. Never a silent drop. */
export function answer<T>(ack: unknown, log: (m: string) => void, work: () => Promise<T>): void {
  const reply = typeof ack === 'function' ? (ack as (res: Ack<T>) => void) : () => {};
  work()
    .then((data) => reply({ ok: true, data }))
    .catch((err: unknown) => {
      const error: ApiError = toApiError(err, log);
      reply({ ok: false, error });
    });
}
