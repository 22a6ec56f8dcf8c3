import type { EventName, EventPayload } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Host } from '../host/host';
import type { HostId, InterfaceId, InterfaceRecord, Store } from '../store';
import { KernelPipeline } from './kernel/pipeline';

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
  /** Every kernel change of this host goes through it (kernel/pipeline.ts). */
  readonly kernel: KernelPipeline;
}

/** Who asked: recorded in the audit log ("admin", "cli", "monitor", "limit"). */
export interface Caller {
  readonly actor: string;
}

/** An interface of this host, or NotFound: a service never acts on another host's rows. */
export function requireInterface(ctx: ServiceContext, id: InterfaceId): InterfaceRecord {
  const found = ctx.store.interfaces.getById(id);
  if (found === undefined || found.hostId !== ctx.hostId) {
    throw new AppError('NotFound', `interface ${id} does not exist`);
  }
  return found;
}

/** A context with its kernel pipeline: one per managed host, shared by every service built on it. */
export function createContext(parts: Omit<ServiceContext, 'kernel'>): ServiceContext {
  return { ...parts, kernel: new KernelPipeline(parts.host, parts.store, parts) };
}
