// A server's network settings (reach, uplink, NAT, default policy) and its
// access rules. Sources and destinations are typed columns with foreign
// keys, so a rule naming a peer or a user goes with them.
import { AppError } from '../../shared/errors';
import { parsePorts, portsText, type PortRange } from '../../shared/network/ports';
import { unwrap } from '../../shared/result';
import type { Cidr, InterfaceName } from '../../shared/validate';
import type { Policy, Protocol, Reach } from '../host/network/ruleset';
import { fromBool, rowId, toBool } from './codec';
import type { Db } from './db';
import type { InterfaceId, PeerId, UnixMs, UserId } from './types';

export interface NetworkSettings {
  /** What clients may reach past the tunnel: the server only, the networks behind it, the internet. */
  readonly reach: Reach;
  /** Where masquerading goes out; null = the device of the default route. */
  readonly uplink: InterfaceName | null;
  readonly masqueradeIpv4: boolean;
  readonly masqueradeIpv6: boolean;
  /** What peers may do that no rule decides: anything, not reach each other, nothing. */
  readonly policy: Policy;
}

export type RuleSource =
  | { readonly kind: 'any' }
  | { readonly kind: 'peer'; readonly peerId: PeerId }
  | { readonly kind: 'user'; readonly userId: UserId }
  | { readonly kind: 'cidr'; readonly cidr: Cidr };

export type RuleDestination =
  | { readonly kind: 'any' | 'server' | 'internet' }
  | { readonly kind: 'peer'; readonly peerId: PeerId }
  | { readonly kind: 'cidr'; readonly cidr: Cidr };

export interface AccessRuleSettings {
  readonly source: RuleSource;
  readonly destination: RuleDestination;
  readonly protocol: Protocol;
  /** Empty = every port (and always empty unless the protocol is tcp or udp). */
  readonly ports: readonly PortRange[];
  readonly action: 'allow' | 'deny';
  /** Lower is first; ties go by id. */
  readonly priority: number;
  readonly enabled: boolean;
}

export interface AccessRuleRecord extends AccessRuleSettings {
  readonly id: number;
  readonly interfaceId: InterfaceId;
  readonly createdAt: UnixMs;
  readonly updatedAt: UnixMs;
}

interface SettingsRow {
  interface_id: number;
  reach: string;
  uplink: string | null;
  masquerade_ipv4: number;
  masquerade_ipv6: number;
  policy: string;
  updated_at: number;
}

interface RuleRow {
  id: number;
  interface_id: number;
  source_kind: string;
  source_peer_id: number | null;
  source_user_id: number | null;
  source_cidr: string | null;
  destination_kind: string;
  destination_peer_id: number | null;
  destination_cidr: string | null;
  protocol: string;
  ports: string | null;
  action: string;
  priority: number;
  enabled: number;
  created_at: number;
  updated_at: number;
}

type RuleParams = Omit<RuleRow, 'id' | 'created_at'>;

/** A server's network rows exactly as stored (ids and times), to put back as they were. */
export interface NetworkSnapshot {
  readonly interfaceId: InterfaceId;
  readonly settings: Readonly<SettingsRow> | undefined;
  readonly rules: readonly Readonly<RuleRow>[];
}

