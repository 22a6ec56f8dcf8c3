import { z } from 'zod';
import { event } from './define';
import { StatsPush } from './stats-push';

export const EVENTS = {
  'peers.stats': event({
    summary:
      'Live numbers of the peers that changed since the last push (at most one per second), ' +
      'as columns of deltas: decode with shared/contract/stats-push.ts.',
    payload: StatsPush,
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
  // Issue 15, point 11: a bulk create says how far it is while it runs.
  'peers.bulkProgress': event({
    summary:
      'A bulk create under way on a server: key pairs made so far of the total, pushed per chunk.',
    payload: z.object({ interfaceId: z.number(), done: z.number(), total: z.number() }),
  }),
  // Lifecycle (issue 12): also written to the connection log; the window shows a notice.
  'quota.warning': event({
    summary:
      "A quota reached 80 or 90 % in its period: a peer's own, or a user's (all their peers).",
    payload: z.object({
      scope: z.enum(['peer', 'user']),
      /** The peer's or the user's id, and its name when the warning was given. */
      id: z.number(),
      name: z.string(),
      percent: z.number(),
      used: z.number(),
      bytes: z.number(),
    }),
  }),
  // Issue 17: with many peers the monitor polls less often, and the window says so.
  'monitor.pace': event({
    summary:
      'How often the live numbers are read now, when that is not the configured interval ' +
      '(longer with many peers, to keep monitoring under a quarter of a core): sent with ' +
      'every poll while so, and once when back to it.',
    payload: z.object({
      intervalMs: z.number(),
      /** Longer than configured, because of the number of peers. */
      lengthened: z.boolean(),
    }),
  }),
};

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]['payload']>;
