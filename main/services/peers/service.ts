import type { ConfigFile, PeerView } from '../../../shared/contract';
import { invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { Cidr, ConfText, WgKey } from '../../../shared/validate';
import type {
  InterfaceId,
  InterfaceRecord,
  NewPeer,
  PeerId,
  PeerPatch,
  PeerRecord,
} from '../../store';
import { generateKeyPair, generatePresharedKey } from '../../wireguard';
import { audit, diffDetails, peerSummary, peerTarget, reason } from '../logs/audit';
import { render, serverSide } from './configs';
import type { Caller } from '../context';
import { requireInterface, type ServiceContext } from '../context';
import {
  Allocation,
  checkPeerFields,
  requestedFields,
  type PeerFieldsInput,
  userDefaults,
} from './input';
import { belongsInKernel, peerSpecOf } from '../kernel/spec';
import { speedOf } from '../kernel/shaping';
import { refuseRevoked } from '../lifecycle/revoke';
import { toPeerView } from '../views';
import { createAndApply } from './create-step';

export interface CreatePeerInput extends PeerFieldsInput {
  readonly interfaceId: InterfaceId;
  readonly name: ConfText;
  /** Pasted by the admin: no private key is generated or kept. */
  readonly publicKey?: WgKey | undefined;
  /** Chosen by the admin; otherwise the lowest free address of each server network. */
  readonly addresses?: readonly Cidr[] | undefined;
}

export type UpdatePeerInput = Omit<
  { readonly [K in keyof PeerPatch]?: PeerPatch[K] | undefined },
  | 'addresses'
  | 'disconnected'
  | 'disconnectedUntil'
  | 'disconnectReason'
  | 'disconnectKind'
  | 'revokedAt'
  | 'revokedBy'
  | 'quotaExceededAt'
>;

export interface CreatedPeer {
  readonly peer: PeerView;
  /** Only when the private key was not kept: the one chance to hand the config out. */
  readonly config: ConfigFile | null;
}

/** Peers: one at a time, each change one `wg set`. Bulk creation is in bulk.ts. */
export class PeerService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  list(interfaceId: InterfaceId): PeerView[] {
    requireInterface(this.#ctx, interfaceId);
    return this.#ctx.store.peers
      .listByInterface(interfaceId)
      .map((r) => toPeerView(r, this.#ctx.now()));
  }

  get(id: PeerId): PeerView {
    return toPeerView(this.#require(id), this.#ctx.now());
  }

  async create(input: CreatePeerInput, caller: Caller): Promise<CreatedPeer> {
    const ctx = this.#ctx;
    const iface = requireInterface(this.#ctx, input.interfaceId);
    checkPeerFields(iface, input);
    if (input.publicKey === iface.publicKey) {
      throw invalidInput(
        'publicKey',
        "is the server's own public key",
        problem('own_server_key', {}),
      );
    }
    if (!input.keepPrivateKey && input.publicKey === undefined && iface.publicEndpoint === null) {
      throw invalidInput(
        'keepPrivateKey',
        'the server has no public endpoint, so the config cannot be shown now; set one first or keep the key',
        problem('no_endpoint_for_config', {}),
      );
    }
    // Generated before the queue: key generation is the slow, parallel part.
    const keys =
      input.publicKey === undefined
        ? await generateKeyPair()
        : { publicKey: input.publicKey, privateKey: null };
    const psk = input.presharedKey ? generatePresharedKey() : null;
    return this.#ctx.kernel.change(iface.id, async () => {
      // issue 17: one commit for the row and its marks, synced while `wg set` runs (create-step.ts).
      const fresh = requireInterface(ctx, iface.id);
      const { peer, outcome } = await createAndApply(
        ctx,
        fresh,
        () => planRow(ctx, fresh, input, keys, psk),
        caller,
      );
      this.#changed([peer.id]);
      this.#countsChanged([iface.id]);
      // The row as written, with the step's outcome: nothing else changed it inside this change.
      const stored = { ...peer, applied: outcome === 'applied' };
      const config =
        !input.keepPrivateKey && keys.privateKey !== null
          ? render(serverSide(ctx, iface), stored, keys.privateKey, psk)
          : null;
      return { peer: toPeerView(stored, ctx.now()), config };
    });
  }

  /** One `wg set` for this peer (or its removal when it is disabled); no other peer is touched. */
  async update(id: PeerId, input: UpdatePeerInput, caller: Caller): Promise<PeerView> {
    const ctx = this.#ctx;
    const first = this.#require(id);
    return this.#ctx.kernel.change(first.interfaceId, async () => {
      const before = this.#require(id);
      const iface = requireInterface(this.#ctx, before.interfaceId);
      const patch = withQuotaReset(before, definedOnly(input));
      checkPeerFields(iface, { ...before, ...patch });
      const after = ctx.store.transaction(() => {
        if (patch.extraNetworks !== undefined) {
          const own = [...before.addresses, ...before.extraNetworks];
          new Allocation(ctx.store, iface).checkExtra(patch.extraNetworks, own);
        }
        const row = ctx.store.peers.update(id, patch);
        audit(
          ctx.store,
          caller,
          'peer.update',
          peerTarget(row),
          diffDetails(peerSummary(before), peerSummary(row)),
        );
        return row;
      });
      const now = ctx.now();
      const wasIn = belongsInKernel(before, now);
      const isIn = belongsInKernel(after, now);
      const spec = peerSpecOf(after, ctx.store.peers);
      const changed = JSON.stringify(peerSpecOf(before, ctx.store.peers)) !== JSON.stringify(spec);
      const wgStep = wasIn !== isIn || (isIn && changed);
      // Speed limits (issue 12): a new limit alone is a `tc` change, made by the step with no `wg set`.
      const speedOnly =
        !wgStep && isIn && JSON.stringify(speedOf(before)) !== JSON.stringify(speedOf(after));
      if (wgStep || speedOnly) {
        try {
          const outcome = speedOnly
            ? await ctx.kernel.step(iface, () => Promise.resolve())
            : isIn
              ? await ctx.kernel.setPeer(iface, spec)
              : await ctx.kernel.removePeers(iface, [after.publicKey]);
          ctx.kernel.record([id], outcome);
        } catch (e) {
          // `wg set` on one peer is atomic: the kernel still has the old settings, so the row gets them back.
          ctx.store.transaction(() => {
            ctx.store.peers.update(id, settingsPatchOf(before));
            audit(ctx.store, caller, 'peer.update.reverted', peerTarget(before), reason(e));
          });
          throw e;
        }
      }
      this.#changed([id]);
      return toPeerView(ctx.store.peers.require(id), ctx.now());
    });
  }

  /**
   * Kernel first, then rows, per interface: a deleted row cannot be marked
   * "not applied", so when `wg set … remove` fails nothing is deleted.
   */
  async delete(ids: readonly PeerId[], caller: Caller): Promise<number> {
    const ctx = this.#ctx;
    const byInterface = new Map<InterfaceId, PeerRecord[]>();
    for (const id of new Set(ids)) {
      const p = this.#require(id);
      byInterface.set(p.interfaceId, [...(byInterface.get(p.interfaceId) ?? []), p]);
    }
    let deleted = 0;
    for (const [interfaceId, peers] of byInterface) {
      await this.#ctx.kernel.change(interfaceId, async () => {
        const iface = requireInterface(this.#ctx, interfaceId);
        const keys = peers.map((p) => p.publicKey);
        await ctx.kernel.removePeers(iface, keys);
        ctx.store.transaction(() => {
          for (const p of peers) {
            ctx.store.peers.delete(p.id);
            audit(ctx.store, caller, 'peer.delete', peerTarget(p), peerSummary(p));
          }
        });
        deleted += peers.length;
      });
    }
    this.#changed(ids);
    this.#countsChanged([...byInterface.keys()]);
    return deleted;
  }

  #require(id: PeerId): PeerRecord {
    const peer = this.#ctx.store.peers.require(id);
    requireInterface(this.#ctx, peer.interfaceId);
    return peer;
  }

  /** A server's peer count is part of its view: the servers list and sidebar show it. */
  #countsChanged(interfaceIds: readonly InterfaceId[]): void {
    this.#ctx.events('state.changed', { what: 'interfaces', ids: [...interfaceIds] });
  }

  #changed(ids: readonly number[]): void {
    // Big changes name no ids: the renderer reloads the list rather than parse 10k ids.
    this.#ctx.events(
      'state.changed',
      ids.length <= 100 ? { what: 'peers', ids: [...ids] } : { what: 'peers' },
    );
  }
}

