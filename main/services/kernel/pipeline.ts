// The one way wgdesk changes the kernel. Every change of an interface — a
// peer created, edited, deleted, created in bulk, disconnected, reconnected,
// cut for a limit, a drift pushed or adopted, the start-up push, the
// interface brought up or down — runs inside `change()` for that interface,
// so its database write and its kernel step never interleave with another
// change of the same interface. `wg syncconf` is built from a snapshot of
// the desired state: a disconnect that slipped between the snapshot and the
// apply would be undone by it. There is one rule for "the interface is
// gone" and one place where a row is marked as matching the kernel or not.
import { KeyedQueue } from '../../../shared/queue';
import { AppError } from '../../../shared/errors';
import type { InterfaceName, WgKey } from '../../../shared/validate';
import type { Host, PeerSpec } from '../../host/host';
import type { InterfaceId, InterfaceRecord, PeerId, Store } from '../../store';
import { NetworkKernel, type NetworkKernelOptions } from './network';
import { NetworkGate } from './network-gate';
import { recordRevisions } from '../revisions/record';
import { RefusedSteps } from './undo';
import { ShapingKernel } from './shaping';
import { alongside } from './alongside';

/** What a kernel step came to: done, or nothing to do because the interface is not running. */
export type KernelOutcome = 'applied' | 'interface-down';

/** One interface's kernel step that failed; the database already holds the new state. */
export interface KernelFailure {
  readonly interfaceName: InterfaceName;
  readonly error: AppError;
}

/** Above this many peers on one interface, one `wg addconf` beats one `wg set` each (~1.5 ms apiece). */
const ADDCONF_FROM = 8;

export class KernelPipeline {
  readonly #host: Host;
  readonly #store: Store;
  readonly #queue = new KeyedQueue<InterfaceId>();
  /** Routes to sites and the firewall table, applied with the peers (kernel/network.ts). */
  readonly network: NetworkKernel;
  // network: peer steps whose firewall apply was refused, undone at the end of their change.
  readonly #refused = new RefusedSteps();
  readonly #now: () => number;
  // issue 17: skips the network step when it cannot change anything.
  readonly #networkGate: NetworkGate;
  /** Speed limits with `tc`, applied with the peers (kernel/shaping.ts; issue 12). */
  readonly shaping: ShapingKernel;
  /** Each running change's audit mark, by interface: a bulk write records its revision early. */
  readonly #marks = new Map<InterfaceId, number>();

  constructor(host: Host, store: Store, network: NetworkKernelOptions) {
    this.#host = host;
    this.#store = store;
    this.network = new NetworkKernel(host, store, network);
    this.#now = network.now;
    this.#networkGate = new NetworkGate(store);
    this.shaping = new ShapingKernel(host, store, network.now);
  }

  /**
   * Runs one change of these interfaces, after every change of them queued
   * before it and before any queued after. Read the rows the change depends
   * on inside `task`, not before: they may have changed while it waited.
   */
  change<T>(interfaces: InterfaceId | readonly InterfaceId[], task: () => Promise<T>): Promise<T> {
    return this.#queue.run(interfaces, async () => {
      // Revisions (issue 13): every change that went through is one, if it changed anything.
      const mark = this.#store.revisions.auditMark();
      const ids = [interfaces].flat();
      for (const id of ids) this.#marks.set(id, mark);
      // network: the task has put its rows back when it throws; then the kernel follows (kernel/undo.ts).
      const undo = () => this.#refused.undo(ids, this.#host, this.#store, this.network, this.#now);
      try {
        let result: T;
        try {
          result = await task().finally(undo);
        } catch (e) {
          // A change that stored its rows and then failed in the kernel (a bulk create
          // whose addconf failed before it started) went through too. One that put its
          // rows back left nothing pending: this records nothing then.
          try {
            recordRevisions(this.#store, interfaces, mark);
          } catch {
            // Left pending: the next change of the interface records it.
          }
          throw e;
        }
        recordRevisions(this.#store, interfaces, mark);
        return result;
      } finally {
        for (const id of ids) this.#marks.delete(id);
      }
    });
  }

  /** Resolves once every change queued so far has finished (shutting down, tests). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /**
   * The one rule for a kernel step of a server's peers. A server the admin
   * left down holds nothing in the kernel, so there is nothing to do; a step
   * that fails because the link turns out not to exist is not an error
   * either: the rows stay not-applied and bringing the server up applies them.
   */
  async step(iface: InterfaceRecord, step: () => Promise<void>): Promise<KernelOutcome> {
    if (!iface.enabled) return 'interface-down';
    try {
      await step();
      // network: a peer's site routes and the rules naming it change with it, or the step is
      // undone; the gate (issue 17) skips the step when it cannot change anything.
      if (this.#networkGate.mayChange(iface)) {
        try {
          await this.network.afterPeers(iface);
        } catch (e) {
          this.#refused.mark(iface.id);
          throw e;
        }
      }
      // shaping (issue 12): speed limits follow their peers in the same step.
      await this.shaping.afterPeers(iface);
      return 'applied';
    } catch (e) {
      const link = await this.#host.linkState(iface.name).catch(() => undefined);
      if (link !== undefined && !link.exists) return 'interface-down';
      throw e instanceof AppError ? e : new AppError('CommandFailed', String(e));
    }
  }

