// What an edit of a server's [Interface] will do, worked out before anything
// is applied: the fields that change, the kernel steps in the words of the
// commands that carry them out, whether live sessions drop, and whose client
// configs must be sent again. Pure: the preview shows it, the update runs it.
import type { Cidr, Mtu } from '../../../shared/validate';
import type { InterfaceRecord, PeerRecord } from '../../store';
import { MAIN_TABLE } from '../../host/network/routes';

/** One kernel step; `apply` (settings-update.ts) maps each kind to one host call. */
export type PlanStepKind = 'wg' | 'addresses' | 'mtu' | 'routes';

export interface PlanStep {
  readonly kind: PlanStepKind;
  /** The step as the command that does it, for people (`wg syncconf wg0 …`). */
  readonly text: string;
}

export interface FieldChange {
  readonly field: string;
  /** Shown values; a secret never appears, its change reads "rotated". */
  readonly before: string;
  readonly after: string;
}

export interface SettingsPlan {
  readonly changes: FieldChange[];
  /** Empty when the server is not running: the change is stored and applied when it comes up. */
  readonly steps: PlanStep[];
  /** Whether connected clients lose their session (and must handshake again, or cannot). */
  readonly sessionsDrop: boolean;
  /** In words: why sessions drop or why they do not. */
  readonly sessions: string;
  /** Peers whose client config changes and must be sent again. */
  readonly clientConfigs: { readonly peerId: number; readonly name: string }[];
  /** What else an admin must know (a hook that runs only at the next up or down…). */
  readonly notes: string[];
}

export interface PlanInput {
  readonly before: InterfaceRecord;
  /** The settings after the edit (the public key is the old one: a new key does not exist yet). */
  readonly after: InterfaceRecord;
  readonly rotateKey: boolean;
  /** Whether the link exists now. */
  readonly running: boolean;
  readonly peers: readonly PeerRecord[];
  /** The site networks the peers want routed (kernel/network.ts), wherever Table puts them. */
  readonly siteRoutes: readonly Cidr[];
  /** The routing table before and after (kernel/route-table.ts): "off" = no routes. */
  readonly tables: { readonly before: number | 'off'; readonly after: number | 'off' };
}

const HOOKS = ['preUp', 'postUp', 'preDown', 'postDown'] as const;
/** wg-quick's MTU when none is set and no route says better: 1500 minus IPv6+UDP+WireGuard overhead. */
export const DEFAULT_MTU = 1420 as Mtu;

function show(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ');
  return String(v);
}

/** The fields an admin edits, in the order the preview lists them. */
const FIELDS = [
  'listenPort',
  'ipv4Address',
  'ipv6Address',
  'dns',
  'mtu',
  'fwmark',
  'routeTable',
  'publicEndpoint',
  ...HOOKS,
] as const;

export function fieldChanges(input: PlanInput): FieldChange[] {
  const out: FieldChange[] = [];
  if (input.rotateKey) {
    out.push({ field: 'privateKey', before: 'current key', after: 'private key rotated' });
  }
  for (const f of FIELDS) {
    // No Table is wg-quick's auto: say so rather than "(none)", which reads like "off".
    const b = f === 'routeTable' ? (input.before[f] ?? 'auto') : show(input.before[f]);
    const a = f === 'routeTable' ? (input.after[f] ?? 'auto') : show(input.after[f]);
    if (b !== a) out.push({ field: f, before: b, after: a });
  }
  return out;
}

