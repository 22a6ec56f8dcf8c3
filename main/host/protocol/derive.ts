/**
 * The two sides of the helper protocol, derived from the operation table
 * (ops.ts): `answer` is the helper's end (named arguments in, a Host call, a
 * wire value out) and ForwardingHost the app's end (a Host whose every method
 * sends its operation and turns the answer back). Neither lists an operation:
 * both loop over the table.
 */
import { AppError } from '../../../shared/errors';
import type { Host } from '../host';
import type { ResultCodec } from './entry';
import { OP_NAMES, OPS, type OpName } from './ops';

/** Named arguments as they cross the wire. */
export type WireArgs = Readonly<Record<string, unknown>>;

/** One entry as code that handles every operation alike sees it. */
interface Entry {
  readonly params: readonly string[];
  readonly result: ResultCodec<unknown, unknown>;
  readonly unsupported?: string;
}
const ENTRIES: Readonly<Record<OpName, Entry>> = OPS;

/**
 * A Host method called with loosely typed arguments. Sound here because the
 * table is checked against Host (entry.ts): each entry's `params` name, in
 * order, fields whose validated values have the method's parameter types.
 */
type LooseMethod = (this: Host, ...params: unknown[]) => Promise<unknown>;

/** Runs one validated operation on `host`; resolves with its result as the wire carries it. */
export async function answer(host: Host, op: OpName, args: WireArgs): Promise<unknown> {
  const { params, result, unsupported } = ENTRIES[op];
  const method = host[op] as LooseMethod | undefined;
  if (method === undefined) {
    throw new AppError('Incompatible', unsupported ?? `this helper cannot ${op}`);
  }
  const values = params.map((name) => args[name]);
  return result.toWire(await method.apply(host, values));
}

/**
 * The base of a Host whose operations run elsewhere (HelperHost) or nowhere
 * (UnprivilegedHost): every Host method is defined on its prototype from the
 * table, and sends its operation with named arguments through `send`. A
 * subclass may still define a method itself, which then wins.
 */
abstract class Forwarding {
  /** Sends one operation; resolves with its answer as the wire carries it. */
  protected abstract send(op: OpName, args: WireArgs): Promise<unknown>;

  static {
    for (const op of OP_NAMES) {
      const { params, result } = ENTRIES[op];
      Object.defineProperty(this.prototype, op, {
        configurable: true,
        writable: true,
        async value(this: Forwarding, ...values: unknown[]): Promise<unknown> {
          const args = Object.fromEntries(params.map((name, i) => [name, values[i]]));
          // The answer is taken as the operation's result: see HelperHost for why.
          return result.fromWire(await this.send(op, args));
        },
      });
    }
  }
}

/** Host's optional methods, which Forwarding's prototype holds all the same. */
type OptionalOp = { [K in keyof Host]-?: undefined extends Host[K] ? K : never }[keyof Host];

/** Forwarding, typed as what its prototype holds: every Host method, the optional ones included. */
export const ForwardingHost = Forwarding as abstract new () => Forwarding &
  Host &
  Required<Pick<Host, OptionalOp>>;
