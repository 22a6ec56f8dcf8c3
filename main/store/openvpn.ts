// OpenVPN servers wgdesk watches through their management interface, and the
// identities (common names or usernames) that belong to users. The password
// is sealed, bound to the server's host and name; reading it is its own call.
import type { OpenVpnServerId } from '../../shared/ids';
import { AppError } from '../../shared/errors';
import type { HostId, UnixMs, UserId } from './types';
import { rowId } from './codec';
import type { Db } from './db';
import { writing } from './errors';
import { open, seal, type DataKey } from './seal';
import { openvpnPasswordAad } from './aad';

export type { OpenVpnServerId } from '../../shared/ids';
export type IdentityBy = 'common_name' | 'username';

export type OpenVpnAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: '127.0.0.1' | '::1'; readonly port: number };

export interface NewOpenVpnServer {
  readonly hostId: HostId;
  readonly name: string;
  readonly address: OpenVpnAddress;
  readonly password: string | null;
  readonly identityBy: IdentityBy;
}

export interface OpenVpnServerRecord {
  readonly id: OpenVpnServerId;
  readonly hostId: HostId;
  readonly name: string;
  readonly address: OpenVpnAddress;
  readonly hasPassword: boolean;
  readonly identityBy: IdentityBy;
  readonly createdAt: UnixMs;
}

export interface IdentityRecord {
  readonly serverId: OpenVpnServerId;
  readonly name: string;
  readonly userId: UserId | null;
  /** A limit cut's cool-down: sessions of this identity are ended on sight until then. */
  readonly heldUntil: UnixMs | null;
  readonly heldReason: string | null;
}

interface ServerRow {
  id: number;
  host_id: number;
  name: string;
  address_kind: string;
  address: string;
  port: number | null;
  password_sealed: Buffer | null;
  identity_by: string;
  created_at: number;
}

interface IdentityRow {
  server_id: number;
  name: string;
  user_id: number | null;
  held_until: number | null;
  held_reason: string | null;
}

const SERVER = `id, host_id, name, address_kind, address, port, password_sealed, identity_by,
  created_at`;
const IDENTITY = 'server_id, name, user_id, held_until, held_reason';

function statements(db: Db) {
  return {
    insert: db.prepare<Omit<ServerRow, 'id'>>(
      `INSERT INTO openvpn_servers (host_id, name, address_kind, address, port, password_sealed,
         identity_by, created_at)
       VALUES (@host_id, @name, @address_kind, @address, @port, @password_sealed, @identity_by,
         @created_at)`,
    ),
    get: db.prepare<[number], ServerRow>(`SELECT ${SERVER} FROM openvpn_servers WHERE id = ?`),
    list: db.prepare<[number], ServerRow>(
      `SELECT ${SERVER} FROM openvpn_servers WHERE host_id = ? ORDER BY name, id`,
    ),
    delete: db.prepare<[number]>(`DELETE FROM openvpn_servers WHERE id = ?`),
    identities: db.prepare<[number], IdentityRow>(
      `SELECT ${IDENTITY} FROM openvpn_identities WHERE server_id = ? ORDER BY name`,
    ),
    byUser: db.prepare<[number], IdentityRow>(
      `SELECT ${IDENTITY} FROM openvpn_identities WHERE user_id = ? ORDER BY server_id, name`,
    ),
    upsert: db.prepare<[number, string, number | null]>(
      `INSERT INTO openvpn_identities (server_id, name, user_id) VALUES (?, ?, ?)
       ON CONFLICT (server_id, name) DO UPDATE SET user_id = excluded.user_id`,
    ),
    ensure: db.prepare<[number, string]>(
      `INSERT OR IGNORE INTO openvpn_identities (server_id, name) VALUES (?, ?)`,
    ),
    hold: db.prepare<[number | null, string | null, number, string]>(
      `UPDATE openvpn_identities SET held_until = ?, held_reason = ? WHERE server_id = ? AND name = ?`,
    ),
  };
}

