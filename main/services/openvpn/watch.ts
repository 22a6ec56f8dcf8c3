// One attached OpenVPN server, watched: its management link, the sessions it
// has now, and their log. Sessions are learnt from `status 3`, run when the
// link comes up, when the server sends a >CLIENT notification, and every
// resync interval (OpenVPN announces a disconnect only to servers using
// management-client-auth, so the interval is what notices clients leaving).
// What the sessions carried between readings goes to their identities'
// traffic history (traffic.ts).
// When the link goes down every session is closed in the log and forgotten:
// a restarted server numbers its clients from 0 again, and a session nobody
// can see or cut must not count against a limit (no phantom sessions).
import { AppError } from '../../../shared/errors';
import { serialQueue } from '../../../shared/queue';
import { clientKillCommand, statusCommand } from '../../openvpn/command';
import { ManagementLink, type LinkState } from '../../openvpn/link';
import { parseStatus, type ObservedSession } from '../../openvpn/status';
import type {
  IdentityRecord,
  NewOpenVpnLogEntry,
  OpenVpnEvent,
  OpenVpnServerRecord,
  UnixMs,
  UserId,
} from '../../store';
import type { ServiceContext } from '../context';
import { openvpnKey } from '../access/sessions';
import { encodeReason } from '../../../shared/reason';
import { trafficDeltas } from './traffic';

/** A live session, as wgdesk tracks it. */
export interface OpenVpnSession extends ObservedSession {
  readonly key: string;
  /** The name that owns it (common name or username, per server); null: nobody's. */
  readonly identity: string | null;
  readonly userId: UserId | null;
  /** On wgdesk's clock: the server's age of the session, counted back from when it was seen. */
  readonly startedAt: UnixMs;
}

export interface WatchOptions {
  readonly resyncMs: number;
  readonly backoff: { readonly firstMs: number; readonly maxMs: number };
  /** After sessions changed: the limits are checked again. */
  readonly onChange: () => void;
}

export class ServerWatch {
  readonly server: OpenVpnServerRecord;
  readonly #ctx: ServiceContext;
  readonly #o: WatchOptions;
  readonly #link: ManagementLink;
  readonly #serial = serialQueue();
  #sessions = new Map<number, OpenVpnSession>();
  /**
   * Sessions told to go: OpenVPN lists a killed client for a few more seconds
   * (its delayed exit), which must not read as a new session or a second kill.
   */
  #killed = new Set<number>();
  #error: AppError | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** No reading since the link came up: sessions seen now may have been counted already. */
  #fresh = true;

