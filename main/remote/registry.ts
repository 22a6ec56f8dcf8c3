// The desktop's list of boxes, in the desktop user's own data directory: a
// JSON file of addresses and the keys each box offered, and wgdesk's own
// known_hosts for the keys the admin trusted. Not in a box's database, and
// not in the local service's: the links use this user's agent and key files.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { BoxView } from '../../shared/contract/boxes';
import { AppError, conflict, invalidInput } from '../../shared/errors';
import { problem } from '../../shared/problems';
import { unwrap } from '../../shared/result';
import {
  formatBoxAddress,
  parseBoxAddress,
  type BoxAddress,
} from '../../shared/validate/box-address';
import type { Prompt } from './askpass';
import { BoxConnection, type BoxStatus } from './box';
import { fingerprint, HostKeyChanged, KnownHosts, scan } from './host-keys';

const Saved = z.array(
  z.object({
    id: z.number().int().positive(),
    address: z.string(),
    identityFile: z.string().optional(),
    offered: z.object({ type: z.string(), blob: z.string() }),
  }),
);
type SavedBox = z.infer<typeof Saved>[number];

export interface RegistryOptions {
  /** The desktop's data directory (user-owned). */
  readonly dir: string;
  /** Answers what a box's ssh asks (a password, a passphrase); the box says whose it is. */
  readonly ask: (
    prompt: Prompt,
    box: { readonly id: number; readonly address: string },
  ) => Promise<string | null>;
  /** Something about a box changed (its status, its mirror): the window re-reads it. */
  readonly changed: (id: number) => void;
  /** Every event a connected box pushes, with the box's id (the window's pages follow them). */
  readonly event?: (id: number, name: string, payload: unknown) => void;
  /** Tests run the bridge from a checkout; a real box has `wgdesk` on its PATH. */
  readonly remoteCommand?: readonly string[];
  readonly agentSocket?: string;
}

export class BoxRegistry {
  readonly #o: RegistryOptions;
  readonly #known: KnownHosts;
  readonly #file: string;
  #boxes: SavedBox[];
  readonly #links = new Map<number, BoxConnection>();

  constructor(o: RegistryOptions) {
    this.#o = o;
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    this.#known = new KnownHosts(join(o.dir, 'known_hosts'));
    this.#file = join(o.dir, 'boxes.json');
    this.#boxes = existsSync(this.#file)
      ? Saved.parse(JSON.parse(readFileSync(this.#file, 'utf8')))
      : [];
    for (const b of this.#boxes) if (this.#trusted(b)) this.#connect(b);
  }

  list(): BoxView[] {
    return this.#boxes.map((b) => this.#view(b));
  }

  /** The live link of a trusted box, for its pages' calls and events. */
  connection(id: number): BoxConnection {
    const c = this.#links.get(id);
    if (!c) throw new AppError('NotFound', `box ${id} is not connected (trust its host key first)`);
    return c;
  }

  async add(addressText: string, identityFile?: string): Promise<BoxView> {
    const address = unwrap(parseBoxAddress(addressText));
    const text = formatBoxAddress(address);
    if (this.#boxes.some((b) => b.address === text)) {
      throw conflict(
        'address',
        `${text} is already in the list`,
        problem('box_listed', { address: text }),
      );
    }
    if (identityFile !== undefined && !identityFile.startsWith('/')) {
      throw invalidInput('identityFile', 'must be an absolute path', problem('absolute_path', {}));
    }
    const offered = await scan(address);
    const pinned = this.#known.pinned(address);
    if (pinned && pinned.blob !== offered.blob) throw new HostKeyChanged(address, pinned, offered);
    const box: SavedBox = {
      id: Math.max(0, ...this.#boxes.map((b) => b.id)) + 1,
      address: text,
      offered,
      ...(identityFile === undefined ? {} : { identityFile }),
    };
    this.#boxes.push(box);
    this.#save();
    if (pinned) this.#connect(box);
    return this.#view(box);
  }

  /**
   * Pins the key the admin confirmed. The box is asked again now: if it
   * offers another key than the one whose fingerprint was confirmed, nothing
   * is pinned.
   */
  async trustHostKey(id: number, confirmed: string): Promise<BoxView> {
    const box = this.#find(id);
    const address = addressOf(box);
    const offered = await scan(address);
    if (fingerprint(offered) !== confirmed || fingerprint(box.offered) !== confirmed) {
      throw conflict(
        'fingerprint',
        `${box.address} offers ${fingerprint(offered)}, not the ${confirmed} that was confirmed`,
        problem('fingerprint_changed', {
          address: box.address,
          offered: fingerprint(offered),
          confirmed,
        }),
      );
    }
    this.#known.pin(address, offered);
    this.#connect(box);
    return this.#view(box);
  }

  async remove(id: number): Promise<void> {
    const box = this.#find(id);
    await this.#links.get(id)?.stop();
    this.#links.delete(id);
    this.#known.forget(addressOf(box));
    this.#boxes = this.#boxes.filter((b) => b.id !== id);
    this.#save();
  }

  async close(): Promise<void> {
    for (const c of this.#links.values()) await c.stop();
    this.#links.clear();
  }

  #connect(box: SavedBox): void {
    if (this.#links.has(box.id)) return;
    const c = new BoxConnection({
      link: {
        address: addressOf(box),
        knownHostsFile: this.#known.path,
        pinned: box.offered,
        ...(box.identityFile === undefined ? {} : { identityFile: box.identityFile }),
        ...(this.#o.agentSocket === undefined ? {} : { agentSocket: this.#o.agentSocket }),
        ...(this.#o.remoteCommand === undefined ? {} : { remoteCommand: this.#o.remoteCommand }),
      },
      ask: (prompt) => this.#o.ask(prompt, { id: box.id, address: box.address }),
      onStatus: () => this.#o.changed(box.id),
      onMirror: () => this.#o.changed(box.id),
    });
    this.#links.set(box.id, c);
    const event = this.#o.event;
    if (event) c.onEvent((name, payload) => event(box.id, name, payload));
    c.start();
  }

  #trusted(box: SavedBox): boolean {
    return this.#known.pinned(addressOf(box))?.blob === box.offered.blob;
  }

  #view(box: SavedBox): BoxView {
    const status: BoxStatus | null = this.#links.get(box.id)?.status ?? null;
    return {
      id: box.id,
      address: box.address,
      hostKey: {
        type: box.offered.type,
        fingerprint: fingerprint(box.offered),
        trusted: this.#trusted(box),
        changedTo:
          status?.status === 'disconnected' && status.changedKey !== null
            ? fingerprint(status.changedKey)
            : null,
      },
      status: status === null ? 'untrusted' : status.status,
      error: status?.status === 'disconnected' ? status.error : null,
      wgdesk: status?.status === 'connected' ? status.wgdesk : null,
    };
  }

  #find(id: number): SavedBox {
    const box = this.#boxes.find((b) => b.id === id);
    if (!box) throw new AppError('NotFound', `no box ${id}`, 'id');
    return box;
  }

  #save(): void {
    // Written whole and renamed: a crash leaves the old list or the new one, never half.
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.#boxes, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.#file);
  }
}

function addressOf(box: SavedBox): BoxAddress {
  return unwrap(parseBoxAddress(box.address));
}
