import { z } from 'zod';
import { CONNECTION_EVENTS, PROTOCOLS } from '../../domain';
import { zReason } from '../../reason';
import { method } from '../define';
import { zId, zInterfaceId, zPeerId, zPeerIds, zTime, zUserId } from '../fields';
import { PeerStats } from '../views';

// Live status, traffic history, the connection log, disconnect/reconnect and
// device limits. Byte counts are always from the server's side: rx is what the
// server received from the peer (the peer's upload), tx what it sent to the peer.

const bytes = z.number().int().nonnegative();

export const ConnectionEntryView = z.object({
  /** Unique within its protocol. */
  id: z.number(),
  at: zTime,
  event: z.enum(CONNECTION_EVENTS),
  // issue 14: OpenVPN sessions' rows are merged in: no peer nor WireGuard
  // server, their OpenVPN server instead, and the session's identity as peerName.
  protocol: z.enum(PROTOCOLS),
  peerId: z.number().nullable(),
  peerName: z.string(),
  interfaceId: z.number().nullable(),
  openvpnServerId: z.number().nullable(),
  /** The peer's user when it happened. */
  userId: z.number().nullable(),
  userName: z.string().nullable(),
  endpoint: z.string().nullable(),
  /** The session's bytes received by the server from the peer. */
  rx: bytes,
  /** The session's bytes sent by the server to the peer. */
  tx: bytes,
  /** Why it happened, as a code the window words (shared/reason.ts). */
  reason: zReason.nullable(),
});
export type ConnectionEntryView = z.infer<typeof ConnectionEntryView>;

export const HistoryPoint = z.object({
  /** Start of the bucket, unix ms. */
  t: zTime,
  /** Received by the server from the peer in this bucket. */
  rx: bytes,
  /** Sent by the server to the peer in this bucket. */
  tx: bytes,
});

export const PeerHistory = z.object({
  peerId: z.number(),
  from: zTime,
  to: zTime,
  /** Seconds per point: 60, 3600 or 86400, the finest that fits the range and is still kept. */
  resolution: z.number(),
  points: z.array(HistoryPoint),
});
export type PeerHistory = z.infer<typeof PeerHistory>;

// issue 15: a server's total traffic over time, for its chart.
export const InterfaceHistory = z.object({
  interfaceId: z.number(),
  from: zTime,
  to: zTime,
  /** Seconds per point, as for a peer's history. */
  resolution: z.number(),
  /** The sums of every peer the server has now. */
  points: z.array(HistoryPoint),
});
export type InterfaceHistory = z.infer<typeof InterfaceHistory>;

export const InterfaceSummary = z.object({
  interfaceId: z.number(),
  /** The window of rx/tx: the last 24 hours up to `at`. */
  since: zTime,
  at: zTime,
  rx: bytes,
  tx: bytes,
  peers: z.number(),
  online: z.number(),
  /** Addresses left to hand out in the interface's networks; null without such a network. */
  freeIpv4: z.number().nullable(),
  freeIpv6: z.number().nullable(),
});
export type InterfaceSummary = z.infer<typeof InterfaceSummary>;

export const LimitCutView = z.object({
  userId: z.number(),
  userName: z.string(),
  /** The user's devices online when the limit was checked. */
  online: z.number(),
  limit: z.number(),
  // issue 14: null for a session of another protocol, which `key` names.
  peerId: z.number().nullable(),
  /** `wg:{public_key}` or `ovpn:{server}:{client_id}:{identity}`. */
  key: z.string(),
});

const connectionFilter = {
  peerId: zPeerId.optional(),
  userId: zUserId.optional(),
  event: z.enum(CONNECTION_EVENTS).optional(),
  since: zTime.optional(),
  /** Exclusive. */
  until: zTime.optional(),
};

/** Longest history range one query may ask for. */
export const MAX_HISTORY_RANGE_MS = 366 * 86_400_000;

export const monitorMethods = {
  'peers.stats': method({
    summary:
      'Live numbers of every peer of one server as of its last push (the events send only changes).',
    params: z.strictObject({ interfaceId: zInterfaceId }),
    result: z.object({
      interfaceId: z.number(),
      at: zTime,
      /** The push these numbers stand at: the next one to apply has this as its base (stats-push.ts). */
      seq: z.number().int(),
      peers: z.array(PeerStats),
    }),
    mutates: false,
  }),
  'peers.disconnect': method({
    summary:
      'Cut peers off now: removed from the kernel, kept in the database, until reconnected ' +
      'or, with forSeconds, until that time has passed.',
    params: z.strictObject({
      ids: zPeerIds,
      forSeconds: z
        .number()
        .int()
        .min(1)
        .max(366 * 86_400)
        .optional(),
    }),
    result: z.array(PeerStats),
    mutates: true,
  }),
  'peers.reconnect': method({
    summary: 'Let disconnected peers back with the same keys, PSK and addresses.',
    params: z.strictObject({ ids: zPeerIds }),
    result: z.array(PeerStats),
    mutates: true,
  }),
  'peers.history': method({
    summary: "A peer's traffic in [from, to), at the finest resolution that fits the range.",
    params: z
      .strictObject({ id: zPeerId, from: zTime, to: zTime })
      .refine((p) => p.from < p.to, { message: 'must be after from', path: ['to'] })
      .refine((p) => p.to - p.from <= MAX_HISTORY_RANGE_MS, {
        message: 'the range may be at most 366 days',
        path: ['from'],
      }),
    result: PeerHistory,
    mutates: false,
  }),
  // issue 15: the server page's chart.
  'interfaces.history': method({
    summary:
      "A server's total traffic (all its peers) in [from, to), at the finest resolution that fits.",
    params: z
      .strictObject({ id: zInterfaceId, from: zTime, to: zTime })
      .refine((p) => p.from < p.to, { message: 'must be after from', path: ['to'] })
      .refine((p) => p.to - p.from <= MAX_HISTORY_RANGE_MS, {
        message: 'the range may be at most 366 days',
        path: ['from'],
      }),
    result: InterfaceHistory,
    mutates: false,
  }),
  'interfaces.summary': method({
    summary: "A server's traffic in the last 24 hours, its peers online, and its free addresses.",
    params: z.strictObject({ id: zInterfaceId }),
    result: InterfaceSummary,
    mutates: false,
  }),
  'connections.list': method({
    summary: 'The connection log, newest first.',
    params: z.strictObject({
      ...connectionFilter,
      /**
       * For paging: the last entry of the previous page (its at, protocol and
       * id); the next page starts right after it, in both protocols' rows.
       */
      before: z.strictObject({ at: zTime, protocol: z.enum(PROTOCOLS), id: zId }).optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    result: z.array(ConnectionEntryView),
    mutates: false,
  }),
  'connections.csv': method({
    summary: 'The connection log as a CSV file, newest first.',
    params: z.strictObject({
      ...connectionFilter,
      limit: z.number().int().min(1).max(100_000).default(10_000),
    }),
    result: z.object({ filename: z.string(), text: z.string() }),
    mutates: false,
  }),
  'limits.enforceNow': method({
    summary: "Check every user's device limit now and cut the oldest sessions of those over it.",
    params: z.strictObject({}),
    result: z.object({ cuts: z.array(LimitCutView) }),
    mutates: true,
  }),
};
