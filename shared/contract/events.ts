import { z } from 'zod';
import { event } from './define';
import { PeerStats } from './views';

export const EVENTS = {
  'peers.stats': event({
    summary: 'Live numbers of the peers that changed since the last push (at most one per second).',
    payload: z.object({ interfaceId: z.number(), at: z.number(), peers: z.array(PeerStats) }),
  }),
  'state.changed': event({
    summary: 'Desired state changed (by this or another window): reload what is named.',
    payload: z.object({
      // 'openvpn': an OpenVPN server's link or sessions (issue 14); 'network': forwarding, NAT, rules.
      what: z.enum([
        'interfaces',
        'peers',
        'users',
        'drift',
        'logs',
        'settings',
        'openvpn',
        'network',
      ]),
      ids: z.array(z.number()).optional(),
    }),
  }),
};

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]['payload']>;
