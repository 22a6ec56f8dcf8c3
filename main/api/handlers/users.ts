import type { userMethods } from '../../../shared/contract/methods/users';
import type { NewUser, UserPatch, UserSettings } from '../../store/users';
import type { Caller } from '../../services/context';
import type { Services } from '../../services';
import type { HandlerSet } from '../types';

export type UserMethod = keyof typeof userMethods;

/** Users and their device limits. */
export function userHandlers(services: Services, caller: Caller): HandlerSet<UserMethod> {
  return {
    'users.list': async () => services.users.list(),
    'users.create': async (p) => {
      const input: NewUser = {
        name: p.name,
        maxDevices: p.maxDevices,
        limitCooldownS: p.limitCooldownS,
        enabled: p.enabled,
        ...(p.email === undefined ? {} : { email: p.email }),
        ...lifecycleOf(p),
        bandwidthDownKbps: p.bandwidthDownKbps ?? null,
        bandwidthUpKbps: p.bandwidthUpKbps ?? null,
      };
      return services.users.create(input, caller);
    },
    'users.update': async (p) => {
      // Only the fields that were sent change.
      const patch: UserPatch = {
        ...(p.name === undefined ? {} : { name: p.name }),
        ...(p.email === undefined ? {} : { email: p.email }),
        ...(p.maxDevices === undefined ? {} : { maxDevices: p.maxDevices }),
        ...(p.limitCooldownS === undefined ? {} : { limitCooldownS: p.limitCooldownS }),
        ...(p.enabled === undefined ? {} : { enabled: p.enabled }),
        ...lifecycleOf(p),
        ...(p.bandwidthDownKbps === undefined ? {} : { bandwidthDownKbps: p.bandwidthDownKbps }),
        ...(p.bandwidthUpKbps === undefined ? {} : { bandwidthUpKbps: p.bandwidthUpKbps }),
      };
      return services.users.update(p.id, patch, caller);
    },
    'users.swapDevice': async (p) => services.users.swap(p.holder, p.waiter, caller),
    'users.delete': async ({ id }) => ({ deleted: services.users.delete(id, caller) }),
  };
}

/** Issue 12: the user's quota and new peers' defaults, only those that were sent. */
function lifecycleOf(p: { readonly [K in LifecycleKey]?: UserSettings[K] | undefined }): UserPatch {
  const out: { [K in LifecycleKey]?: UserSettings[K] } = {};
  for (const k of LIFECYCLE_KEYS) if (p[k] !== undefined) Object.assign(out, { [k]: p[k] });
  return out;
}

const LIFECYCLE_KEYS = [
  'quotaBytes',
  'quotaPeriod',
  'quotaResetDay',
  'peerExpiryDays',
  'peerQuotaBytes',
  'peerQuotaPeriod',
  'peerQuotaResetDay',
] as const;
type LifecycleKey = (typeof LIFECYCLE_KEYS)[number];
