import type { z } from 'zod';
import { invalidInputs, type AppError } from '../errors';
import { err, ok, type Result } from '../result';

/**
 * Validates raw params against a method's schema. Every field's first problem
 * is reported at once (a form shows them all); one problem stays a plain
 * InvalidInput naming its field.
 */
export function parseParams<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): Result<z.output<S>, AppError> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return ok(r.data);
  const problems: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'params';
    problems[field] ??= issue.message;
  }
  return err(invalidInputs(problems));
}
