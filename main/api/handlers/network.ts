import type { networkMethods } from '../../../shared/contract/methods/network';
import type { Caller } from '../../services/context';
import type { Services } from '../../services';
import type { AccessRuleSettings, NetworkSettings } from '../../store';
import type { HandlerSet } from '../types';

export type NetworkMethod = keyof typeof networkMethods;

type Sent<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Only the fields that were sent: absent means unchanged. */
function defined<T extends object>(o: T): Sent<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Sent<T>;
}

/** A server's network (reach, uplink, NAT, policy) and its access rules. */
export function networkHandlers(services: Services, caller: Caller): HandlerSet<NetworkMethod> {
  const net = services.network;
  return {
    'network.get': async ({ interfaceId }) => net.get(interfaceId),
    'network.configure': async ({ interfaceId, ...patch }) => {
      const fields: Partial<NetworkSettings> & { managed?: boolean } = defined(patch);
      return net.configure(interfaceId, fields, caller);
    },
    'network.rules.create': async ({ interfaceId, priority, ...rest }) =>
      net.createRule(interfaceId, priority === undefined ? rest : { ...rest, priority }, caller),
    'network.rules.update': async ({ id, ...patch }) => {
      const fields: Partial<AccessRuleSettings> = defined(patch);
      return net.updateRule(id, fields, caller);
    },
    'network.rules.delete': async ({ id }) => ({ deleted: await net.deleteRule(id, caller) }),
    'network.explain': async (p) => net.explain(p),
  };
}
