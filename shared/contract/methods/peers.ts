import { z } from 'zod';
import { method } from '../define';
import {
  zCidr,
  zCidrList,
  zConfText,
  zEmail,
  zEndpoint,
  zInterfaceId,
  zPeerId,
  zPeerIds,
  zUserId,
  zKeepalive,
  zKey,
  zSpeedKbps,
} from '../fields';
import { QUOTA_PERIODS } from '../../domain';
import { ConfigFile, PeerView, zPeerType, zTunnelMode } from '../views';

/** Speed limits (issue 12): kbit/s, down = server → peer, up = peer → server; null: the user's default. */
const speed = {
  bandwidthDownKbps: zSpeedKbps.nullable().optional(),
  bandwidthUpKbps: zSpeedKbps.nullable().optional(),
};

/** Lifecycle (issue 12): expiry and quota, on creation and edit alike. */
const lifecycle = {
  /** Unix ms; the peer leaves the kernel then. null: never. */
  expiresAt: z.number().int().min(0).nullable().optional(),
  /** Bytes (received + sent) per period; null: no quota. */
  quotaBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  quotaPeriod: z.enum(QUOTA_PERIODS).optional(),
  /** With quotaPeriod month: the day (1–28) it resets, at 00:00 UTC. */
  quotaResetDay: z.number().int().min(1).max(28).optional(),
  ...speed,
};

const common = {
  email: zEmail.nullable().optional(),
  userId: zUserId.nullable().optional(),
  type: zPeerType.default('client'),
  keepalive: zKeepalive.optional(),
  extraNetworks: zCidrList.optional(),
  tunnelMode: zTunnelMode.default('full'),
  splitNetworks: zCidrList.optional(),
  endpoint: zEndpoint.nullable().optional(),
  presharedKey: z.boolean().default(true),
  /** false: the generated private key is not stored; the config is returned once, now. */
  keepPrivateKey: z.boolean().default(true),
  ...lifecycle,
};

export const peerMethods = {
  'peers.list': method({
    summary: 'The peers of one server.',
    params: z.strictObject({ interfaceId: zInterfaceId }),
    result: z.array(PeerView),
    mutates: false,
  }),
  'peers.get': method({
    summary: 'One peer.',
    params: z.strictObject({ id: zPeerId }),
    result: PeerView,
    mutates: false,
  }),
  'peers.create': method({
    summary: 'Create a peer: generated keys (or a pasted public key), next free addresses.',
    params: z.strictObject({
      interfaceId: zInterfaceId,
      name: zConfText,
      publicKey: zKey.optional(),
      addresses: z.array(zCidr).optional(),
      ...common,
    }),
    result: z.object({ peer: PeerView, config: ConfigFile.nullable() }),
    mutates: true,
  }),
  'peers.createBulk': method({
    summary: 'Create many peers at once, named by a pattern ("laptop-{n}"), in one kernel change.',
    params: z.strictObject({
      interfaceId: zInterfaceId,
      count: z.number().int().min(1).max(65_536),
      namePattern: zConfText,
      ...common,
    }),
    result: z.object({ ids: z.array(z.number()) }),
    mutates: true,
  }),
  'peers.update': method({
    summary: 'Edit a peer; the kernel gets one `wg set` for it, no other peer is touched.',
    params: z.strictObject({
      id: zPeerId,
      name: zConfText.optional(),
      email: zEmail.nullable().optional(),
      userId: zUserId.nullable().optional(),
      type: zPeerType.optional(),
      keepalive: zKeepalive.optional(),
      extraNetworks: zCidrList.optional(),
      tunnelMode: zTunnelMode.optional(),
      splitNetworks: zCidrList.optional(),
      endpoint: zEndpoint.nullable().optional(),
      enabled: z.boolean().optional(),
      ...lifecycle,
    }),
    result: PeerView,
    mutates: true,
  }),
  'peers.delete': method({
    summary: 'Delete peers (database and kernel).',
    params: z.strictObject({ ids: zPeerIds }),
    result: z.object({ deleted: z.number() }),
    mutates: true,
  }),
  'peers.revoke': method({
    summary:
      'Revoke peers for good: out of the kernel, config no longer shown, key refused on that server forever.',
    params: z.strictObject({ ids: zPeerIds }),
    result: z.object({ revoked: z.number() }),
    mutates: true,
  }),
  'peers.config': method({
    summary: "The peer's client .conf, rendered now from the database (contains its private key).",
    params: z.strictObject({ id: zPeerId }),
    result: ConfigFile,
    mutates: false,
  }),
  'peers.qr': method({
    summary: "The peer's client config as a QR code: PNG (base64) or SVG text.",
    params: z.strictObject({ id: zPeerId, format: z.enum(['png', 'svg']).default('png') }),
    result: z.object({ mime: z.enum(['image/png', 'image/svg+xml']), data: z.string() }),
    mutates: false,
  }),
};
