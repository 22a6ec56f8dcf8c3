// The window's side of the desktop's boxes: the list main keeps (pushed on
// every change), what a box's ssh asks, and one workspace per engine (this
// machine and each box), each a client and a store of its own, so a page
// shown for one box never holds another's state. Vanilla (no React): the
// sidebar and the pages read it through boxes/context.tsx.
import type { z } from 'zod';
import type { BOX_METHODS } from '../../shared/contract/boxes';
import {
  BOX_EVENTS,
  type BoxEventPayloads,
  type BoxMethodName,
  type BoxPrompt,
  type BoxView,
} from '../../shared/contract/boxes';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createClient, type Client } from '../api/client';
import { ClientError } from '../api/errors';
import type { LinkState, Transport } from '../api/transport';
import { loadPreferences } from '../app/preferences';
import { boxLinkState } from '../lib/box-link';
import type { RouteLike } from '../lib/route';
import { createAppStore, type AppStore } from '../store';
import { startSync } from '../store/sync';

/** null: this machine; a number: that box. */
export type Target = number | null;

export interface DeskState {
  /** null until known; [] also when this engine keeps no boxes (then `available` is false). */
  readonly boxes: readonly BoxView[] | null;
  /** false when main has no boxes (a browser on `wgdesk serve` without --boxes). */
  readonly available: boolean;
  readonly prompts: readonly BoxPrompt[];
  readonly target: Target;
}

export interface Workspace {
  readonly client: Client;
  readonly store: AppStore;
}

type ParamsIn<M extends BoxMethodName> = z.input<(typeof BOX_METHODS)[M]['params']>;
type ResultOf<M extends BoxMethodName> = z.output<(typeof BOX_METHODS)[M]['result']>;

export class Desk {
  readonly state: StoreApi<DeskState>;
  readonly #transport: Transport;
  readonly #spaces = new Map<Target, Workspace>();
  readonly #stops = new Map<number, () => void>();
  #window: LinkState = { kind: 'connecting', attempt: 1 };

  constructor(transport: Transport, local: Workspace) {
    this.#transport = transport;
    this.#spaces.set(null, local);
    this.state = createStore<DeskState>()(() => ({
      boxes: null,
      available: false,
      prompts: [],
      target: null,
    }));
    transport.subscribe((name, payload, box) => {
      if (box !== undefined) return;
      if (name === BOX_EVENTS.changed) {
        this.#setBoxes((payload as BoxEventPayloads['boxes.changed']).boxes);
      } else if (name === BOX_EVENTS.prompts) {
        this.state.setState({ prompts: (payload as BoxEventPayloads['boxes.prompts']).prompts });
      }
    });
    transport.watchLink((link) => {
      const reopened = link.kind === 'open' && this.#window.kind !== 'open';
      this.#window = link;
      // Pushes sent while the link was down are lost: read the list again.
      if (reopened) void this.#reload();
    });
  }

  async call<M extends BoxMethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>> {
    const r = await this.#transport.call(method, params);
    if (!r.ok) throw ClientError.fromWire(r.error);
    return r.value as ResultOf<M>;
  }

  /** The client and store the pages use for a target, made on first use and kept. */
  workspace(target: Target): Workspace {
    const known = this.#spaces.get(target);
    if (known) return known;
    const box = target ?? 0;
    const client = createClient(this.#transport, {
      box,
      watchLink: (listener) => this.#watchBox(box, listener),
    });
    const store = createAppStore();
    loadPreferences(store);
    const space = { client, store };
    this.#spaces.set(target, space);
    this.#stops.set(box, this.#syncOnceConnected(box, client, store));
    return space;
  }

  select(wanted: Target): void {
    const target = this.#openable(wanted);
    // The theme and language may have been changed under another target.
    if (target !== this.state.getState().target) loadPreferences(this.workspace(target).store);
    this.state.setState({ target });
  }

  /** A page of a target, as an address names it (a reload, Back, Forward). */
  open(wanted: Target, route: RouteLike): void {
    const target = this.#openable(wanted);
    this.workspace(target)
      .store.getState()
      .navigate(target === wanted ? route : { page: 'servers' });
    this.select(target);
  }

  /**
   * A box this desktop no longer keeps, or has not trusted (an old address,
   * Back after a remove), is not opened: this machine is. Before the list is
   * known (a reload), the address is taken at its word; the list corrects it.
   */
  #openable(wanted: Target): Target {
    const { boxes } = this.state.getState();
    return wanted === null || boxes === null || isOpenable(boxes, wanted) ? wanted : null;
  }

  async #reload(): Promise<void> {
    try {
      const [boxes, prompts] = await Promise.all([
        this.call('boxes.list', {}),
        this.call('boxes.prompts', {}),
      ]);
      this.state.setState({ available: true, prompts });
      this.#setBoxes(boxes);
    } catch {
      // NotFound: this engine keeps no boxes; anything else is retried on the next reconnect.
      // An address naming a box opens this machine's pages instead.
      this.#setBoxes([]);
      this.state.setState({ available: false });
    }
  }

  #setBoxes(boxes: readonly BoxView[]): void {
    const { target } = this.state.getState();
    // A box removed, or not trusted (an old address, a reload after a remove): this machine.
    const gone = target !== null && !isOpenable(boxes, target);
    this.state.setState({ boxes, available: true, ...(gone ? { target: null } : {}) });
    // Every trusted box is followed, so the sidebar lists its servers without opening it.
    for (const b of boxes) if (b.status !== 'untrusted') this.workspace(b.id);
    // A removed box's pages are dropped with it.
    for (const [id, stop] of this.#stops) {
      if (boxes.some((b) => b.id === id)) continue;
      stop();
      this.#stops.delete(id);
      this.#spaces.delete(id);
    }
  }

  /**
   * A box's pages take their first snapshot once its link is up: read while
   * the box is still connecting (just trusted, say), every read fails, and the
   * sync reloads only on a link that comes back, so the pages would show only
   * what later changes named.
   */
  #syncOnceConnected(box: number, client: Client, store: AppStore): () => void {
    let stopSync: (() => void) | null = null;
    const connected = (s: DeskState): boolean =>
      s.boxes?.some((b) => b.id === box && b.status === 'connected') === true;
    const start = (): void => {
      stopSync = startSync(client, store);
    };
    if (connected(this.state.getState())) start();
    const unwatch = this.state.subscribe((s) => {
      if (stopSync === null && connected(s)) start();
    });
    return () => {
      unwatch();
      stopSync?.();
    };
  }

  /** The page's link state for one box: the window's link and the box's, together. */
  #watchBox(box: number, listener: (state: LinkState) => void): () => void {
    let shown = '';
    const emit = (): void => {
      const next = boxLinkState(
        this.#window,
        this.state.getState().boxes?.find((b) => b.id === box),
      );
      // Only a change: the store's own reload on "open" must not run twice.
      if (JSON.stringify(next) === shown) return;
      shown = JSON.stringify(next);
      listener(next);
    };
    const stopWindow = this.#transport.watchLink(emit);
    const stopBoxes = this.state.subscribe(emit);
    return () => {
      stopWindow();
      stopBoxes();
    };
  }
}

/** A box whose pages can be shown: listed, and its host key trusted. */
function isOpenable(boxes: readonly BoxView[], id: number): boolean {
  return boxes.some((b) => b.id === id && b.hostKey.trusted);
}