export function planSettings(input: PlanInput): SettingsPlan {
  const { after } = input;
  const changes = fieldChanges(input);
  const changed = new Set(changes.map((c) => c.field));
  const steps: PlanStep[] = [];
  const notes: string[] = [];
  const wgFields = ['privateKey', 'listenPort', 'fwmark'].filter((f) => changed.has(f));
  if (input.running && wgFields.length > 0) {
    steps.push({
      kind: 'wg',
      text: `wg syncconf ${after.name} (${wgFields.map(wgWords).join(', ')}; peers unchanged)`,
    });
  }
  if (input.running && (changed.has('ipv4Address') || changed.has('ipv6Address'))) {
    const list = [after.ipv4Address, after.ipv6Address].filter((a) => a !== null);
    steps.push({
      kind: 'addresses',
      text: `ip address: ${after.name} gets exactly ${list.length === 0 ? 'no address' : list.join(', ')}`,
    });
  }
  if (input.running && changed.has('mtu')) {
    steps.push({ kind: 'mtu', text: `ip link set ${after.name} mtu ${after.mtu ?? DEFAULT_MTU}` });
  }
  const routes = routeStep(input);
  if (input.running && routes !== null) steps.push(routes);
  if (!input.running) {
    notes.push(`${after.name} is not running: the change is stored and applied when it comes up`);
  }
  if (HOOKS.some((h) => changed.has(h))) {
    notes.push('hooks run at the next up or down (when root allows scripts), not now');
  }
  if (
    changed.has('listenPort') &&
    after.publicEndpoint !== null &&
    !changed.has('publicEndpoint')
  ) {
    notes.push(
      `clients still dial ${after.publicEndpoint}: change the public endpoint too unless a ` +
        'port forward maps it to the new port',
    );
  }
  return {
    changes,
    steps,
    ...sessions(input, changed),
    clientConfigs: whoseConfigs(input, changed),
    notes,
  };
}

const tableWords = (t: number): string => (t === MAIN_TABLE ? 'the main table' : `table ${t}`);

/** Where the site routes go when Table changes, or null when none moves. */
function routeStep(input: PlanInput): PlanStep | null {
  const { before, after } = input.tables;
  if (before === after || input.siteRoutes.length === 0) return null;
  const list = input.siteRoutes.join(', ');
  const text =
    after === 'off'
      ? `ip route: remove ${list} from ${tableWords(before as number)} (Table = off: no routes)`
      : before === 'off'
        ? `ip route: add ${list} to ${tableWords(after)}`
        : `ip route: move ${list} from ${tableWords(before)} to ${tableWords(after)}`;
  return { kind: 'routes', text };
}

function wgWords(field: string): string {
  if (field === 'privateKey') return 'new private key';
  if (field === 'listenPort') return 'listen port';
  return 'fwmark';
}

function sessions(
  input: PlanInput,
  changed: ReadonlySet<string>,
): { sessionsDrop: boolean; sessions: string } {
  if (!input.running)
    return { sessionsDrop: false, sessions: 'no live sessions: the server is down' };
  if (changed.has('privateKey')) {
    return {
      sessionsDrop: true,
      sessions:
        'every session drops: clients with the old config can no longer connect; each needs its new config',
    };
  }
  if (changed.has('listenPort')) {
    return {
      sessionsDrop: true,
      sessions:
        'live sessions drop: the server stops listening on the old port; clients reconnect only ' +
        'if their endpoint reaches the new one',
    };
  }
  if (changed.has('ipv4Address') || changed.has('ipv6Address')) {
    return {
      sessionsDrop: false,
      sessions: 'no session drops, but traffic to the old server address stops',
    };
  }
  return { sessionsDrop: false, sessions: 'no session drops' };
}

/** A client config holds the server's key, endpoint, DNS, MTU and (except full tunnels) its networks. */
function whoseConfigs(
  input: PlanInput,
  changed: ReadonlySet<string>,
): { peerId: number; name: string }[] {
  const everyone = ['privateKey', 'publicEndpoint', 'dns', 'mtu'].some((f) => changed.has(f));
  const networks =
    input.before.ipv4Network !== input.after.ipv4Network ||
    input.before.ipv6Network !== input.after.ipv6Network;
  return input.peers
    .filter((p) => everyone || (networks && p.tunnelMode !== 'full'))
    .map((p) => ({ peerId: p.id, name: p.name }));
}
