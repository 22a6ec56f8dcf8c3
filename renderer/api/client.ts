import {
  EVENTS,
  type EventName,
  type EventPayload,
  type MethodName,
  type ParamsIn,
  type ResultOf,
} from '../../shared/contract';
import { ClientError } from './errors';
import type { LinkState, Transport } from './transport';

/**
 * The page's view of main, typed from the contract: one `call` for every
 * method, one `on` for every event. Results are not re-validated here: main
 * validated them against the same schemas, and re-parsing 50,000 peers in the
 * page would cost more than it protects.
 */
export interface Client {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  watchLink(listener: (state: LinkState) => void): () => void;
}

function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENTS, name);
}

/**
 * Which engine a client talks to: one of the desktop's boxes, with the link
 * state the page should see (the window's link and the box's together).
 */
export interface BoxScope {
  readonly box: number;
  watchLink(listener: (state: LinkState) => void): () => void;
}

/** A client of this machine's engine, or (with `scope`) of one box: it sees that box's events only. */
export function createClient(transport: Transport, scope?: BoxScope): Client {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const box = scope?.box;

  transport.subscribe((name, payload, from) => {
    if (from !== box || !isEventName(name)) return;
    const set = listeners.get(name);
    if (set === undefined) return;
    // The payload's type is the one the contract gives this event name.
    for (const l of set) (l as (p: unknown) => void)(payload);
  });

  return {
    async call(method, params) {
      const r = await transport.call(method, params, box);
      if (!r.ok) throw ClientError.fromWire(r.error);
      return r.value as ResultOf<typeof method>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => set.delete(entry);
    },
    watchLink: (listener) => (scope ?? transport).watchLink(listener),
  };
}
