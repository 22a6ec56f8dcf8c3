// OpenVPN servers as a second kind of server (issue 14): wgdesk attaches to an
// existing server's management interface, lists its live sessions, gives its
// identities (common names or usernames) to users, and ends sessions: an
// admin's disconnect, or a device-limit cut counted with the users' WireGuard
// peers (it is a SessionSource of the LimitService). It writes no OpenVPN
// config and no certificate.
import { AppError } from '../../../shared/errors';
import { serialQueue } from '../../../shared/queue';
import type {
  IdentityBy,
  IdentityRecord,
  OpenVpnAddress,
  OpenVpnServerId,
  OpenVpnServerRecord,
  UserId,
} from '../../store';
import type { Cut } from '../access/select-cuts';
import type { LiveSession, SessionSource } from '../access/sessions';
import type { Caller, ServiceContext } from '../context';
import { checkAttach, checkIdentity } from './input';
import { auditSession, cutSessions } from './session-cuts';
import { ServerWatch, type OpenVpnSession, type WatchOptions } from './watch';
import { encodeReason } from '../../../shared/reason';

export interface AttachInput {
  readonly name: string;
  readonly address: OpenVpnAddress;
  readonly password: string | null;
  readonly identityBy: IdentityBy;
}

export interface ServerStatus {
  readonly server: OpenVpnServerRecord;
  readonly state: ServerWatch['state'];
  readonly error: AppError | null;
  readonly sessions: readonly OpenVpnSession[];
}

export type OpenVpnOptions = Omit<WatchOptions, 'onChange'>;

export const OPENVPN_DEFAULTS: OpenVpnOptions = {
  resyncMs: 2000,
  backoff: { firstMs: 250, maxMs: 10_000 },
};

export class OpenVpnService implements SessionSource {
  readonly #ctx: ServiceContext;
  readonly #options: WatchOptions;
  readonly #watches = new Map<OpenVpnServerId, ServerWatch>();
  readonly #cuts = serialQueue();
  #started = false;

  /** `enforce` checks the device limits again after sessions changed. */
  constructor(ctx: ServiceContext, enforce: () => Promise<unknown>, options = OPENVPN_DEFAULTS) {
    this.#ctx = ctx;
    this.#options = { ...options, onChange: () => void enforce().catch(() => undefined) };
  }

  /** Connects to every attached server (each reconnects by itself from then on). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const s of this.#ctx.store.openvpn.list(this.#ctx.hostId)) this.#watch(s);
  }

  stop(): void {
    this.#started = false;
    for (const w of this.#watches.values()) w.stop();
    this.#watches.clear();
  }

  attach(input: AttachInput, caller: Caller): ServerStatus {
    const checked = checkAttach(input);
    const { store } = this.#ctx;
    const server = store.transaction(() => {
      const s = store.openvpn.create({ ...checked, hostId: this.#ctx.hostId });
      store.audit.append({
        actor: caller.actor,
        action: 'openvpn.attach',
        targetType: 'openvpn_server',
        targetId: s.id,
        details: { name: s.name, address: describe(s.address), identityBy: s.identityBy },
      });
      return s;
    });
    if (this.#started) this.#watch(server);
    this.#ctx.events('state.changed', { what: 'openvpn', ids: [server.id] });
    return this.status(server.id);
  }

  /** Stops watching a server and forgets it and its log; the server itself runs on. */
  detach(id: OpenVpnServerId, caller: Caller): boolean {
    const s = this.#require(id);
    this.#watches.get(id)?.stop();
    this.#watches.delete(id);
    const { store } = this.#ctx;
    store.transaction(() => {
      store.openvpn.delete(id);
      store.audit.append({
        actor: caller.actor,
        action: 'openvpn.detach',
        targetType: 'openvpn_server',
        targetId: id,
        details: { name: s.name },
      });
    });
    this.#ctx.events('state.changed', { what: 'openvpn', ids: [id] });
    return true;
  }

  list(): ServerStatus[] {
    return this.#ctx.store.openvpn.list(this.#ctx.hostId).map((s) => this.status(s.id));
  }

  status(id: OpenVpnServerId): ServerStatus {
    const server = this.#require(id);
    const w = this.#watches.get(id);
    return {
      server,
      state: w?.state ?? 'down',
      error: w?.error ?? null,
      sessions: w?.sessions() ?? [],
    };
  }

  /** Reads the server's sessions now instead of at the next interval. */
  async resync(id: OpenVpnServerId): Promise<ServerStatus> {
    await this.#live(id).resync();
    return this.status(id);
  }

