// Validate at the edge, trust inside: every body, query, param and socket payload passes a schema once.
import type { z } from 'zod';
import type { MessageKey } from '../../../protocol/index.ts';
import { validationError } from './app-error.ts';

/** `what` names the request in the error a person reads ("The action is not valid: ..."). */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what?: MessageKey): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, what);
  return result.data;
}
