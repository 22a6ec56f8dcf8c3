import { AppError } from '../../shared/errors';
import type { InterfaceId, InterfaceRecord } from '../store';
import type { ServiceContext } from './context';
import type { KeyedQueue } from './serial';

/** What the services share: the context and one queue of kernel changes per interface. */
export interface Deps {
  readonly ctx: ServiceContext;
  readonly queue: KeyedQueue;
}

/** An interface of this host, or NotFound: a service never acts on another host's rows. */
export function requireInterface(deps: Deps, id: InterfaceId): InterfaceRecord {
  const found = deps.ctx.store.interfaces.getById(id);
  if (found === undefined || found.hostId !== deps.ctx.hostId) {
    throw new AppError('NotFound', `interface ${id} does not exist`);
  }
  return found;
}
