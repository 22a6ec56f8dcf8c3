import { z } from 'zod';
import { method } from '../define';
import { zEmail, zPeerId, zSpeedKbps, zUserId, zTime } from '../fields';
import { QUOTA_PERIODS } from '../../domain';

// Users own peers and carry the device limit: at most maxDevices of their peers
// online at once, across every server wgdesk manages (0 = unlimited).

const name = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' });
const maxDevices = z.number().int().min(0).max(65_536);
/** Seconds a device cut by the limit stays out at least; it returns only when a slot is free. */
const limitCooldownS = z
  .number()
  .int()
  .min(0)
  .max(30 * 86_400);

/**
 * Lifecycle (issue 12): the user's quota (the sum of their peers' bytes per
 * period; at it every peer of theirs is cut until the next period), and what
 * a new peer of theirs gets when its creator says nothing.
 */
const quotaBytes = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable();
const resetDay = z.number().int().min(1).max(28);
const lifecycle = {
  quotaBytes: quotaBytes.optional(),
  quotaPeriod: z.enum(QUOTA_PERIODS).optional(),
  /** With quotaPeriod month: the day (1–28) it resets, at 00:00 UTC. */
  quotaResetDay: resetDay.optional(),
  /** A new peer expires this many days after it is created; null: never. */
  peerExpiryDays: z.number().int().min(1).max(36_500).nullable().optional(),
  peerQuotaBytes: quotaBytes.optional(),
  peerQuotaPeriod: z.enum(QUOTA_PERIODS).optional(),
  peerQuotaResetDay: resetDay.optional(),
};

export const UserView = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  maxDevices: z.number(),
  limitCooldownS: z.number(),
  enabled: z.boolean(),
  /** Speed limits (kbit/s) for each of the user's peers without its own; null = unlimited. */
  bandwidthDownKbps: z.number().nullable(),
  bandwidthUpKbps: z.number().nullable(),
  /** Peers owned by the user. */
  peers: z.number(),
  /** Of those, online now (on any server). */
  devicesOnline: z.number(),
  /** A limit is set and devicesOnline has reached it: the next device to connect cuts the oldest. */
  atLimit: z.boolean(),
  /** Devices that hold a slot (online now), and devices cut for the limit waiting for one, longest first. */
  holding: z.array(z.number()),
  waiting: z.array(z.number()),
  quotaBytes: z.number().nullable(),
  quotaPeriod: z.enum(QUOTA_PERIODS),
  quotaResetDay: z.number(),
  /** Bytes the user's peers moved in the current period. */
  quotaUsed: z.number(),
  /** The quota ran out: every peer of theirs is out until then (null: until an admin acts). */
  quotaOut: z.object({ until: zTime.nullable() }).nullable(),
  peerExpiryDays: z.number().nullable(),
  peerQuotaBytes: z.number().nullable(),
  peerQuotaPeriod: z.enum(QUOTA_PERIODS),
  peerQuotaResetDay: z.number(),
  createdAt: zTime,
  updatedAt: zTime,
});
export type UserView = z.infer<typeof UserView>;

export const userMethods = {
  'users.list': method({
    summary: 'Every user, with devices online now and whether they are at their limit.',
    params: z.strictObject({}),
    result: z.array(UserView),
    mutates: false,
  }),
  'users.create': method({
    summary: 'Add a user (maxDevices 0 = unlimited).',
    params: z.strictObject({
      name,
      email: zEmail.nullable().optional(),
      maxDevices: maxDevices.default(0),
      limitCooldownS: limitCooldownS.default(600),
      enabled: z.boolean().default(true),
      ...lifecycle,
      bandwidthDownKbps: zSpeedKbps.nullable().optional(),
      bandwidthUpKbps: zSpeedKbps.nullable().optional(),
    }),
    result: UserView,
    mutates: true,
  }),
  'users.update': method({
    summary:
      "Change a user's name, email, device limit, cool-down, enabled flag, quota or new peers' defaults.",
    params: z.strictObject({
      id: zUserId,
      name: name.optional(),
      email: zEmail.nullable().optional(),
      maxDevices: maxDevices.optional(),
      limitCooldownS: limitCooldownS.optional(),
      enabled: z.boolean().optional(),
      ...lifecycle,
      bandwidthDownKbps: zSpeedKbps.nullable().optional(),
      bandwidthUpKbps: zSpeedKbps.nullable().optional(),
    }),
    result: UserView,
    mutates: true,
  }),
  'users.swapDevice': method({
    summary: 'Give a device slot to a waiting device: the holder waits in its place.',
    params: z.strictObject({ holder: zPeerId, waiter: zPeerId }),
    result: UserView,
    mutates: true,
  }),
  'users.delete': method({
    summary: 'Remove a user; their peers stay, owned by nobody.',
    params: z.strictObject({ id: zUserId }),
    result: z.object({ deleted: z.boolean() }),
    mutates: true,
  }),
};