  /** One `wg set` for one peer: never touches the others. */
  setPeer(iface: InterfaceRecord, spec: PeerSpec): Promise<KernelOutcome> {
    return this.step(iface, () => this.#host.setPeer(iface.name, spec));
  }

  /** One `wg set … remove` for all of them. */
  removePeers(iface: InterfaceRecord, keys: readonly WgKey[]): Promise<KernelOutcome> {
    if (keys.length === 0) return Promise.resolve('applied');
    return this.step(iface, () => this.#host.removePeers(iface.name, keys));
  }

  /**
   * Adds or updates peers, never removing any: `wg set` for a few, one
   * `wg addconf` for many (the same private key and port change nothing).
   * `rest` are more parts still being made (a big bulk create's, whose keys
   * are made while wireguard-go takes the parts before, issue 17): one
   * `wg addconf` each as soon as it is ready, in the same step. `write` runs
   * alongside the last one.
   */
  addPeers(
    iface: InterfaceRecord,
    specs: readonly PeerSpec[],
    // issue 17: the rows of these peers, written while `wg addconf` runs (kernel/alongside.ts).
    write: () => void = () => undefined,
    rest: readonly Promise<readonly PeerSpec[]>[] = [],
  ): Promise<KernelOutcome> {
    if (rest.length > 0) return this.#addInParts(iface, [Promise.resolve(specs), ...rest], write);
    if (specs.length <= ADDCONF_FROM || !iface.enabled) write();
    if (specs.length === 0) return Promise.resolve('applied');
    return this.step(iface, async () => {
      if (specs.length <= ADDCONF_FROM) {
        for (const spec of specs) await this.#host.setPeer(iface.name, spec);
        return;
      }
      await this.#addconf(iface, specs, write);
    });
  }

  async #addInParts(
    iface: InterfaceRecord,
    parts: readonly Promise<readonly PeerSpec[]>[],
    write: () => void,
  ): Promise<KernelOutcome> {
    if (!iface.enabled) {
      await Promise.all(parts);
      write();
      return 'interface-down';
    }
    const last = parts.length - 1;
    return this.step(iface, async () => {
      // Each part's `wg addconf` starts as soon as the part is made, usually before the
      // one before has ended: wireguard-go takes one request at a time, so it waits its
      // turn there, and the rows are written beside the parts still queued, not only
      // beside the last. Parts hold different peers, so their order does not matter.
      const settled = await Promise.allSettled(
        parts.map((part, i) =>
          part.then((specs) =>
            i === last
              ? this.#addconf(iface, specs, write)
              : this.#host.configure(iface.name, this.#deviceWith(iface, specs), 'add'),
          ),
        ),
      );
      for (const s of settled) if (s.status === 'rejected') throw s.reason;
    });
  }

  /** One `wg addconf` of these peers, `write` (and what follows it) alongside. */
  async #addconf(
    iface: InterfaceRecord,
    specs: readonly PeerSpec[],
    write: () => void,
  ): Promise<void> {
    // issue 17: the revision of 10,000 new rows (~0.1 s) is recorded while wireguard-go
    // takes them too, not after: the rows stay whatever the kernel says, so it is final.
    // The network gate reads their networks then too (~40 ms).
    const writeAndRecord = () => {
      write();
      const mark = this.#marks.get(iface.id);
      try {
        if (mark !== undefined) recordRevisions(this.#store, iface.id, mark);
        this.#networkGate.prepare(iface);
      } catch {
        // alongside's write must not throw; the change's own record at its end tries
        // again (this one rolled back) and throws there if it must.
      }
    };
    await alongside(
      (started) => this.#host.configure(iface.name, this.#deviceWith(iface, specs), 'add', started),
      writeAndRecord,
    );
  }

  #deviceWith(iface: InterfaceRecord, peers: readonly PeerSpec[]) {
    return {
      privateKey: this.#store.interfaces.revealPrivateKey(iface.id),
      listenPort: iface.listenPort,
      fwMark: iface.fwmark,
      peers,
    };
  }

  /** Whether these rows now match the kernel: the one place the flag is written. */
  record(ids: readonly PeerId[], outcome: KernelOutcome | 'failed'): void {
    this.#store.peers.setApplied(ids, outcome === 'applied');
  }
}

/** A step's failure, for callers that change several interfaces and report afterwards. */
export function failureOf(iface: InterfaceRecord, e: unknown): KernelFailure {
  return {
    interfaceName: iface.name,
    error: e instanceof AppError ? e : new AppError('CommandFailed', String(e)),
  };
}

/** The first failure as the error to throw, naming how many interfaces failed. */
export function failureError(failures: readonly KernelFailure[]): AppError | null {
  const first = failures[0];
  if (first === undefined) return null;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more interfaces)` : '';
  return new AppError(
    first.error.kind,
    `saved, but the kernel change on ${first.interfaceName} failed${more}: ${first.error.message}`,
  );
}
