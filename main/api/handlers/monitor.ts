import type { monitorMethods } from '../../../shared/contract/methods/monitor';
import type { ConnectionFilter } from '../../store/connections';
import type { PeerId, UserId } from '../../store/types';
import type { Caller } from '../../services/context';
import type { Services } from '../../services';
import type { HandlerSet } from '../types';

export type MonitorMethod = keyof typeof monitorMethods;

interface FilterParams {
  readonly peerId?: PeerId | undefined;
  readonly userId?: UserId | undefined;
  readonly event?: ConnectionFilter['event'] | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly before?: ConnectionFilter['before'] | undefined;
  readonly limit: number;
}

/** Only the conditions that were given: absent keys switch a condition off. */
function filterOf(p: FilterParams): ConnectionFilter {
  return {
    limit: p.limit,
    ...(p.peerId === undefined ? {} : { peerId: p.peerId }),
    ...(p.userId === undefined ? {} : { userId: p.userId }),
    ...(p.event === undefined ? {} : { event: p.event }),
    ...(p.since === undefined ? {} : { since: p.since }),
    ...(p.until === undefined ? {} : { until: p.until }),
    ...(p.before === undefined ? {} : { before: p.before }),
  };
}

/** Live status, history, the connection log, disconnect/reconnect and device limits. */
export function monitorHandlers(services: Services, caller: Caller): HandlerSet<MonitorMethod> {
  return {
    'peers.stats': async ({ interfaceId }) => ({
      interfaceId,
      ...services.monitor.snapshot(interfaceId),
    }),
    'peers.disconnect': ({ ids, forSeconds }) =>
      services.access.disconnect(ids, forSeconds, caller),
    'peers.reconnect': ({ ids }) => services.access.reconnect(ids, caller),
    'peers.history': async ({ id, from, to }) => services.history.peerHistory(id, from, to),
    'interfaces.summary': async ({ id }) => services.history.interfaceSummary(id),
    'interfaces.history': async ({ id, from, to }) =>
      services.history.interfaceHistory(id, from, to),
    'connections.list': async (params) => services.connections.list(filterOf(params)),
    'connections.csv': async (params) => services.connections.csv(filterOf(params)),
    'limits.enforceNow': async () => ({ cuts: await services.limits.enforce(caller.actor) }),
  };
}
