// What the desktop knows of one box: a snapshot taken on every (re)connect,
// kept current by the box's pushed events. Events that arrive while the
// snapshot is being read are held and applied after it, so nothing seen in
// between is lost; the snapshot replaces everything held before, so nothing
// from before the drop is kept twice.
import {
  applyPush,
  holdSnapshot,
  type EventName,
  type InterfaceView,
  type PeerStats,
  type PeerView,
  type StatsPush,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ServiceClient } from '../service/client';

export interface MirrorState {
  readonly interfaces: ReadonlyMap<number, InterfaceView>;
  readonly peers: ReadonlyMap<number, PeerView>;
  readonly stats: ReadonlyMap<number, PeerStats>;
}

type Held = { readonly name: string; readonly payload: unknown };

export class BoxMirror {
  #interfaces = new Map<number, InterfaceView>();
  #peers = new Map<number, PeerView>();
  #stats = new Map<number, PeerStats>();
  /** Each server's stats seq (shared/contract/stats-push.ts). */
  #seqs = new Map<number, number>();
  #held: Held[] | null = null;
  #client: ServiceClient | null = null;
  readonly #changed: (m: MirrorState) => void;

  constructor(changed: (m: MirrorState) => void) {
    this.#changed = changed;
  }

  get state(): MirrorState {
    return { interfaces: this.#interfaces, peers: this.#peers, stats: this.#stats };
  }

  /** Takes the snapshot over a fresh link; events flow into the mirror from then on. */
  async attach(client: ServiceClient): Promise<void> {
    this.#client = client;
    client.onEvent((name, payload) => {
      if (this.#client !== client) return; // a link that was replaced says nothing more
      if (this.#held) this.#held.push({ name, payload });
      else this.#apply(client, name, payload);
    });
    await this.#resync(client);
  }

  /** Reads the box's desired state and live numbers whole, replacing what was held. */
  async #resync(client: ServiceClient): Promise<void> {
    this.#held = [];
    const interfaces = await read<InterfaceView[]>(client, 'interfaces.list', {});
    const peers = new Map<number, PeerView>();
    const live = { byId: new Map<number, PeerStats>(), seqs: new Map<number, number>() };
    for (const i of interfaces) {
      for (const p of await read<PeerView[]>(client, 'peers.list', { interfaceId: i.id })) {
        peers.set(p.id, p);
      }
      const s = await read<{ interfaceId: number; seq: number; peers: PeerStats[] }>(
        client,
        'peers.stats',
        { interfaceId: i.id },
      );
      holdSnapshot(live, s);
    }
    this.#interfaces = new Map(interfaces.map((i) => [i.id, i]));
    this.#peers = peers;
    this.#stats = live.byId;
    this.#seqs = live.seqs;
    const held = this.#held;
    this.#held = null;
    let again = false;
    for (const e of held) again = this.#merge(e.name, e.payload) || again;
    if (again) return this.#resync(client);
    this.#changed(this.state);
    return undefined;
  }

  #apply(client: ServiceClient, name: string, payload: unknown): void {
    if (this.#merge(name, payload)) {
      this.#resync(client).catch(() => undefined); // a lost link resyncs on its next attach
    } else {
      this.#changed(this.state);
    }
  }

  /** Merges a stats delta; true when the event asks for desired state to be read again. */
  #merge(name: string, payload: unknown): boolean {
    const event = name as EventName;
    if (event === 'peers.stats') {
      // A lost push means the numbers would drift: read them again instead.
      const held = { byId: this.#stats, seqs: this.#seqs };
      return applyPush(held, payload as StatsPush) === 'gap';
    }
    // Desired state is small next to the stats: read again whole, by the same calls.
    const what = (payload as { what: string }).what;
    return event === 'state.changed' && (what === 'interfaces' || what === 'peers');
  }
}

async function read<T>(client: ServiceClient, method: string, params: unknown): Promise<T> {
  const r = await client.call(method, params);
  // The box's own kind: a link lost mid-snapshot is HostUnreachable, and is retried.
  if (!r.ok) throw new AppError(r.error.kind, `${method}: ${r.error.message}`);
  return r.value as T;
}
