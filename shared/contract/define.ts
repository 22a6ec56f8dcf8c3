import type { z } from 'zod';

/**
 * One contract method: the params schema (validated on the main side before any
 * handler runs), the result schema, and a sentence for `wgdesk api --list`.
 * `mutates` marks methods that change state: they are audited and serialized.
 */
export interface MethodDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly params: P;
  readonly result: R;
  readonly summary: string;
  readonly mutates: boolean;
}

export function method<P extends z.ZodType, R extends z.ZodType>(
  def: MethodDef<P, R>,
): MethodDef<P, R> {
  return def;
}

/** A pushed event: a name and its payload schema. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly summary: string;
}

export function event<P extends z.ZodType>(def: EventDef<P>): EventDef<P> {
  return def;
}
