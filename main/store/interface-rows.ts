// How an interface is laid out in SQLite: the columns read, the statements, and
// the conversions between rows and records. interfaces.ts holds the repository logic.
import type {
  ConfText,
  DnsEntry,
  Endpoint,
  FwMark,
  InterfaceAddress,
  InterfaceName,
  Mtu,
  Port,
  RouteTable,
  WgKey,
} from '../../shared/validate/index';
import { fromBool, fromList, toBool, toList } from './codec';
import type { Db } from './db';
import { networkOf } from '../../shared/ip';
import type { HostId, InterfaceId, InterfaceRecord, InterfaceSettings } from './types';

// The read columns. private_key_sealed is deliberately absent: a record never carries it.
const COLUMNS = `id, host_id, name, public_key, listen_port, ipv4_address, ipv6_address,
  ipv4_network, ipv6_network, dns, mtu, route_table, fwmark, pre_up, post_up, pre_down,
  post_down, public_endpoint, enabled, created_at, updated_at`;

interface Row {
  id: number;
  host_id: number;
  name: string;
  public_key: string;
  listen_port: number | null;
  ipv4_address: string | null;
  ipv6_address: string | null;
  ipv4_network: string | null;
  ipv6_network: string | null;
  dns: string;
  mtu: number | null;
  route_table: string | null;
  fwmark: number | null;
  pre_up: string;
  post_up: string;
  pre_down: string;
  post_down: string;
  public_endpoint: string | null;
  enabled: number;
  created_at: number;
  updated_at: number;
}

type SettingsParams = Omit<Row, 'id' | 'host_id' | 'public_key' | 'created_at'>;

export const DEFAULTS: Omit<InterfaceSettings, 'name'> = {
  listenPort: null,
  ipv4Address: null,
  ipv6Address: null,
  dns: [],
  mtu: null,
  routeTable: null,
  fwmark: null,
  preUp: [],
  postUp: [],
  preDown: [],
  postDown: [],
  publicEndpoint: null,
  enabled: true,
};

// Prepared once per store: better-sqlite3 reuses the compiled statement on every call.
export function statements(db: Db) {
  return {
    insert: db.prepare<SettingsParams & { host_id: number; public_key: string; sealed: Buffer }>(
      `INSERT INTO interfaces (host_id, name, private_key_sealed, public_key, listen_port,
         ipv4_address, ipv6_address, ipv4_network, ipv6_network, dns, mtu, route_table, fwmark,
         pre_up, post_up, pre_down, post_down, public_endpoint, enabled, created_at, updated_at)
       VALUES (@host_id, @name, @sealed, @public_key, @listen_port, @ipv4_address, @ipv6_address,
         @ipv4_network, @ipv6_network, @dns, @mtu, @route_table, @fwmark, @pre_up, @post_up,
         @pre_down, @post_down, @public_endpoint, @enabled, @updated_at, @updated_at)`,
    ),
    getById: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM interfaces WHERE id = ?`),
    getByName: db.prepare<[number, string], Row>(
      `SELECT ${COLUMNS} FROM interfaces WHERE host_id = ? AND name = ?`,
    ),
    listAll: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM interfaces ORDER BY host_id, name`),
    listByHost: db.prepare<[number], Row>(
      `SELECT ${COLUMNS} FROM interfaces WHERE host_id = ? ORDER BY name`,
    ),
    updateSettings: db.prepare<SettingsParams & { id: number }>(
      `UPDATE interfaces SET name = @name, listen_port = @listen_port,
         ipv4_address = @ipv4_address, ipv6_address = @ipv6_address,
         ipv4_network = @ipv4_network, ipv6_network = @ipv6_network, dns = @dns, mtu = @mtu,
         route_table = @route_table, fwmark = @fwmark, pre_up = @pre_up, post_up = @post_up,
         pre_down = @pre_down, post_down = @post_down, public_endpoint = @public_endpoint,
         enabled = @enabled, updated_at = @updated_at
       WHERE id = @id`,
    ),
    updateKeys: db.prepare<[string, Buffer, number, number]>(
      `UPDATE interfaces SET public_key = ?, private_key_sealed = ?, updated_at = ? WHERE id = ?`,
    ),
    sealed: db.prepare<[number], { host_id: number; name: string; sealed: Buffer }>(
      `SELECT host_id, name, private_key_sealed AS sealed FROM interfaces WHERE id = ?`,
    ),
    delete: db.prepare<[number]>(`DELETE FROM interfaces WHERE id = ?`),
  };
}

export type Statements = ReturnType<typeof statements>;

export function settingsParams(s: InterfaceSettings, now: number): SettingsParams {
  return {
    name: s.name,
    listen_port: s.listenPort,
    ipv4_address: s.ipv4Address,
    ipv6_address: s.ipv6Address,
    ipv4_network: s.ipv4Address === null ? null : networkOf(s.ipv4Address),
    ipv6_network: s.ipv6Address === null ? null : networkOf(s.ipv6Address),
    dns: fromList(s.dns),
    mtu: s.mtu,
    route_table: s.routeTable,
    fwmark: s.fwmark,
    pre_up: fromList(s.preUp),
    post_up: fromList(s.postUp),
    pre_down: fromList(s.preDown),
    post_down: fromList(s.postDown),
    public_endpoint: s.publicEndpoint,
    enabled: fromBool(s.enabled),
    updated_at: now,
  };
}

// Values were validated before they were written, so reading back casts to their brands.
export function toRecord(r: Row): InterfaceRecord {
  return {
    id: r.id as InterfaceId,
    hostId: r.host_id as HostId,
    name: r.name as InterfaceName,
    publicKey: r.public_key as WgKey,
    listenPort: r.listen_port as Port | null,
    ipv4Address: r.ipv4_address as InterfaceAddress | null,
    ipv6Address: r.ipv6_address as InterfaceAddress | null,
    ipv4Network: r.ipv4_network as InterfaceRecord['ipv4Network'],
    ipv6Network: r.ipv6_network as InterfaceRecord['ipv6Network'],
    dns: toList<DnsEntry>(r.dns, 'interfaces.dns'),
    mtu: r.mtu as Mtu | null,
    routeTable: r.route_table as RouteTable | null,
    fwmark: r.fwmark as FwMark | null,
    preUp: toList<ConfText>(r.pre_up, 'interfaces.pre_up'),
    postUp: toList<ConfText>(r.post_up, 'interfaces.post_up'),
    preDown: toList<ConfText>(r.pre_down, 'interfaces.pre_down'),
    postDown: toList<ConfText>(r.post_down, 'interfaces.post_down'),
    publicEndpoint: r.public_endpoint as Endpoint | null,
    enabled: toBool(r.enabled, 'interfaces.enabled'),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
