import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { err, ok, type Result } from '../../../shared/result';
import { parseConfText, type ConfText, type WgKey } from '../../../shared/validate';
import { MAX_PEERS_PER_INTERFACE } from '../../host/setconf';
import type { InterfaceId, InterfaceRecord, NewPeer, PeerId } from '../../store';
import { generatePresharedKeys, type KeyPair } from '../../wireguard';
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
import type { PeerSpec } from '../../host/host';
import type { KernelOutcome } from '../kernel/pipeline';
import { peerSpecFrom } from '../kernel/spec';
import { keyPairsWithProgress } from './bulk-progress';

export interface CreateBulkInput extends PeerFieldsInput {
  readonly interfaceId: InterfaceId;
  readonly count: number;
  /** "laptop-{n}": {n} becomes 1, 2, 3… */
  readonly namePattern: string;
}

/**
 * Peers per part of a big bulk create (issue 17). Making keys takes both
 * cores, and `wg addconf` waited for all of them: ~250 ms of 10,000 before
 * wireguard-go started. In parts it waits for the first part only; each next
 * part is made beside wireguard-go, which uses about one core, and queues
 * there while the part before is taken. Measured on 10,000 peers against raw
 * `wg setconf` (servers-and-peers bench): one part 1.61-1.68x; halves
 * 1.45-1.54x; parts of 2,500, 1,250 or 5,000 1.35-1.46x, alike within the
 * machine's noise.
 */
export const PART_PEERS = 2_500;

/** A bulk create's part sizes: as few parts as PART_PEERS allows, as even as can be. */
export function partSizes(count: number): number[] {
  const parts = Math.max(1, Math.ceil(count / PART_PEERS));
  const small = Math.floor(count / parts);
  return Array.from({ length: parts }, (_, i) => (i < count % parts ? small + 1 : small));
}

/**
 * Many peers in one go: keys generated in parallel (in chunks, each pushed as
 * progress), one transaction for the rows (addresses allocated inside it),
 * one `wg addconf` for the kernel per part of PART_PEERS.
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
  const sizes = partSizes(input.count);
  const keys = keyPairsWithProgress(ctx, iface.id, sizes);
  const firstKeys = await at(keys, 0);
  const psks = input.presharedKey ? generatePresharedKeys(input.count) : null;

  return ctx.kernel.change(iface.id, async () => {
    const plan = planRows(ctx, input, names, psks);
    const parts = partsOf(plan, sizes, psks, firstKeys, keys.slice(1));
    const write = storeOnce(ctx, input, caller, plan.stamp, parts.rows);
    let outcome: KernelOutcome | undefined;
    let kernelError: unknown;
    try {
      // The rows are written while `wg addconf` runs (kernel/alongside.ts).
      outcome = await ctx.kernel.addPeers(iface, parts.first, write.runAndMark, parts.rest);
    } catch (e) {
      kernelError = e;
    }
    // A kernel step that failed early leaves parts to come: the rows wait for them.
    await Promise.allSettled(parts.rest);
    write.run(); // Nothing when it ran already; a step that failed before its command did not.
    const stored = write.result();
    if (!stored.ok) {
      throw await withKernelUndone(ctx, iface, parts.given(), stored.error);
    }
    const ids = stored.value;
    try {
      const answer = kernelError === undefined ? (outcome ?? 'failed') : 'failed';
      if (answer !== 'applied' || !write.marked()) ctx.kernel.record(ids, answer);
      if (kernelError !== undefined) throw kernelError;
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

/**
 * A bulk create's parts for the kernel, each part's rows and specs built as
 * soon as its keys are made (the parts are made in order, the last one last).
 */
function partsOf(
  plan: PlannedRows,
  sizes: readonly number[],
  psks: readonly WgKey[] | null,
  firstKeys: readonly KeyPair[],
  later: readonly Promise<KeyPair[]>[],
) {
  const made: NewPeer[][] = [];
  let failure: unknown;
  const specs = (pairs: readonly KeyPair[], part: number): PeerSpec[] => {
    const from = sizes.slice(0, part).reduce((sum, n) => sum + n, 0);
    const rows = plan.rows(pairs, from);
    made[part] = rows;
    return rows.map((r, i) => peerSpecFrom(withDefaults(r), psks?.[from + i] ?? null));
  };
  return {
    first: specs(firstKeys, 0),
    rest: later.map((part, i) =>
      part.then(
        (pairs) => specs(pairs, i + 1),
        (e: unknown) => {
          failure ??= e;
          throw e;
        },
      ),
    ),
    /** Every row; throws what kept a part from being made, when one was not. */
    rows: (): NewPeer[] => {
      if (made.length < sizes.length) {
        throw failure ?? new AppError('Internal', 'a part of the bulk create was not made');
      }
      return made.flat();
    },
    /** The public keys of the parts made so far: those the kernel may have been given. */
    given: (): WgKey[] => made.flat().map((r) => r.publicKey),
  };
}

