import type { z } from 'zod';
import { invalidInput, type AppError } from '../errors';
import { err, ok, type Result } from '../result';

/** Validates raw params against a method's schema; the first problem becomes InvalidInput naming its field. */
export function parseParams<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): Result<z.output<S>, AppError> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return ok(r.data);
  const issue = r.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'params';
  return err(invalidInput(field, issue?.message ?? 'is not valid'));
}
