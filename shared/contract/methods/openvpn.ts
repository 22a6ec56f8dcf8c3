import { z } from 'zod';
import type { OpenVpnServerId } from '../../ids';
import { ERROR_KINDS } from '../../errors';
import { method } from '../define';
import { zId, zTime, zUserId } from '../fields';
import { HistoryPoint, MAX_HISTORY_RANGE_MS } from './monitor';

// OpenVPN servers (issue 14): wgdesk attaches to an existing server's
// management interface (a Unix socket, or TCP on loopback, with its password),
// lists its live sessions, gives identities (common names or usernames) to
// users so their device limit counts them, and ends sessions. It writes no
// OpenVPN config or certificate. The password goes in once and never comes out.

const zServerId = zId.transform((n) => n as OpenVpnServerId);
// eslint-disable-next-line no-control-regex
const noControls = /^[^\u0000-\u001f\u007f]*$/u;
const name = z.string().trim().min(1).max(64).regex(noControls, {
  message: 'must not contain control characters',
});
/** As OpenVPN prints it (a common name may hold spaces and quotes): text, never a command. */
const identity = z.string().min(1).max(256).regex(noControls, {
  message: 'must not contain control characters',
});
const bytes = z.number().int().nonnegative();

export const IDENTITY_BY = ['common_name', 'username'] as const;
export const LINK_STATES = ['connecting', 'up', 'down', 'auth_failed'] as const;

export const OpenVpnAddress = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unix'), path: z.string().min(2).max(107).startsWith('/') }),
  z.strictObject({
    kind: z.literal('tcp'),
    host: z.enum(['127.0.0.1', '::1']),
    port: z.number().int().min(1).max(65_535),
  }),
]);

export const OpenVpnSessionView = z.object({
  /** `ovpn:{server}:{client_id}:{identity}`: the key device limits count it by. */
  key: z.string(),
  clientId: z.number(),
  commonName: z.string(),
  username: z.string().nullable(),
  /** The name that owns it on this server (common name or username). */
  identity: z.string().nullable(),
  userId: z.number().nullable(),
  realAddress: z.string(),
  virtualAddress: z.string().nullable(),
  virtualIpv6: z.string().nullable(),
  /** Received by the server from the client. */
  rx: bytes,
  /** Sent by the server to the client. */
  tx: bytes,
  connectedSince: zTime,
});
export type OpenVpnSessionView = z.infer<typeof OpenVpnSessionView>;

export const OpenVpnServerView = z.object({
  id: z.number(),
  name: z.string(),
  protocol: z.literal('openvpn'),
  address: OpenVpnAddress,
  hasPassword: z.boolean(),
  identityBy: z.enum(IDENTITY_BY),
  /** The management link: up, or why not (a wrong password, the server gone). */
  state: z.enum(LINK_STATES),
  error: z.object({ kind: z.enum(ERROR_KINDS), message: z.string() }).nullable(),
  sessions: z.array(OpenVpnSessionView),
});
export type OpenVpnServerView = z.infer<typeof OpenVpnServerView>;

export const OpenVpnIdentityView = z.object({
  serverId: z.number(),
  name: z.string(),
  userId: z.number().nullable(),
  /** A limit cut's cool-down: its sessions are ended on sight until then. */
  heldUntil: zTime.nullable(),
  heldReason: z.string().nullable(),
});
export type OpenVpnIdentityView = z.infer<typeof OpenVpnIdentityView>;

/** An identity's traffic over time: its sessions' bytes, like a WireGuard peer's history. */
export const IdentityHistory = z.object({
  protocol: z.literal('openvpn'),
  serverId: z.number(),
  identity: z.string(),
  from: zTime,
  to: zTime,
  /** Seconds per point: 60, 3600 or 86400, the finest that fits the range and is still kept. */
  resolution: z.number(),
  points: z.array(HistoryPoint),
});
export type IdentityHistory = z.infer<typeof IdentityHistory>;

export const openvpnMethods = {
  'openvpn.list': method({
    summary: 'Every attached OpenVPN server with its link state and live sessions.',
    params: z.strictObject({}),
    result: z.array(OpenVpnServerView),
    mutates: false,
  }),
  'openvpn.attach': method({
    summary:
      "Watch an existing OpenVPN server through its management interface (the password is the one of the server's password file, stored sealed).",
    params: z.strictObject({
      name,
      address: OpenVpnAddress,
      password: z.string().min(1).max(256).optional(),
      identityBy: z.enum(IDENTITY_BY).default('common_name'),
    }),
    result: OpenVpnServerView,
    mutates: true,
  }),
  'openvpn.detach': method({
    summary: 'Stop watching an OpenVPN server and forget it (the server keeps running).',
    params: z.strictObject({ id: zServerId }),
    result: z.object({ deleted: z.boolean() }),
    mutates: true,
  }),
  'openvpn.resync': method({
    summary: "Read an OpenVPN server's sessions now.",
    params: z.strictObject({ id: zServerId }),
    result: OpenVpnServerView,
    mutates: false,
  }),
  'openvpn.disconnect': method({
    summary:
      'End one OpenVPN session (client-kill); with forSeconds its identity is refused that long.',
    params: z.strictObject({
      id: zServerId,
      clientId: z.number().int().nonnegative(),
      forSeconds: z
        .number()
        .int()
        .min(1)
        .max(366 * 86_400)
        .optional(),
    }),
    result: OpenVpnServerView,
    mutates: true,
  }),
  'openvpn.assign': method({
    summary: 'Give an OpenVPN identity (common name or username) to a user, or to nobody (null).',
    params: z.strictObject({ id: zServerId, identity, userId: zUserId.nullable() }),
    result: z.array(OpenVpnIdentityView),
    mutates: true,
  }),
  'openvpn.release': method({
    summary:
      'Let an OpenVPN identity held out by a cool-down (a limit cut, a disconnect for a time) back in now.',
    params: z.strictObject({ id: zServerId, identity }),
    result: z.array(OpenVpnIdentityView),
    mutates: true,
  }),
  'openvpn.identities': method({
    summary: 'The OpenVPN identities of one server, or of one user on every server.',
    params: z
      .strictObject({ id: zServerId.optional(), userId: zUserId.optional() })
      .refine((p) => (p.id === undefined) !== (p.userId === undefined), {
        message: 'give either id or userId',
        path: ['id'],
      }),
    result: z.array(OpenVpnIdentityView),
    mutates: false,
  }),
  'openvpn.history': method({
    summary:
      "An OpenVPN identity's traffic (its sessions' bytes) in [from, to), at the finest resolution that fits the range.",
    params: z
      .strictObject({ id: zServerId, identity, from: zTime, to: zTime })
      .refine((p) => p.from < p.to, { message: 'must be after from', path: ['to'] })
      .refine((p) => p.to - p.from <= MAX_HISTORY_RANGE_MS, {
        message: 'the range may be at most 366 days',
        path: ['from'],
      }),
    result: IdentityHistory,
    mutates: false,
  }),
};