interface PlannedRows {
  /** The rows of these keys, from the `from`th peer of the call on. */
  readonly rows: (keys: readonly KeyPair[], from: number) => NewPeer[];
  /** What the server's used networks were when the addresses were chosen (PeerRepo.networksStamp). */
  readonly stamp: string;
}

/**
 * The rows' addresses and settings, chosen before anything is written: the
 * kernel is given the rows while they are stored. Runs inside the change, so
 * no other change of this server comes between; storeOnce checks nothing else did.
 */
function planRows(
  ctx: ServiceContext,
  input: CreateBulkInput,
  names: readonly ConfText[],
  psks: readonly WgKey[] | null,
): PlannedRows {
  const current = requireInterface(ctx, input.interfaceId);
  checkRoom(ctx.store.peers.countByInterface(current.id), input.count);
  const stamp = ctx.store.peers.networksStamp();
  const alloc = new Allocation(ctx.store, current);
  alloc.checkExtra(input.extraNetworks ?? []);
  const addresses = alloc.take(input.count);
  // Built once: the same for every row of the call.
  const fields = requestedFields(input, userDefaults(ctx.store, input.userId, ctx.now()));
  const rows = (keys: readonly KeyPair[], from: number): NewPeer[] =>
    keys.map((k, i) => ({
      interfaceId: current.id,
      name: at(names, from + i),
      ...fields,
      publicKey: k.publicKey,
      privateKey: k.privateKey,
      presharedKey: psks?.[from + i] ?? null,
      addresses: at(addresses, from + i),
    }));
  return { rows, stamp };
}

/**
 * The one transaction that stores the rows and the audit entry, run at most
 * once; its failure is kept (not thrown) so that the caller, who may have
 * handed the peers to the kernel already, takes them out again first.
 */
function storeOnce(
  ctx: ServiceContext,
  input: CreateBulkInput,
  caller: Caller,
  stamp: string,
  /** Every row; throws when some could not be made (their keys failed). */
  rowsNow: () => readonly NewPeer[],
) {
  let result: Result<PeerId[], unknown> | undefined;
  const run = (): void => {
    if (result !== undefined) return;
    try {
      const rows = rowsNow();
      result = ok(
        ctx.store.transaction(() => {
          if (ctx.store.peers.networksStamp() !== stamp) {
            throw new AppError(
              'Conflict',
              'the peers of this server changed meanwhile: try again',
              undefined,
              { problem: problem('peers_changed', {}) },
            );
          }
          checkRoom(ctx.store.peers.countByInterface(input.interfaceId), input.count);
          const ids = ctx.store.peers.insertMany(rows);
          // One entry for the whole call: ids are consecutive (one transaction,
          // AUTOINCREMENT), so the range names every peer; 10,000 entries would
          // cost more than the rows themselves and bury everything else in the log.
          const iface = requireInterface(ctx, input.interfaceId);
          audit(
            ctx.store,
            caller,
            'peer.createBulk',
            interfaceTarget(iface),
            bulkSummary(input, rows, ids),
          );
          return ids;
        }),
      );
    } catch (e) {
      result = err(e);
    }
  };
  const stored = (): Result<PeerId[], unknown> =>
    result ?? err(new AppError('Internal', 'not stored'));
  // issue 17: the rows are marked applied while `wg addconf` runs too (~40 ms of 10,000
  // rows off the critical path, like their revision: kernel/pipeline.ts); a kernel that
  // does not take them marks them not applied again once it has answered.
  let marked = false;
  const runAndMark = (): void => {
    run();
    if (result?.ok !== true) return;
    try {
      ctx.kernel.record(result.value, 'applied');
      marked = true;
    } catch {
      // Marked once the kernel has answered instead.
    }
  };
  return { run, runAndMark, result: stored, marked: () => marked };
}

/**
 * The rows were not stored, but the kernel may have taken the peers: they go
 * again, so that the database and the kernel agree. Their keys are new, so no
 * other peer is touched.
 */
async function withKernelUndone(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  publicKeys: readonly WgKey[],
  error: unknown,
): Promise<unknown> {
  try {
    await ctx.kernel.removePeers(iface, publicKeys);
    return error;
  } catch (e) {
    const why = e instanceof AppError ? e.message : String(e);
    const kind = error instanceof AppError ? error.kind : 'Internal';
    const what = error instanceof Error ? error.message : String(error);
    return new AppError(
      kind,
      `${what}; the peers given to the kernel could not be taken out again (${why}): ` +
        'reconcile drift to remove them',
    );
  }
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
