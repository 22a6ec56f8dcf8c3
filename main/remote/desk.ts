// The desktop side of boxes, for the routing layer (main/api/routes.ts): the
// registry, what the boxes' ssh asks, and their events tagged with the box.
// `boxes.*` is answered here, by the desktop's own process (it holds the
// admin's agent and key files), and never forwarded to a box.
import { isMethodName } from '../../shared/contract';
import { BOX_EVENTS, BOX_METHODS, type BoxView } from '../../shared/contract/boxes';
import { AppError, type WireError } from '../../shared/errors';
import { err, type Result } from '../../shared/result';
import { callBoxMethod, isBoxMethod } from './handlers';
import { Prompts } from './prompts';
import { BoxRegistry } from './registry';
import type { BoxDesk, RoutedListener } from '../api/routes';

type Answer = Promise<Result<unknown, WireError>>;

export interface DeskOptions {
  /** The desktop user's own directory for the box list and pinned host keys. */
  readonly dir: string;
  readonly agentSocket?: string;
  /** Tests run the bridge from a checkout; a real box has `wgdesk` on its PATH. */
  readonly remoteCommand?: readonly string[];
}

/** The desktop's boxes: the registry, what their ssh asks, and their events for the windows. */
export class Desk implements BoxDesk {
  readonly registry: BoxRegistry;
  readonly prompts: Prompts;
  readonly #listeners = new Set<RoutedListener>();
  #shown = '';

  constructor(o: DeskOptions) {
    this.prompts = new Prompts((prompts) => this.#emit(BOX_EVENTS.prompts, { prompts }));
    this.registry = new BoxRegistry({
      dir: o.dir,
      ask: (prompt, box) => this.prompts.ask(box, prompt),
      // Later, not now: the registry connects its trusted boxes while it is being built.
      changed: () => queueMicrotask(() => this.#listChanged()),
      event: (id, name, payload) => this.#emit(name, payload, id),
      ...(o.agentSocket === undefined ? {} : { agentSocket: o.agentSocket }),
      ...(o.remoteCommand === undefined ? {} : { remoteCommand: o.remoteCommand }),
    });
  }

  /** A `boxes.*` method; after a change the windows get the new list at once. */
  async call(method: string, params: unknown): Answer {
    if (!isBoxMethod(method)) return unknownMethod(method);
    const r = await callBoxMethod(this.registry, method, params, this.prompts);
    if (BOX_METHODS[method].mutates) this.#listChanged();
    return r;
  }

  /** A contract method on one box, through its link (HostUnreachable while it is down). */
  async callBox(box: number, method: string, params: unknown): Answer {
    if (!isMethodName(method)) return unknownMethod(method);
    try {
      return await this.registry.connection(box).call(method, params);
    } catch (e) {
      if (e instanceof AppError) return err(e.toWire());
      throw e;
    }
  }

  subscribe(listener: RoutedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.prompts.close();
    await this.registry.close();
  }

  /** Pushes the list when what a window shows of it changed (not on every mirrored stat). */
  #listChanged(): void {
    const boxes: BoxView[] = this.registry.list();
    const text = JSON.stringify(boxes);
    if (text === this.#shown) return;
    this.#shown = text;
    this.#emit(BOX_EVENTS.changed, { boxes });
  }

  #emit(name: string, payload: unknown, box?: number): void {
    for (const l of this.#listeners) l(name, payload, box);
  }
}

function unknownMethod(method: string): Result<never, WireError> {
  const shown = method.slice(0, 64);
  return err({ kind: 'InvalidInput', message: `method: unknown method ${shown}`, field: 'method' });
}
