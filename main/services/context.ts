import type { EventName, EventPayload } from '../../shared/contract';
import type { Host } from '../host/host';
import type { HostId, Store } from '../store';

/** Where services push events; the transports fan them out to every window. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** What every service is built from. One per managed host. */
export interface ServiceContext {
  readonly store: Store;
  readonly host: Host;
  readonly hostId: HostId;
  /** Unix ms; tests pass a controllable clock. */
  readonly now: () => number;
  readonly events: EventSink;
}

/** Who asked: recorded in the audit log ("admin", "cli", "monitor", "limit"). */
export interface Caller {
  readonly actor: string;
}
