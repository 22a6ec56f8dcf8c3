import type { InterfaceView } from '../../../shared/contract';
import type { InterfaceId, RevisionEntry } from '../../store';
import { requireInterface, type Caller, type ServiceContext } from '../context';
import { after, stateAt } from './delta';
import { diffStates, type RevisionDiff } from './diff';
import { rollbackTo } from './rollback';

/** A server's history: its revisions, two side by side, and going back to one. */
export class RevisionService {
  readonly #ctx: ServiceContext;
  readonly #view: (id: InterfaceId) => Promise<InterfaceView>;

  constructor(ctx: ServiceContext, view: (id: InterfaceId) => Promise<InterfaceView>) {
    this.#ctx = ctx;
    this.#view = view;
  }

  list(id: InterfaceId): RevisionEntry[] {
    requireInterface(this.#ctx, id);
    return this.#ctx.store.revisions.list(id);
  }

  /** What changed from revision `from` to revision `to` (either order works; secrets in words). */
  compare(id: InterfaceId, from: number, to: number): RevisionDiff {
    requireInterface(this.#ctx, id);
    const { revisions } = this.#ctx.store;
    revisions.require(id, from);
    revisions.require(id, to);
    const current = revisions.current(id);
    const deltas = revisions.deltasAfter(id, Math.min(from, to));
    return diffStates(
      stateAt(current, after(deltas, from)),
      stateAt(current, after(deltas, to)),
      (publicKey, column, a, b) =>
        revisions.openPeerSecret(id, publicKey, column, a) ===
        revisions.openPeerSecret(id, publicKey, column, b),
    );
  }

  /** The server as revision `revisionId` had it, applied as one change (itself a new revision). */
  async rollback(id: InterfaceId, revisionId: number, caller: Caller): Promise<InterfaceView> {
    await this.#ctx.kernel.change(id, async () => {
      requireInterface(this.#ctx, id);
      const { revisions } = this.#ctx.store;
      revisions.require(id, revisionId);
      const target = stateAt(revisions.current(id), revisions.deltasAfter(id, revisionId));
      await rollbackTo(this.#ctx, id, target, revisionId, caller);
    });
    this.#ctx.events('state.changed', { what: 'interfaces', ids: [id] });
    this.#ctx.events('state.changed', { what: 'peers' });
    return this.#view(id);
  }
}
