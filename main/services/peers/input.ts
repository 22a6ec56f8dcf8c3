import { AppError, conflict, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { ipOf, overlaps, type AddressPool } from '../../../shared/ip';
import type { Cidr, Endpoint, Keepalive, SpeedKbps } from '../../../shared/validate';
import type {
  InterfaceRecord,
  PeerType,
  QuotaPeriod,
  Store,
  TunnelMode,
  UnixMs,
  UserId,
} from '../../store';
import { serverPools } from './pools';

/** The fields an admin sets on a peer, shared by single and bulk creation. */
export interface PeerFieldsInput {
  readonly email?: string | null | undefined;
  readonly userId?: UserId | null | undefined;
  readonly type: PeerType;
  readonly keepalive?: Keepalive | undefined;
  readonly extraNetworks?: readonly Cidr[] | undefined;
  readonly tunnelMode: TunnelMode;
  readonly splitNetworks?: readonly Cidr[] | undefined;
  readonly endpoint?: Endpoint | null | undefined;
  /** Generate a preshared key. */
  readonly presharedKey: boolean;
  /** false: the generated private key is not stored; its config can be shown once only. */
  readonly keepPrivateKey: boolean;
  /** Lifecycle (issue 12): when it leaves the kernel; its quota. */
  readonly expiresAt?: UnixMs | null | undefined;
  readonly quotaBytes?: number | null | undefined;
  readonly quotaPeriod?: QuotaPeriod | undefined;
  readonly quotaResetDay?: number | undefined;
  /** Speed limits (kbit/s); null or absent: the user's default, if any. */
  readonly bandwidthDownKbps?: SpeedKbps | null | undefined;
  readonly bandwidthUpKbps?: SpeedKbps | null | undefined;
}

/** Checks that need no database: the fields agree with each other and with the server. */
export function checkPeerFields(
  iface: InterfaceRecord,
  f: Pick<PeerFieldsInput, 'tunnelMode' | 'splitNetworks' | 'extraNetworks'>,
): void {
  const split = f.splitNetworks ?? [];
  if (split.length > 0 && (f.tunnelMode === 'full' || f.tunnelMode === 'hub')) {
    throw invalidInput(
      'splitNetworks',
      `only used with tunnel mode split or site (this peer is ${f.tunnelMode})`,
      problem('split_needs_mode', { mode: f.tunnelMode }),
    );
  }
  for (const net of f.extraNetworks ?? []) {
    // A default route (an exit node) contains everything and takes nothing: longest prefix wins.
    if (ipOf(net)?.prefix === 0) continue;
    for (const own of [iface.ipv4Network, iface.ipv6Network]) {
      if (own !== null && overlaps(net, own)) {
        throw invalidInput(
          'extraNetworks',
          `${net} overlaps the server's own network ${own}; extra networks are subnets behind the peer`,
          problem('extra_overlaps_own', { network: net, own }),
        );
      }
    }
  }
}

/**
 * The address pools of a server and what its peers already use. Built inside
 * the transaction that inserts the new peers: the read and the insert are then
 * one atomic step, whatever else is waiting to write.
 */
export class Allocation {
  readonly #pools: readonly AddressPool[];
  readonly #used: ReadonlySet<string>;
  /** How many addresses per family this allocation handed out: the kept pools still hold them free. */
  #given = 0;

  constructor(store: Store, iface: InterfaceRecord) {
    // issue 17: kept between creates (pools.ts), so only read here.
    const kept = serverPools(store, iface);
    this.#used = kept.used;
    this.#pools = kept.pools;
  }

  /** For each of `n` peers: the lowest free IPv4 and IPv6 address of the server's networks. */
  take(n: number): Cidr[][] {
    if (this.#pools.length === 0) {
      throw invalidInput(
        'addresses',
        'the server has no IPv4 or IPv6 address to allocate from: give it one, or give the peer addresses',
        problem('no_pool', {}),
      );
    }
    // The lowest free ones after those given before: the pools are not marked until stored.
    const perFamily = this.#pools.map((p) => p.lowest(this.#given + n).slice(this.#given));
    this.#given += n;
    return Array.from({ length: n }, (_, i) => perFamily.map((list) => list[i] as Cidr));
  }

  /** Addresses an admin chose: refused if another peer holds them or they are reserved. */
  checkChosen(addresses: readonly Cidr[]): void {
    for (const a of addresses) {
      if (this.#used.has(a) || this.#pools.some((p) => p.isTaken(a))) {
        throw conflict(
          'addresses',
          `addresses: ${a} is already used by another peer or is reserved (network, broadcast or server address)`,
          problem('address_used', { address: a }),
        );
      }
    }
  }

  /**
   * An extra network another peer already routes would be taken from it by
   * WireGuard without a word (the later peer wins), so it is refused.
   */
  checkExtra(networks: readonly Cidr[], own: readonly Cidr[] = []): void {
    for (const n of networks) {
      if (this.#used.has(n) && !own.includes(n)) {
        throw conflict(
          'extraNetworks',
          `extraNetworks: ${n} is already routed to another peer of this server`,
          problem('extra_routed', { network: n }),
        );
      }
    }
  }
}

// Shared with the bulk form's preview, so the names it shows are the ones made.
export { namesFromPattern } from '../../../shared/peer-names';

/** xs[i] for an index known to be in range (parallel arrays of one length). */
export function at<T>(xs: readonly T[], i: number): T {
  if (i < 0 || i >= xs.length)
    throw new AppError('Internal', `index ${i} out of range ${xs.length}`);
  return xs[i] as T;
}

/**
 * Issue 12: what a new peer of the user gets when its creator says nothing —
 * an expiry that many days from `now`, a quota — per the user's defaults.
 */
export function userDefaults(
  store: Store,
  userId: UserId | null | undefined,
  now: UnixMs,
): Partial<Pick<PeerFieldsInput, 'expiresAt' | 'quotaBytes' | 'quotaPeriod' | 'quotaResetDay'>> {
  const u = userId === null || userId === undefined ? undefined : store.users.getById(userId);
  if (u === undefined) return {};
  return {
    ...(u.peerExpiryDays === null ? {} : { expiresAt: now + u.peerExpiryDays * 86_400_000 }),
    ...(u.peerQuotaBytes === null
      ? {}
      : {
          quotaBytes: u.peerQuotaBytes,
          quotaPeriod: u.peerQuotaPeriod,
          quotaResetDay: u.peerQuotaResetDay,
        }),
  };
}

/**
 * The stored fields of a new peer that come straight from what the admin
 * asked for; what they left out of expiry and quota comes from `defaults`.
 */
export function requestedFields(
  asked: PeerFieldsInput,
  defaults: ReturnType<typeof userDefaults> = {},
) {
  const quotaAsked = asked.quotaBytes !== undefined;
  const input: PeerFieldsInput = {
    ...asked,
    expiresAt: asked.expiresAt === undefined ? defaults.expiresAt : asked.expiresAt,
    ...(quotaAsked
      ? {}
      : {
          quotaBytes: defaults.quotaBytes,
          quotaPeriod: asked.quotaPeriod ?? defaults.quotaPeriod,
          quotaResetDay: asked.quotaResetDay ?? defaults.quotaResetDay,
        }),
  };
  return {
    type: input.type,
    tunnelMode: input.tunnelMode,
    extraNetworks: input.extraNetworks ?? [],
    splitNetworks: input.splitNetworks ?? [],
    email: input.email ?? null,
    userId: input.userId ?? null,
    ...(input.keepalive === undefined ? {} : { keepalive: input.keepalive }),
    endpoint: input.endpoint ?? null,
    expiresAt: input.expiresAt ?? null,
    quotaBytes: input.quotaBytes ?? null,
    ...(input.quotaPeriod === undefined ? {} : { quotaPeriod: input.quotaPeriod }),
    ...(input.quotaResetDay === undefined ? {} : { quotaResetDay: input.quotaResetDay }),
    bandwidthDownKbps: input.bandwidthDownKbps ?? null,
    bandwidthUpKbps: input.bandwidthUpKbps ?? null,
  };
}
