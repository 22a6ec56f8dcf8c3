// What the contract shows of a server's network and its rules.
import type { NetworkView, RuleView } from '../../../shared/contract/methods/network';
import { portsText } from '../../../shared/network/ports';
import type { RouteConflict, RuleCounter } from '../../host/network/ruleset';
import type { AccessRuleRecord, InterfaceId, NetworkSettings } from '../../store';

/** What a server that wgdesk does not manage yet starts from when the admin turns it on. */
export const DEFAULT_NETWORK: NetworkSettings = {
  reach: 'internet',
  uplink: null,
  masqueradeIpv4: true,
  masqueradeIpv6: false,
  policy: 'allow',
};

export function ruleView(r: AccessRuleRecord, counter: RuleCounter | undefined): RuleView {
  return {
    id: r.id,
    interfaceId: r.interfaceId,
    source: { ...r.source },
    destination: { ...r.destination },
    protocol: r.protocol,
    ports: portsText(r.ports),
    action: r.action,
    priority: r.priority,
    enabled: r.enabled,
    packets: counter?.packets ?? 0,
    bytes: counter?.bytes ?? 0,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function networkView(
  interfaceId: InterfaceId,
  settings: NetworkSettings | undefined,
  rules: readonly AccessRuleRecord[],
  counters: ReadonlyMap<number, RuleCounter>,
  extra: { readonly uplinkInUse: string | null; readonly routeConflicts: readonly RouteConflict[] },
): NetworkView {
  const s = settings ?? DEFAULT_NETWORK;
  return {
    interfaceId,
    managed: settings !== undefined,
    reach: s.reach,
    uplink: s.uplink,
    uplinkInUse: extra.uplinkInUse,
    masqueradeIpv4: s.masqueradeIpv4,
    masqueradeIpv6: s.masqueradeIpv6,
    policy: s.policy,
    routeConflicts: extra.routeConflicts.map((c) => ({ ...c })),
    rules: rules.map((r) => ruleView(r, counters.get(r.id))),
  };
}

/** What the audit log keeps of a rule. */
export function ruleSummary(r: AccessRuleRecord): Record<string, string | number | boolean | null> {
  return {
    interfaceId: r.interfaceId,
    source: JSON.stringify(r.source),
    destination: JSON.stringify(r.destination),
    protocol: r.protocol,
    ports: portsText(r.ports),
    action: r.action,
    priority: r.priority,
    enabled: r.enabled,
  };
}
