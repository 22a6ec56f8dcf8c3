import type { AuditAction } from '../../../shared/audit-actions';
// A server's network settings and access rules: stored, audited, then the
// whole firewall table applied in the same kernel change. Bad input (a peer
// of another server, ports without tcp/udp, a ruleset too large) is refused
// before anything is stored or applied.
import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { parseParams } from '../../../shared/contract/params';
import type { NetworkView, RuleView } from '../../../shared/contract/methods/network';
import { contains } from '../../../shared/ip';
import { tooLarge, zNetworkRuleset } from '../../host/network/ruleset';
import type {
  AccessRuleRecord,
  AccessRuleSettings,
  InterfaceId,
  NetworkSettings,
  NetworkSnapshot,
  PeerRecord,
  RuleDestination,
  RuleSource,
  AuditValue,
  UserId,
} from '../../store';
import { requireInterface, type Caller, type ServiceContext } from '../context';
import { flushConntrack, hostAddresses } from '../kernel/conntrack';
import { ask, type AskInput } from './ask';
import type { Explanation } from './explain';
import { DEFAULT_NETWORK, networkView, ruleSummary, ruleView } from './views';

export type RuleInput = Omit<AccessRuleSettings, 'priority'> & { readonly priority?: number };
export type NetworkPatch = Partial<NetworkSettings> & { readonly managed?: boolean };

/** Lower is first: a rule added without a priority goes after every other. */
const PRIORITY_STEP = 10;

export class NetworkService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async get(id: InterfaceId): Promise<NetworkView> {
    requireInterface(this.#ctx, id);
    const { store, host, kernel } = this.#ctx;
    const counters = await (host.readNetworkCounters?.() ?? Promise.resolve([])).catch(() => []);
    const iface = store.interfaces.require(id);
    return networkView(
      id,
      store.network.settings(id),
      store.network.rules(id),
      new Map(counters.map((c) => [c.rule, c])),
      {
        uplinkInUse: iface.enabled ? kernel.network.uplinkOf(iface.name) : null,
        routeConflicts: kernel.network.routeConflicts(id),
      },
    );
  }