export class OpenVpnRepo {
  readonly #stmt: ReturnType<typeof statements>;
  readonly #key: DataKey;
  readonly #now: () => number;

  constructor(db: Db, key: DataKey, now: () => number) {
    this.#stmt = statements(db);
    this.#key = key;
    this.#now = now;
  }

  create(s: NewOpenVpnServer): OpenVpnServerRecord {
    const a = s.address;
    const info = writing(
      () =>
        this.#stmt.insert.run({
          host_id: s.hostId,
          name: s.name,
          address_kind: a.kind,
          address: a.kind === 'unix' ? a.path : a.host,
          port: a.kind === 'tcp' ? a.port : null,
          password_sealed:
            s.password === null
              ? null
              : seal(this.#key, openvpnPasswordAad(s.hostId, s.name), s.password),
          identity_by: s.identityBy,
          created_at: this.#now(),
        }),
      { unique: `an OpenVPN server named ${s.name} already exists` },
    );
    return this.require(rowId(info.lastInsertRowid) as OpenVpnServerId);
  }

  get(id: OpenVpnServerId): OpenVpnServerRecord | undefined {
    const row = this.#stmt.get.get(id);
    return row === undefined ? undefined : server(row);
  }

  require(id: OpenVpnServerId): OpenVpnServerRecord {
    const found = this.get(id);
    if (found === undefined) throw new AppError('NotFound', `OpenVPN server ${id} does not exist`);
    return found;
  }

  list(hostId: HostId): OpenVpnServerRecord[] {
    return this.#stmt.list.all(hostId).map(server);
  }

  delete(id: OpenVpnServerId): boolean {
    return this.#stmt.delete.run(id).changes > 0;
  }

  /** The management password, for the engine's own connection only. */
  revealPassword(id: OpenVpnServerId): string | null {
    const row = this.#stmt.get.get(id);
    if (row === undefined) throw new AppError('NotFound', `OpenVPN server ${id} does not exist`);
    if (row.password_sealed === null) return null;
    return open(
      this.#key,
      openvpnPasswordAad(row.host_id as HostId, row.name),
      row.password_sealed,
    );
  }

  identities(serverId: OpenVpnServerId): IdentityRecord[] {
    return this.#stmt.identities.all(serverId).map(identity);
  }

  identitiesOf(userId: UserId): IdentityRecord[] {
    return this.#stmt.byUser.all(userId).map(identity);
  }

  /** Gives an identity to a user (null: to nobody); the row is created on first use. */
  assign(serverId: OpenVpnServerId, name: string, userId: UserId | null): void {
    writing(() => this.#stmt.upsert.run(serverId, name, userId), {
      foreignKey: 'the server or the user does not exist',
    });
  }

  /** Holds an identity out until a time (a limit cut's cool-down), or lets it back (null). */
  hold(serverId: OpenVpnServerId, name: string, until: UnixMs | null, reason: string | null): void {
    this.#stmt.ensure.run(serverId, name);
    this.#stmt.hold.run(until, reason, serverId, name);
  }
}

function server(r: ServerRow): OpenVpnServerRecord {
  const address: OpenVpnAddress =
    r.address_kind === 'unix'
      ? { kind: 'unix', path: r.address }
      : { kind: 'tcp', host: r.address === '::1' ? '::1' : '127.0.0.1', port: r.port ?? 0 };
  return {
    id: r.id as OpenVpnServerId,
    hostId: r.host_id as HostId,
    name: r.name,
    address,
    hasPassword: r.password_sealed !== null,
    identityBy: r.identity_by === 'username' ? 'username' : 'common_name',
    createdAt: r.created_at,
  };
}

function identity(r: IdentityRow): IdentityRecord {
  return {
    serverId: r.server_id as OpenVpnServerId,
    name: r.name,
    userId: r.user_id as UserId | null,
    heldUntil: r.held_until,
    heldReason: r.held_reason,
  };
}
