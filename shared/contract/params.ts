import type { z } from 'zod';
import { invalidInputs, type AppError } from '../errors';
import type { Problem } from '../problems';
import { zodProblem } from './zod-problems';
import { err, ok, type Result } from '../result';

/**
 * Validates raw params against a method's schema. Every field's first problem
 * is reported at once (a form shows them all); one problem stays a plain
 * InvalidInput naming its field. A problem a shared validator found keeps its
 * code (fields.ts `refuse`), and what zod itself refuses gets one
 * (zod-problems.ts), for the window to word it in the admin's language.
 */
export function parseParams<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): Result<z.output<S>, AppError> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return ok(r.data);
  const problems: Record<string, string> = {};
  const coded: Record<string, Problem> = {};
  for (const issue of r.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'params';
    if (Object.hasOwn(problems, field)) continue;
    problems[field] = issue.message;
    const p = zodProblem(issue, raw);
    if (p !== undefined) coded[field] = p;
  }
  return err(invalidInputs(problems, coded));
}
