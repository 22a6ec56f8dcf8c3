import { invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { err, ok, type Result } from '../../../shared/result';
import { parseDnsList, type DnsEntry } from '../../../shared/validate/dns';
import { parseEndpoint, type Endpoint } from '../../../shared/validate/endpoint';
import {
  parseCidr,
  parseInterfaceAddress,
  type Cidr,
  type InterfaceAddress,
} from '../../../shared/ip';
import { parseKey, type WgKey } from '../../../shared/validate/key';
import type { ConfText } from '../../../shared/validate/names';
import {
  parseFwMark,
  parseKeepalive,
  parseMtu,
  parsePort,
  parseRouteTable,
  type FwMark,
  type Keepalive,
  type Mtu,
  type Port,
  type RouteTable,
} from '../../../shared/validate/numbers';
import { parseHookCommand, type HookCommand, type KeyWarning } from './types';

// The keys wg-quick and wg understand, one table per section. Each entry turns
// the text after "=" into validated values on a draft section; the reader in
// reader.ts deals with lines, sections and warnings.

export interface InterfaceDraft {
  privateKey?: WgKey;
  listenPort?: Port;
  fwMark?: FwMark;
  addresses: InterfaceAddress[];
  dns: DnsEntry[];
  mtu?: Mtu;
  table?: RouteTable;
  preUp: HookCommand[];
  postUp: HookCommand[];
  preDown: HookCommand[];
  postDown: HookCommand[];
  saveConfig?: boolean;
}

export interface PeerDraft {
  name?: ConfText;
  publicKey?: WgKey;
  presharedKey?: WgKey;
  allowedIps: Cidr[];
  endpoint?: Endpoint;
  persistentKeepalive?: Keepalive;
}

export interface KeySpec<D> {
  /** The spelling we write; files may use any case, as with wg-quick's `nocasematch`. */
  readonly name: string;
  /** Repeatable keys add to a list; repeating any other key is legal but suspicious. */
  readonly repeatable: boolean;
  /** Returns a warning when the line is tolerated but has no effect. */
  readonly apply: (draft: D, value: string, field: string) => Result<KeyWarning | undefined>;
}

const APPLIED = ok(undefined);

// wg-quick caps nothing, but the DNS validator does: more would not parse back.
const MAX_DNS_ENTRIES = 16;

function single<D, T>(
  name: string,
  parse: (value: string, field: string) => Result<T>,
  set: (draft: D, value: T) => void,
): KeySpec<D> {
  return {
    name,
    repeatable: false,
    apply: (draft, value, field) => {
      const r = parse(value, field);
      if (!r.ok) return r;
      set(draft, r.value);
      return APPLIED;
    },
  };
}

/** A list key: each line's items are appended; finishing a section drops repeats. */
function list<D, T>(
  name: string,
  parse: (value: string, field: string) => Result<T[]>,
  target: (draft: D) => T[],
): KeySpec<D> {
  return {
    name,
    repeatable: true,
    apply: (draft, value, field) => {
      const r = parse(value, field);
      if (!r.ok) return r;
      const into = target(draft);
      // A loop, not push(...items): one line may hold more items than the stack has slots.
      for (const item of r.value) into.push(item);
      return APPLIED;
    },
  };
}

/** Drops repeated items, keeping the first of each: what the validators' lists do. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function hook(
  name: string,
  target: (draft: InterfaceDraft) => HookCommand[],
): KeySpec<InterfaceDraft> {
  return {
    name,
    repeatable: true,
    apply: (draft, value, field) => {
      // wg-quick would eval an empty string: harmless, so tolerated, but not kept.
      if (value === '') {
        return ok({
          message: `empty ${name} ignored`,
          problem: problem('conf_hook_empty', { key: name }),
        });
      }
      const r = parseHookCommand(value, field);
      if (!r.ok) return r;
      target(draft).push(r.value);
      return APPLIED;
    },
  };
}

function each<T>(
  items: readonly string[],
  parse: (value: string, field: string) => Result<T>,
  field: string,
): Result<T[]> {
  const out: T[] = [];
  for (const item of items) {
    const r = parse(item, field);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

function isConfSpace(c: number): boolean {
  // space, \t, \v, \f, \r: bash's [[:space:]] minus \n, which ends the line.
  return c === 0x20 || (c >= 0x09 && c <= 0x0d && c !== 0x0a);
}

/**
 * Trims what wg-quick trims around keys and values (`${key##*([[:space:]])}`).
 * Not String.prototype.trim: that also eats Unicode spaces wg-quick keeps, so a
 * value ending in U+00A0 would come back different from what was written.
 */
export function trimConf(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isConfSpace(s.charCodeAt(start))) start++;
  while (end > start && isConfSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** wg-quick word-splits Address and DNS after turning commas into spaces (`${value//,/ }`). */
function words(value: string): string[] {
  return value.split(/[ \t,]+/).filter((w) => w !== '');
}

/** wg splits AllowedIPs on commas only; an empty item is an error there too. */
function commaItems(value: string): string[] {
  return value === '' ? [] : value.split(',').map(trimConf);
}

/** wg compares "off" case-insensitively; the shared validators take only the lowercase word. */
function offWord(value: string): string {
  return value.toLowerCase() === 'off' ? 'off' : value;
}

function parseBool(value: string, field: string): Result<boolean> {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'false') return ok(v === 'true');
  return err(invalidInput(field, 'must be true or false'));
}

// Deduplicated as it goes (it is short) so that the cap counts distinct entries.
const dnsSpec: KeySpec<InterfaceDraft> = {
  name: 'DNS',
  repeatable: true,
  apply: (draft, value, field) => {
    const r = parseDnsList(words(value), field);
    if (!r.ok) return r;
    for (const entry of r.value) if (!draft.dns.includes(entry)) draft.dns.push(entry);
    if (draft.dns.length > MAX_DNS_ENTRIES) {
      return err(invalidInput(field, `more than ${MAX_DNS_ENTRIES} DNS entries in total`));
    }
    return APPLIED;
  },
};

function table<D>(specs: readonly KeySpec<D>[]): ReadonlyMap<string, KeySpec<D>> {
  return new Map(specs.map((s) => [s.name.toLowerCase(), s]));
}

export const INTERFACE_KEYS = table<InterfaceDraft>([
  single('PrivateKey', parseKey, (d, v) => (d.privateKey = v)),
  single('ListenPort', parsePort, (d, v) => (d.listenPort = v)),
  single(
    'FwMark',
    (v, f) => parseFwMark(offWord(v), f),
    (d, v) => (d.fwMark = v),
  ),
  list(
    'Address',
    (v, f) => each(words(v), parseInterfaceAddress, f),
    (d) => d.addresses,
  ),
  dnsSpec,
  single('MTU', parseMtu, (d, v) => (d.mtu = v)),
  single('Table', parseRouteTable, (d, v) => (d.table = v)),
  hook('PreUp', (d) => d.preUp),
  hook('PostUp', (d) => d.postUp),
  hook('PreDown', (d) => d.preDown),
  hook('PostDown', (d) => d.postDown),
  single('SaveConfig', parseBool, (d, v) => (d.saveConfig = v)),
]);

export const PEER_KEYS = table<PeerDraft>([
  single('PublicKey', parseKey, (d, v) => (d.publicKey = v)),
  single('PresharedKey', parseKey, (d, v) => (d.presharedKey = v)),
  // parseCidr has a fast path for text that is already canonical (as ours is):
  // re-reading a 50,000-peer file is several times faster.
  list(
    'AllowedIPs',
    (v, f) => each(commaItems(v), parseCidr, f),
    (d) => d.allowedIps,
  ),
  single('Endpoint', parseEndpoint, (d, v) => (d.endpoint = v)),
  single(
    'PersistentKeepalive',
    (v, f) => parseKeepalive(offWord(v), f),
    (d, v) => (d.persistentKeepalive = v),
  ),
]);

export function emptyInterface(): InterfaceDraft {
  return { addresses: [], dns: [], preUp: [], postUp: [], preDown: [], postDown: [] };
}
