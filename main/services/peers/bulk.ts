import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { parseConfText, type WgKey } from '../../../shared/validate';
import { MAX_PEERS_PER_INTERFACE } from '../../host/setconf';
import type { InterfaceId, NewPeer, PeerId } from '../../store';
import { generatePresharedKey } from '../../wireguard';
import { audit, interfaceTarget } from '../logs/audit';
import type { Caller } from '../context';
import { requireInterface, type ServiceContext } from '../context';
import {
  Allocation,
  at,
  checkPeerFields,
  namesFromPattern,
  requestedFields,
  userDefaults,
  type PeerFieldsInput,
} from './input';
import { peerSpecFrom } from '../kernel/spec';
import { keyPairsWithProgress } from './bulk-progress';

export interface CreateBulkInput extends PeerFieldsInput {
  readonly interfaceId: InterfaceId;
  readonly count: number;
  /** "laptop-{n}": {n} becomes 1, 2, 3… */
  readonly namePattern: string;
}

/**
 * Many peers in one go: keys generated in parallel (in chunks, each pushed as
 * progress), one transaction for the rows (addresses allocated inside it),
 * one `wg addconf` for the kernel.
 * addconf is not atomic (wireguard-go applies peers one by one), so a failure
 * leaves the rows marked not applied rather than guessing what to undo; a
 * drift push applies them later.
 */
export async function createBulk(
  ctx: ServiceContext,
  input: CreateBulkInput,
  caller: Caller,
): Promise<PeerId[]> {
  const iface = requireInterface(ctx, input.interfaceId);
  checkPeerFields(iface, input);
  if (!input.keepPrivateKey) {
    throw invalidInput(
      'keepPrivateKey',
      'peers created in bulk must keep their keys: their configs are handed out later, one by one',
      problem('bulk_keeps_keys', {}),
    );
  }
  const names = namesFromPattern(input.namePattern, input.count).map((n) => {
    const r = parseConfText(n, 'namePattern');
    if (!r.ok) throw r.error;
    return r.value;
  });
  checkRoom(ctx.store.peers.countByInterface(iface.id), input.count);
  const keys = await keyPairsWithProgress(ctx, iface.id, input.count);
  const psks: (WgKey | null)[] = keys.map(() =>
    input.presharedKey ? generatePresharedKey() : null,
  );

  return ctx.kernel.change(iface.id, async () => {
    const { ids, rows } = ctx.store.transaction(() => {
      const current = requireInterface(ctx, iface.id);
      checkRoom(ctx.store.peers.countByInterface(iface.id), input.count);
      const alloc = new Allocation(ctx.store, current);
      alloc.checkExtra(input.extraNetworks ?? []);
      const addresses = alloc.take(input.count);
      const rows: NewPeer[] = keys.map((k, i) => ({
        interfaceId: iface.id,
        name: at(names, i),
        ...requestedFields(input, userDefaults(ctx.store, input.userId, ctx.now())),
        publicKey: k.publicKey,
        privateKey: k.privateKey,
        presharedKey: at(psks, i),
        addresses: at(addresses, i),
      }));
      const ids = ctx.store.peers.insertMany(rows);
      // One entry for the whole call: ids are consecutive (one transaction,
      // AUTOINCREMENT), so the range names every peer; 10,000 entries would
      // cost more than the rows themselves and bury everything else in the log.
      audit(
        ctx.store,
        caller,
        'peer.createBulk',
        interfaceTarget(iface),
        bulkSummary(input, rows, ids),
      );
      return { ids, rows };
    });
    try {
      const outcome = await ctx.kernel.addPeers(
        iface,
        rows.map((r, i) => peerSpecFrom(withDefaults(r), at(psks, i))),
      );
      ctx.kernel.record(ids, outcome);
    } catch (e) {
      const why = e instanceof AppError ? e : new AppError('Internal', String(e));
      throw new AppError(
        why.kind,
        `${ids.length} peers were stored but the kernel did not take them (${why.message}); ` +
          'they are marked not applied: reconcile drift with "push" to apply them',
      );
    } finally {
      ctx.events('state.changed', { what: 'peers' });
      // The server's peer count (its view) changed too.
      ctx.events('state.changed', { what: 'interfaces', ids: [iface.id] });
    }
    return ids;
  });
}

function checkRoom(existing: number, adding: number): void {
  if (existing + adding > MAX_PEERS_PER_INTERFACE) {
    throw invalidInput(
      'count',
      `an interface holds at most ${MAX_PEERS_PER_INTERFACE} peers; it has ${existing}, so at most ` +
        `${MAX_PEERS_PER_INTERFACE - existing} more`,
      problem('too_many_peers', {
        max: MAX_PEERS_PER_INTERFACE,
        existing,
        room: MAX_PEERS_PER_INTERFACE - existing,
      }),
    );
  }
}

function withDefaults(r: NewPeer) {
  return {
    publicKey: r.publicKey,
    addresses: r.addresses ?? [],
    extraNetworks: r.extraNetworks ?? [],
    endpoint: r.endpoint ?? null,
    keepalive: r.keepalive ?? (0 as NonNullable<NewPeer['keepalive']>),
  };
}

/** The audit entry of one bulk call: the id range names every peer; no keys. */
function bulkSummary(input: CreateBulkInput, rows: readonly NewPeer[], ids: readonly PeerId[]) {
  return {
    namePattern: input.namePattern,
    count: ids.length,
    firstId: at(ids, 0),
    lastId: at(ids, ids.length - 1),
    firstAddresses: [...(at(rows, 0).addresses ?? [])],
    lastAddresses: [...(at(rows, rows.length - 1).addresses ?? [])],
    type: input.type,
    tunnelMode: input.tunnelMode,
    extraNetworks: [...(input.extraNetworks ?? [])],
    hasPresharedKey: input.presharedKey,
  };
}