  async configure(id: InterfaceId, patch: NetworkPatch, caller: Caller): Promise<NetworkView> {
    await this.#commit(id, caller, () => {
      const { store } = this.#ctx;
      const before = store.network.settings(id);
      const { managed, ...fields } = patch;
      if (managed === false) {
        store.network.unmanage(id);
        return { action: 'network.unmanage', details: {} };
      }
      const after = { ...(before ?? DEFAULT_NETWORK), ...fields };
      store.network.setSettings(id, after);
      return {
        action: 'network.configure',
        details: { before: before === undefined ? null : { ...before }, after: { ...after } },
      };
    });
    return this.get(id);
  }

  async createRule(id: InterfaceId, input: RuleInput, caller: Caller): Promise<RuleView> {
    let created: AccessRuleRecord | undefined;
    await this.#commit(id, caller, () => {
      const { store } = this.#ctx;
      const priority = input.priority ?? nextPriority(store.network.rules(id));
      const settings = this.#check(id, { ...input, priority });
      created = store.network.insertRule(id, settings);
      return { action: 'network.rule.create', details: ruleSummary(created), denies: created };
    });
    return this.#view(required(created));
  }

  async updateRule(ruleId: number, patch: Partial<AccessRuleSettings>, caller: Caller) {
    const before = this.#ctx.store.network.requireRule(ruleId);
    let after: AccessRuleRecord | undefined;
    await this.#commit(before.interfaceId, caller, () => {
      const settings = this.#check(before.interfaceId, { ...before, ...patch });
      after = this.#ctx.store.network.updateRule(ruleId, before.interfaceId, settings);
      const details = { before: ruleSummary(before), after: ruleSummary(after) };
      return { action: 'network.rule.update', details, denies: after };
    });
    return this.#view(required(after));
  }

  async deleteRule(ruleId: number, caller: Caller): Promise<boolean> {
    const rule = this.#ctx.store.network.requireRule(ruleId);
    await this.#commit(rule.interfaceId, caller, () => {
      this.#ctx.store.network.deleteRule(ruleId);
      return { action: 'network.rule.delete', details: ruleSummary(rule) };
    });
    return true;
  }

  /** Can A reach B? Named by the rule, policy or reach that decides; sends nothing. */
  explain(input: AskInput): Explanation {
    requireInterface(this.#ctx, input.interfaceId);
    return ask(this.#ctx.store, input);
  }

  async #view(r: AccessRuleRecord): Promise<RuleView> {
    const counters = await (this.#ctx.host.readNetworkCounters?.() ?? Promise.resolve([])).catch(
      () => [],
    );
    return ruleView(
      r,
      counters.find((c) => c.rule === r.id),
    );
  }

  /** Peers and users named must exist (peers on this server); ports need tcp or udp. */
  #check(id: InterfaceId, s: AccessRuleSettings): AccessRuleSettings {
    const peers = this.#ctx.store.peers.listByInterface(id);
    checkEnd(s.source, 'source', peers, (u) => this.#ctx.store.users.getById(u) !== undefined);
    checkEnd(s.destination, 'destination', peers, () => true);
    if (s.ports.length > 0 && s.protocol !== 'tcp' && s.protocol !== 'udp') {
      throw invalidInput(
        'ports',
        'ports need the protocol tcp or udp',
        problem('ports_need_protocol', {}),
      );
    }
    return {
      source: s.source,
      destination: s.destination,
      protocol: s.protocol,
      ports: s.ports,
      action: s.action,
      priority: s.priority,
      enabled: s.enabled,
    };
  }

  /**
   * Stores a change, but only if the whole table it leads to is valid (the
   * same check root makes); then applies the table in the server's kernel
   * change. If the kernel refuses, the server's rows are put back as they
   * were and the table before is applied again: nothing changed, nothing is
   * audited. Then ends the flows a new deny cuts.
   */
  async #commit(id: InterfaceId, caller: Caller, write: () => Written): Promise<void> {
    const ctx = this.#ctx;
    await ctx.kernel.change(id, async () => {
      const iface = requireInterface(ctx, id);
      const before = ctx.store.network.snapshot(id);
      const done = ctx.store.transaction(() => {
        const w = write();
        const { ruleset } = ctx.kernel.network.desired();
        const large = tooLarge(ruleset.servers);
        if (large !== null) throw invalidInput('rules', large, problem('rules_too_large', {}));
        const valid = parseParams(zNetworkRuleset, ruleset);
        if (!valid.ok) throw valid.error;
        return w;
      });
      try {
        await ctx.kernel.network.apply();
      } catch (e) {
        throw await this.#undo(iface.name, before, e);
      }
      ctx.store.transaction(() =>
        ctx.store.audit.append({
          actor: caller.actor,
          action: done.action,
          targetType: 'interface',
          targetId: id,
          details: done.details,
        }),
      );
      const deny = done.denies;
      if (deny !== undefined && deny.action === 'deny' && deny.enabled && iface.enabled) {
        await this.#cut(id, deny, caller);
      }
    });
    ctx.events('state.changed', { what: 'network', ids: [id] });
  }

  /** The error to throw once the rows and the table before are back. */
  async #undo(name: string, before: NetworkSnapshot, e: unknown): Promise<AppError> {
    const ctx = this.#ctx;
    const why = e instanceof AppError ? e : new AppError('CommandFailed', String(e));
    ctx.store.transaction(() => ctx.store.network.restore(before));
    const again = await ctx.kernel.network.apply().then(
      () => '',
      (f: unknown) => `; applying the previous table again failed too: ${String(f)}`,
    );
    return new AppError(
      why.kind,
      `applying the firewall of ${name} failed, nothing was changed: ${why.message}${again}`,
    );
  }

  async #cut(id: InterfaceId, deny: AccessRuleRecord, caller: Caller): Promise<void> {
    const ctx = this.#ctx;
    const outcome = await flushConntrack(ctx.host, ctx.store, [
      {
        interfaceId: id,
        addresses: cutAddresses(deny.source, ctx.store.peers.listByInterface(id)),
      },
    ]);
    ctx.store.transaction(() =>
      ctx.store.audit.append({
        actor: caller.actor,
        action: 'network.conntrack.flush',
        targetType: 'interface',
        targetId: id,
        details: { rule: deny.id, outcome },
      }),
    );
  }
}

interface Written {
  readonly action: AuditAction;
  readonly details: { readonly [k: string]: AuditValue };
  readonly denies?: AccessRuleRecord;
}

function required<T>(v: T | undefined): T {
  if (v === undefined) throw new AppError('Internal', 'the change stored nothing');
  return v;
}

function nextPriority(rules: readonly AccessRuleRecord[]): number {
  return rules.reduce((m, r) => Math.max(m, r.priority), 0) + PRIORITY_STEP;
}

function checkEnd(
  end: RuleSource | RuleDestination,
  field: 'source' | 'destination',
  peers: readonly PeerRecord[],
  userExists: (id: UserId) => boolean,
): void {
  if (end.kind === 'peer' && !peers.some((p) => p.id === end.peerId)) {
    throw invalidInput(
      `${field}.peerId`,
      `peer ${end.peerId} is not a peer of this server`,
      problem('not_a_peer', { peer: end.peerId }),
    );
  }
  if (end.kind === 'user' && !userExists(end.userId)) {
    throw invalidInput(
      `${field}.userId`,
      `user ${end.userId} does not exist`,
      problem('no_such_user', { user: end.userId }),
    );
  }
}

/** The tunnel addresses whose tracked flows a deny from this source may cut. */
function cutAddresses(source: RuleSource, peers: readonly PeerRecord[]) {
  const hit = peers.filter((p) => {
    switch (source.kind) {
      case 'any':
        return true;
      case 'peer':
        return p.id === source.peerId;
      case 'user':
        return p.userId === source.userId;
      case 'cidr':
        return p.addresses.some((a) => contains(source.cidr, a));
    }
  });
  return hit.flatMap((p) => p.addresses).filter((a) => hostAddresses([a]).length > 0);
}