  /** Ends one session now; with forSeconds its identity stays out that long. */
  async disconnect(
    id: OpenVpnServerId,
    clientId: number,
    forSeconds: number | undefined,
    caller: Caller,
  ): Promise<ServerStatus> {
    const w = this.#live(id);
    const detail = encodeReason({
      code: 'admin_cut',
      actor: caller.actor,
      forSeconds: forSeconds ?? null,
    });
    const s = await w.kill(clientId, 'admin_disconnect', detail);
    this.#ctx.store.transaction(() => {
      if (forSeconds !== undefined && s.identity !== null) {
        this.#ctx.store.openvpn.hold(id, s.identity, this.#ctx.now() + forSeconds * 1000, detail);
      }
      auditSession(this.#ctx, caller.actor, 'openvpn.disconnect', id, s, {
        forSeconds: forSeconds ?? null,
      });
    });
    return this.status(id);
  }

  /** Gives an identity (common name or username) of a server to a user, or to nobody. */
  assign(id: OpenVpnServerId, identity: string, userId: UserId | null, caller: Caller): void {
    const server = this.#require(id);
    if (userId !== null) this.#ctx.store.users.require(userId);
    const name = checkIdentity(identity);
    this.#ctx.store.transaction(() => {
      this.#ctx.store.openvpn.assign(id, name, userId);
      this.#ctx.store.audit.append({
        actor: caller.actor,
        action: 'openvpn.assign',
        targetType: 'openvpn_server',
        targetId: id,
        details: { server: server.name, identity: name, userId },
      });
    });
    this.#ctx.events('state.changed', { what: 'openvpn', ids: [id] });
    this.#ctx.events('state.changed', { what: 'users', ids: userId === null ? [] : [userId] });
  }

  /**
   * Lets an identity held out by a cool-down back in now: the admin decides the
   * device may come back. A later cut holds it again by the usual rule.
   */
  release(id: OpenVpnServerId, identity: string, caller: Caller): void {
    const server = this.#require(id);
    const name = checkIdentity(identity);
    const held = this.#ctx.store.openvpn.identities(id).find((i) => i.name === name);
    if (held?.heldUntil === null || held?.heldUntil === undefined) {
      throw new AppError('NotFound', `identity ${JSON.stringify(name)} is not held`);
    }
    this.#ctx.store.transaction(() => {
      this.#ctx.store.openvpn.hold(id, name, null, null);
      this.#ctx.store.audit.append({
        actor: caller.actor,
        action: 'openvpn.release',
        targetType: 'openvpn_server',
        targetId: id,
        details: { server: server.name, identity: name, heldUntil: held.heldUntil },
      });
    });
    this.#ctx.events('state.changed', { what: 'openvpn', ids: [id] });
  }

  identities(id: OpenVpnServerId): IdentityRecord[] {
    this.#require(id);
    return this.#ctx.store.openvpn.identities(id);
  }

  identitiesOf(userId: UserId): IdentityRecord[] {
    return this.#ctx.store.openvpn.identitiesOf(userId);
  }

  // ---- SessionSource: the device limits count and cut these sessions ----

  online(): LiveSession[] {
    const out: LiveSession[] = [];
    for (const w of this.#watches.values()) {
      for (const s of w.sessions()) {
        if (s.userId !== null) out.push({ key: s.key, userId: s.userId, startedAt: s.startedAt });
      }
    }
    return out;
  }

  owns(key: string): boolean {
    return key.startsWith('ovpn:');
  }

  /** One batch at a time: the poll and a notification may decide the same cut at once. */
  cut(cuts: readonly Cut[], cooldownS: (u: UserId) => number, actor: string): Promise<void> {
    return this.#cuts(() => cutSessions(this.#ctx, this.#watches, cuts, cooldownS, actor));
  }

  #watch(server: OpenVpnServerRecord): void {
    const w = new ServerWatch(this.#ctx, server, this.#options);
    this.#watches.set(server.id, w);
    w.start();
  }

  #require(id: OpenVpnServerId): OpenVpnServerRecord {
    const s = this.#ctx.store.openvpn.require(id);
    if (s.hostId !== this.#ctx.hostId) {
      throw new AppError('NotFound', `OpenVPN server ${id} does not exist`);
    }
    return s;
  }

  #live(id: OpenVpnServerId): ServerWatch {
    this.#require(id);
    const w = this.#watches.get(id);
    if (w === undefined)
      throw new AppError('HostUnreachable', `OpenVPN server ${id} is not watched`);
    return w;
  }
}

function describe(a: OpenVpnAddress): string {
  return a.kind === 'unix' ? `unix:${a.path}` : `tcp:${a.host}:${a.port}`;
}
