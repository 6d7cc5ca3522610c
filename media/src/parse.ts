import type { z } from 'zod';
import { MediaError, MediaErrorCode } from './errors';

export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new MediaError(MediaErrorCode.INVALID_PAYLOAD, 'invalid media request', {
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return result.data;
}
