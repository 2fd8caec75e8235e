// A form's own check before sending, in the shape the server's refusals have, so a page shows both alike.
import type { ApiError } from '$protocol';
import type { z } from 'zod';

export function schemaError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  return { code: 'BAD_REQUEST', statusCode: 400, message: issue?.message ?? '' };
}