function statements(db: Db) {
  return {
    settings: db.prepare<[number], SettingsRow>(
      'SELECT * FROM network_settings WHERE interface_id = ?',
    ),
    upsert: db.prepare<SettingsRow>(
      `INSERT INTO network_settings (interface_id, reach, uplink, masquerade_ipv4, masquerade_ipv6,
         policy, updated_at)
       VALUES (@interface_id, @reach, @uplink, @masquerade_ipv4, @masquerade_ipv6, @policy,
         @updated_at)
       ON CONFLICT (interface_id) DO UPDATE SET reach = @reach, uplink = @uplink,
         masquerade_ipv4 = @masquerade_ipv4, masquerade_ipv6 = @masquerade_ipv6,
         policy = @policy, updated_at = @updated_at`,
    ),
    unmanage: db.prepare<[number]>('DELETE FROM network_settings WHERE interface_id = ?'),
    rules: db.prepare<[number], RuleRow>(
      'SELECT * FROM access_rules WHERE interface_id = ? ORDER BY priority, id',
    ),
    rule: db.prepare<[number], RuleRow>('SELECT * FROM access_rules WHERE id = ?'),
    insert: db.prepare<RuleParams>(
      `INSERT INTO access_rules (interface_id, source_kind, source_peer_id, source_user_id,
         source_cidr, destination_kind, destination_peer_id, destination_cidr, protocol, ports,
         action, priority, enabled, created_at, updated_at)
       VALUES (@interface_id, @source_kind, @source_peer_id, @source_user_id, @source_cidr,
         @destination_kind, @destination_peer_id, @destination_cidr, @protocol, @ports, @action,
         @priority, @enabled, @updated_at, @updated_at)`,
    ),
    update: db.prepare<RuleParams & { id: number }>(
      `UPDATE access_rules SET source_kind = @source_kind, source_peer_id = @source_peer_id,
         source_user_id = @source_user_id, source_cidr = @source_cidr,
         destination_kind = @destination_kind, destination_peer_id = @destination_peer_id,
         destination_cidr = @destination_cidr, protocol = @protocol, ports = @ports,
         action = @action, priority = @priority, enabled = @enabled, updated_at = @updated_at
       WHERE id = @id`,
    ),
    delete: db.prepare<[number]>('DELETE FROM access_rules WHERE id = ?'),
    deleteAll: db.prepare<[number]>('DELETE FROM access_rules WHERE interface_id = ?'),
    reinsert: db.prepare<RuleRow>(
      `INSERT INTO access_rules (id, interface_id, source_kind, source_peer_id, source_user_id,
         source_cidr, destination_kind, destination_peer_id, destination_cidr, protocol, ports,
         action, priority, enabled, created_at, updated_at)
       VALUES (@id, @interface_id, @source_kind, @source_peer_id, @source_user_id, @source_cidr,
         @destination_kind, @destination_peer_id, @destination_cidr, @protocol, @ports, @action,
         @priority, @enabled, @created_at, @updated_at)`,
    ),
  };
}

function bad(column: string): AppError {
  return new AppError('Internal', `column ${column} holds an unknown value`);
}

function sourceOf(r: RuleRow): RuleSource {
  if (r.source_kind === 'any') return { kind: 'any' };
  if (r.source_kind === 'peer' && r.source_peer_id !== null) {
    return { kind: 'peer', peerId: r.source_peer_id as PeerId };
  }
  if (r.source_kind === 'user' && r.source_user_id !== null) {
    return { kind: 'user', userId: r.source_user_id as UserId };
  }
  if (r.source_kind === 'cidr' && r.source_cidr !== null) {
    return { kind: 'cidr', cidr: r.source_cidr as Cidr };
  }
  throw bad('access_rules.source_kind');
}

function destinationOf(r: RuleRow): RuleDestination {
  const k = r.destination_kind;
  if (k === 'any' || k === 'server' || k === 'internet') return { kind: k };
  if (k === 'peer' && r.destination_peer_id !== null) {
    return { kind: 'peer', peerId: r.destination_peer_id as PeerId };
  }
  if (k === 'cidr' && r.destination_cidr !== null) {
    return { kind: 'cidr', cidr: r.destination_cidr as Cidr };
  }
  throw bad('access_rules.destination_kind');
}