/**
 * The new peer's row, read and checked, for the transaction that writes it:
 * a revoked key and taken addresses are refused here.
 */
function planRow(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  input: CreatePeerInput,
  keys: { readonly publicKey: WgKey; readonly privateKey: WgKey | null },
  psk: WgKey | null,
): NewPeer {
  refuseRevoked(ctx.store, iface.publicKey, [keys.publicKey], 'publicKey');
  const alloc = new Allocation(ctx.store, iface);
  if (input.addresses !== undefined) alloc.checkChosen(input.addresses);
  alloc.checkExtra(input.extraNetworks ?? []);
  const fields = requestedFields(input, userDefaults(ctx.store, input.userId, ctx.now()));
  return {
    interfaceId: iface.id,
    name: input.name,
    ...fields,
    publicKey: keys.publicKey,
    privateKey: input.keepPrivateKey ? keys.privateKey : null,
    presharedKey: psk,
    addresses: input.addresses ?? alloc.take(1)[0] ?? [],
  };
}

function definedOnly(input: UpdatePeerInput): PeerPatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = v;
  return out as PeerPatch;
}

/**
 * A changed quota is a new agreement: a cut for the old one is lifted, and the
 * one rule decides again with the new numbers at the next poll.
 */
function withQuotaReset(before: PeerRecord, patch: PeerPatch): PeerPatch {
  const changed =
    (patch.quotaBytes !== undefined && patch.quotaBytes !== before.quotaBytes) ||
    (patch.quotaPeriod !== undefined && patch.quotaPeriod !== before.quotaPeriod) ||
    (patch.quotaResetDay !== undefined && patch.quotaResetDay !== before.quotaResetDay);
  return changed ? { ...patch, quotaExceededAt: null } : patch;
}

function settingsPatchOf(p: PeerRecord): PeerPatch {
  return {
    userId: p.userId,
    name: p.name,
    email: p.email,
    type: p.type,
    extraNetworks: p.extraNetworks,
    tunnelMode: p.tunnelMode,
    splitNetworks: p.splitNetworks,
    keepalive: p.keepalive,
    endpoint: p.endpoint,
    enabled: p.enabled,
    expiresAt: p.expiresAt,
    quotaBytes: p.quotaBytes,
    quotaPeriod: p.quotaPeriod,
    quotaResetDay: p.quotaResetDay,
    quotaExceededAt: p.quotaExceededAt,
    bandwidthDownKbps: p.bandwidthDownKbps,
    bandwidthUpKbps: p.bandwidthUpKbps,
  };
}
