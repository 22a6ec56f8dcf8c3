/**
 * What one entry of the operation table (ops.ts) declares, and the checks that
 * tie it to the Host interface at compile time: the table must name exactly
 * Host's methods, each entry's `params` must name its schema's fields in the
 * order of the method's parameters with types that fit both ways, and its
 * result codec must turn the method's result into JSON and back.
 */
import type { z } from 'zod';
import type { Host } from '../host';

/** Every Host method is a helper operation, the optional ones included. */
type HostOp = keyof Host;
type Method<K extends HostOp> = NonNullable<Host[K]>;
export type HostParams<K extends HostOp> = Parameters<Method<K>>;
export type HostResult<K extends HostOp> = Awaited<ReturnType<Method<K>>>;

/** A result as JSON carries it: JSON has no Map and drops `undefined`. */
type Wire<R> = undefined extends R
  ? null
  : R extends ReadonlyMap<string, infer V>
    ? readonly V[]
    : R;

/** How one operation's result crosses the wire, in both directions. */
export interface ResultCodec<R, W> {
  toWire(value: R): W;
  fromWire(value: W): R;
}

/** A result that JSON carries as it is. */
export const asIs = {
  toWire: <T>(value: T): T => value,
  fromWire: <T>(value: T): T => value,
};

/** A void operation answers null: `undefined` would vanish from the JSON. */
export const asNull: ResultCodec<void, null> = {
  toWire: () => null,
  fromWire: () => undefined,
};

/** A Map by name travels as the list of its values; each value carries its name. */
export const mapAsList = {
  toWire: <V>(map: ReadonlyMap<string, V>): readonly V[] => [...map.values()],
  fromWire: <V extends { readonly name: string }>(list: readonly V[]): ReadonlyMap<string, V> =>
    new Map(list.map((v) => [v.name, v])),
};

/** The schema's declared fields (a strict empty object would otherwise index by any string). */
type Fields<S extends z.ZodObject> = keyof S['shape'] & keyof z.output<S> & keyof z.input<S>;

/** The fields whose validated value is a `T`, and that a `T` can be sent as. */
type FieldsFor<S extends z.ZodObject, T> = {
  [N in Fields<S>]: [z.output<S>[N]] extends [T]
    ? [T] extends [z.input<S>[N]]
      ? N
      : never
    : never;
}[Fields<S>];

/** For each Host parameter in turn, the name of the field that carries it. */
type Positional<S extends z.ZodObject, P extends readonly unknown[]> = {
  readonly [I in keyof P]: FieldsFor<S, P[I]>;
};

/** Schema fields no parameter fills: the client would never send them. */
type Unfilled<S extends z.ZodObject, E> = E extends { readonly params: readonly (infer N)[] }
  ? Exclude<Fields<S>, N>
  : never;

/** An optional Host method may be missing from the helper's host: say what then cannot be done. */
type Support<K extends HostOp> = undefined extends Host[K]
  ? { readonly unsupported: string }
  : { readonly unsupported?: never };

/** What the table must hold for operation `K`, given what its entry `E` says. */
type OpEntry<K extends HostOp, E> = E extends { readonly args: infer S extends z.ZodObject }
  ? {
      /** The named arguments on the wire, checked strictly by the helper. */
      readonly args: S;
      /** Which argument carries each of the Host method's parameters, in order. */
      readonly params: Positional<S, HostParams<K>>;
      /** Changes the machine: the helper runs these one at a time, in arrival order. */
      readonly mutates: boolean;
      readonly result: ResultCodec<HostResult<K>, Wire<HostResult<K>>>;
    } & Support<K> &
      ([Unfilled<S, E>] extends [never] ? unknown : { readonly unfilled: Unfilled<S, E> })
  : { readonly args: z.ZodObject };

/** The whole table: one entry for each Host method, and nothing else. */
type OpTable<T> = {
  readonly [K in HostOp]: OpEntry<K, K extends keyof T ? T[K] : never>;
} & {
  readonly [K in Exclude<keyof T, HostOp>]: never;
};

/** Checks a table against Host (see OpTable) and keeps its exact type. */
export function opTable<const T extends OpTable<T>>(table: T): T {
  return table;
}
