import type { Brand } from '../../../shared/brand';
import { invalidInput } from '../../../shared/errors';
import type { Problem } from '../../../shared/problems';
import { err, ok, type Result } from '../../../shared/result';
import type { DnsEntry } from '../../../shared/validate/dns';
import type { Endpoint } from '../../../shared/validate/endpoint';
import type { Cidr, InterfaceAddress } from '../../../shared/ip';
import type { WgKey } from '../../../shared/validate/key';
import { parseConfText, type ConfText } from '../../../shared/validate/names';
import type { FwMark, Keepalive, Mtu, Port, RouteTable } from '../../../shared/validate/numbers';

/**
 * The write model of a wg-quick `.conf` file: what an administrator asks for.
 * Absent optional fields are not written. What a running interface reports is a
 * different type (see dump.ts).
 */
export interface WgQuickConfig {
  readonly interface: InterfaceSection;
  /** In file order; public keys are unique. */
  readonly peers: readonly PeerSection[];
}

export interface InterfaceSection {
  /** The interface's own key; absent in a template that gets its key elsewhere. */
  readonly privateKey?: WgKey;
  /** UDP port to listen on; absent lets the kernel pick one. */
  readonly listenPort?: Port;
  /** Firewall mark for outgoing packets; 0 turns marking off. */
  readonly fwMark?: FwMark;
  /** wg-quick only: addresses put on the interface (host bits allowed). */
  readonly addresses: readonly InterfaceAddress[];
  /** wg-quick only: resolvers and search domains handed to resolvconf. At most 16. */
  readonly dns: readonly DnsEntry[];
  /** wg-quick only: link MTU; absent lets wg-quick work it out from the route. */
  readonly mtu?: Mtu;
  /** wg-quick only: routing table for AllowedIPs routes ("off", "auto" or a number). */
  readonly table?: RouteTable;
  /** wg-quick only: shell commands run (through bash `eval`) around `up` and `down`, in order. */
  readonly preUp: readonly HookCommand[];
  readonly postUp: readonly HookCommand[];
  readonly preDown: readonly HookCommand[];
  readonly postDown: readonly HookCommand[];
  /** wg-quick only: write the running state back to the file on `down`. */
  readonly saveConfig?: boolean;
}

export interface PeerSection {
  /** From a `# Name = …` comment inside the section: wg ignores it, people read it. */
  readonly name?: ConfText;
  readonly publicKey: WgKey;
  readonly presharedKey?: WgKey;
  /** Networks routed to this peer and accepted from it; empty is allowed. */
  readonly allowedIps: readonly Cidr[];
  readonly endpoint?: Endpoint;
  /** Seconds between keepalives; 0 turns them off. */
  readonly persistentKeepalive?: Keepalive;
}

/** Something in a file that was tolerated but not used: shown to the user, never fatal. */
/** A line kept but not as written, or not kept: in English and as a code. */
export type KeyWarning = Pick<ConfWarning, 'message' | 'problem'>;

export interface ConfWarning {
  /** 1-based line number in the parsed text. */
  readonly line: number;
  /** In English, for the CLI and the logs. */
  readonly message: string;
  /** The same as a code, for the window to word in the admin's language. */
  readonly problem: Problem;
}

export interface ParsedConf {
  readonly config: WgQuickConfig;
  readonly warnings: readonly ConfWarning[];
}

/**
 * A wg-quick hook command: one line of ConfText without "#" or control
 * characters. wg-quick and wg cut every line at the first "#" (there is no
 * escape), so a hook with a "#" in it would silently run a shorter command than
 * the one the user saw; wg-quick also trims vertical tabs and form feeds that the
 * text validator would keep, and no command needs them.
 */
export type HookCommand = Brand<string, 'HookCommand'>;

/** Hooks are whole shell pipelines; 256 characters (ConfText's default) is too tight. */
export const MAX_HOOK_LENGTH = 4096;

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

export function parseHookCommand(value: unknown, field = 'hook'): Result<HookCommand> {
  const text = parseConfText(value, field, MAX_HOOK_LENGTH);
  if (!text.ok) return text;
  if (text.value.includes('#')) {
    return err(
      invalidInput(field, 'must not contain "#": wg-quick reads everything after it as a comment'),
    );
  }
  if (hasControl(text.value)) {
    return err(invalidInput(field, 'must not contain control characters other than tab'));
  }
  return ok(text.value as string as HookCommand);
}
