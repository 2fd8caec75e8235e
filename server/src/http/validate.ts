// Validate at the edge, trust inside: every body, query, param and socket payload passes a schema once.
import type { z } from 'zod';
import { validationError } from './errors.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, what);
  return result.data;
}