  constructor(ctx: ServiceContext, server: OpenVpnServerRecord, o: WatchOptions) {
    this.server = server;
    this.#ctx = ctx;
    this.#o = o;
    this.#link = new ManagementLink({
      address: server.address,
      password: ctx.store.openvpn.revealPassword(server.id),
      backoff: o.backoff,
      onState: (state, error) => this.#stateChanged(state, error),
      onNotification: () => void this.resync().catch(() => undefined),
    });
  }

  get state(): LinkState {
    return this.#link.state;
  }

  /** Why the link is not up (wrong password, socket missing…), or null. */
  get error(): AppError | null {
    return this.#error;
  }

  sessions(): OpenVpnSession[] {
    return [...this.#sessions.values()];
  }

  start(): void {
    this.#link.start();
    this.#timer = setInterval(() => {
      if (this.#link.state === 'up') void this.resync().catch(() => undefined);
    }, this.#o.resyncMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#link.stop();
  }

  /** Reads `status 3` and brings the sessions and their log up to date. One at a time. */
  resync(): Promise<OpenVpnSession[]> {
    return this.#serial(async () => {
      const lines = await this.#link.command(statusCommand());
      this.#apply(parseStatus(lines), serverTime(lines));
      return this.sessions();
    });
  }

  /** Ends one session; `event` and `detail` say why in the log. Held identities are the caller's. */
  async kill(clientId: number, event: OpenVpnEvent, detail: string): Promise<OpenVpnSession> {
    const s = this.#sessions.get(clientId);
    if (s === undefined) {
      throw new AppError('NotFound', `session ${clientId} is not live on ${this.server.name}`);
    }
    // Out of the table before the command is sent: a second cut of this
    // session decided meanwhile (the poll's and a notification's) finds nothing to do.
    this.#sessions.delete(clientId);
    this.#killed.add(clientId);
    try {
      await this.#link.command(clientKillCommand(clientId));
    } catch (e) {
      this.#killed.delete(clientId);
      if (this.#link.state === 'up') this.#sessions.set(clientId, s);
      throw e;
    }
    this.#log([entry(this.server, s, this.#ctx.now(), event, detail)]);
    return s;
  }

  #apply(observed: readonly ObservedSession[], serverNow: number | null): void {
    const now = this.#ctx.now();
    const owners = new Map(
      this.#ctx.store.openvpn.identities(this.server.id).map((i) => [i.name, i]),
    );
    const next = new Map<number, OpenVpnSession>();
    const log: NewOpenVpnLogEntry[] = [];
    const held: number[] = [];
    this.#killed = new Set(
      observed.filter((o) => this.#killed.has(o.clientId)).map((o) => o.clientId),
    );
    for (const o of observed) {
      if (this.#killed.has(o.clientId)) continue;
      const name = this.server.identityBy === 'username' ? o.username : o.commonName;
      const owner = name === null ? undefined : owners.get(name);
      if (isHeld(owner, now)) {
        held.push(o.clientId);
        continue;
      }
      const prev = this.#sessions.get(o.clientId);
      const age = serverNow === null ? 0 : Math.max(0, serverNow - o.connectedSince);
      const s: OpenVpnSession = {
        ...o,
        key: openvpnKey(this.server.id, o.clientId, name ?? ''),
        identity: name,
        userId: owner?.userId ?? null,
        startedAt: prev?.startedAt ?? now - age,
      };
      next.set(o.clientId, s);
      if (prev === undefined) log.push(entry(this.server, s, now, 'connected', null));
    }
    for (const [cid, s] of this.#sessions) {
      if (!next.has(cid)) log.push(entry(this.server, s, now, 'disconnected', null));
    }
    this.#traffic(next, now);
    this.#sessions = next;
    this.#log(log);
    // Held out by a limit's cool-down: ended as soon as seen, as a cut peer stays out of the kernel.
    for (const cid of held) {
      this.#killed.add(cid);
      void this.#link.command(clientKillCommand(cid)).catch(() => this.#killed.delete(cid));
    }
    if (log.length > 0) this.#o.onChange();
  }

  /** Adds what the sessions carried since the last reading to the minute of `now`. */
  #traffic(next: ReadonlyMap<number, OpenVpnSession>, now: UnixMs): void {
    const deltas = trafficDeltas(this.server.id, this.#sessions, next, !this.#fresh);
    this.#fresh = false;
    if (deltas.length === 0) return;
    const minute = Math.floor(now / 60_000) * 60;
    this.#ctx.store.transaction(() => this.#ctx.store.openvpnSamples.add(minute, deltas));
  }

  #stateChanged(state: LinkState, error: AppError | null): void {
    this.#error = error;
    this.#fresh = true;
    if (state === 'up') {
      void this.resync().catch(() => undefined);
    } else if (this.#sessions.size > 0) {
      const now = this.#ctx.now();
      const detail = encodeReason({ code: 'management_gone' });
      this.#log(
        [...this.#sessions.values()].map((s) => entry(this.server, s, now, 'disconnected', detail)),
      );
      this.#sessions = new Map();
    }
    this.#killed = new Set();
    this.#ctx.events('state.changed', { what: 'openvpn', ids: [this.server.id] });
  }

  #log(entries: readonly NewOpenVpnLogEntry[]): void {
    if (entries.length === 0) return;
    this.#ctx.store.openvpnLog.append(entries);
    this.#ctx.events('state.changed', { what: 'openvpn', ids: [this.server.id] });
    this.#ctx.events('state.changed', { what: 'logs' });
  }
}

function isHeld(owner: IdentityRecord | undefined, now: UnixMs): boolean {
  const until = owner?.heldUntil ?? null;
  return until !== null && until > now;
}

/** The server's clock from the TIME line, in ms: sessions' ages are measured against it. */
function serverTime(lines: readonly string[]): number | null {
  const t = lines.find((l) => l.startsWith('TIME\t'))?.split('\t')[2];
  return t !== undefined && /^[0-9]{1,12}$/.test(t) ? Number(t) * 1000 : null;
}

function entry(
  server: OpenVpnServerRecord,
  s: OpenVpnSession,
  at: UnixMs,
  event: OpenVpnEvent,
  detail: string | null,
): NewOpenVpnLogEntry {
  const ended = event !== 'connected';
  return {
    serverId: server.id,
    identity: s.identity ?? s.commonName,
    userId: s.userId,
    at,
    event,
    clientId: s.clientId,
    realAddress: s.realAddress,
    virtualAddress: s.virtualAddress,
    rx: ended ? s.rx : 0,
    tx: ended ? s.tx : 0,
    detail,
  };
}