function ruleOf(r: RuleRow): AccessRuleRecord {
  return {
    id: r.id,
    interfaceId: r.interface_id as InterfaceId,
    source: sourceOf(r),
    destination: destinationOf(r),
    protocol: r.protocol as Protocol,
    ports: r.ports === null ? [] : unwrap(parsePorts(r.ports, 'access_rules.ports')),
    action: r.action === 'deny' ? 'deny' : 'allow',
    priority: r.priority,
    enabled: toBool(r.enabled, 'access_rules.enabled'),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function ruleParams(interfaceId: InterfaceId, s: AccessRuleSettings, now: number): RuleParams {
  const src = s.source;
  const dst = s.destination;
  return {
    interface_id: interfaceId,
    source_kind: src.kind,
    source_peer_id: src.kind === 'peer' ? src.peerId : null,
    source_user_id: src.kind === 'user' ? src.userId : null,
    source_cidr: src.kind === 'cidr' ? src.cidr : null,
    destination_kind: dst.kind,
    destination_peer_id: dst.kind === 'peer' ? dst.peerId : null,
    destination_cidr: dst.kind === 'cidr' ? dst.cidr : null,
    protocol: s.protocol,
    ports: s.ports.length === 0 ? null : portsText(s.ports),
    action: s.action,
    priority: s.priority,
    enabled: fromBool(s.enabled),
    updated_at: now,
  };
}

export class NetworkRepo {
  readonly #s: ReturnType<typeof statements>;
  readonly #now: () => number;

  constructor(db: Db, now: () => number) {
    this.#s = statements(db);
    this.#now = now;
  }

  /** Undefined: wgdesk does not manage this server's network (installs nothing for it). */
  settings(interfaceId: InterfaceId): NetworkSettings | undefined {
    const r = this.#s.settings.get(interfaceId);
    if (r === undefined) return undefined;
    return {
      reach: r.reach as Reach,
      uplink: r.uplink as InterfaceName | null,
      masqueradeIpv4: toBool(r.masquerade_ipv4, 'network_settings.masquerade_ipv4'),
      masqueradeIpv6: toBool(r.masquerade_ipv6, 'network_settings.masquerade_ipv6'),
      policy: r.policy as Policy,
    };
  }

  setSettings(interfaceId: InterfaceId, s: NetworkSettings): void {
    this.#s.upsert.run({
      interface_id: interfaceId,
      reach: s.reach,
      uplink: s.uplink,
      masquerade_ipv4: fromBool(s.masqueradeIpv4),
      masquerade_ipv6: fromBool(s.masqueradeIpv6),
      policy: s.policy,
      updated_at: this.#now(),
    });
  }

  /** Stops managing: the server's settings go, its rules stay (and apply again once managed). */
  unmanage(interfaceId: InterfaceId): void {
    this.#s.unmanage.run(interfaceId);
  }

  /** In the order they apply: priority, then id. */
  rules(interfaceId: InterfaceId): AccessRuleRecord[] {
    return this.#s.rules.all(interfaceId).map(ruleOf);
  }

  rule(id: number): AccessRuleRecord | undefined {
    const r = this.#s.rule.get(id);
    return r === undefined ? undefined : ruleOf(r);
  }

  insertRule(interfaceId: InterfaceId, s: AccessRuleSettings): AccessRuleRecord {
    const id = rowId(this.#s.insert.run(ruleParams(interfaceId, s, this.#now())).lastInsertRowid);
    return this.requireRule(id);
  }

  updateRule(id: number, interfaceId: InterfaceId, s: AccessRuleSettings): AccessRuleRecord {
    this.#s.update.run({ ...ruleParams(interfaceId, s, this.#now()), id });
    return this.requireRule(id);
  }

  deleteRule(id: number): void {
    this.#s.delete.run(id);
  }

  snapshot(interfaceId: InterfaceId): NetworkSnapshot {
    const settings = this.#s.settings.get(interfaceId);
    return { interfaceId, settings, rules: this.#s.rules.all(interfaceId) };
  }

  /** Makes the server's settings and rules the snapshot's again (call inside a transaction). */
  restore(snap: NetworkSnapshot): void {
    this.#s.unmanage.run(snap.interfaceId);
    if (snap.settings !== undefined) this.#s.upsert.run(snap.settings);
    this.#s.deleteAll.run(snap.interfaceId);
    for (const r of snap.rules) this.#s.reinsert.run(r);
  }

  requireRule(id: number): AccessRuleRecord {
    const r = this.rule(id);
    if (r === undefined) throw new AppError('NotFound', `access rule ${id} does not exist`);
    return r;
  }
}
