// What main refuses, as a code and its parameters (issue 15, points 3 and 4):
// the window words them in the admin's language from its catalogue
// (renderer/lib/problem-words.ts); the English message stays in the error for
// the CLI and the logs. Each code lists the names of its parameters, so a test
// can check that every language words every code with exactly those.
import { z } from 'zod';

export const PROBLEMS = {
  // Server settings (new-server form, server settings page, import).
  not_family: ['address', 'family'],
  network_address: ['address'],
  port_in_use: ['port', 'name'],
  network_overlaps: ['network', 'other', 'name'],
  would_strand: ['count', 'before', 'after'],
  peer_address: ['address'],
  mtu_ipv6: ['min'],
  name_exists: ['name'],
  route_table_unknown: ['table', 'file'],
  route_table_zero: ['table'],
  not_running: ['name'],
  // Peers (peer form, bulk form).
  split_needs_mode: ['mode'],
  extra_overlaps_own: ['network', 'own'],
  no_pool: [],
  address_used: ['address'],
  extra_routed: ['network'],
  own_server_key: [],
  no_endpoint_for_config: [],
  key_revoked: ['key', 'peer', 'at', 'by'],
  config_revoked: ['name', 'at', 'by'],
  no_private_key: ['name'],
  network_full: ['network', 'usable', 'count'],
  network_short: ['network', 'found', 'usable', 'count'],
  bulk_keeps_keys: [],
  peers_changed: [],
  too_many_peers: ['max', 'existing', 'room'],
  // Import (file, running interface).
  conf_no_private_key: [],
  running_no_private_key: ['name'],
  running_differs: ['name', 'changes'],
  conf_too_many_peers: ['count', 'max'],
  conf_syntax: ['line'],
  conf_peer_no_key: ['line'],
  conf_duplicate_peer: ['line', 'first'],
  conf_header_alone: ['line'],
  conf_too_large: ['max'],
  conf_nul: ['line'],
  conf_before_section: ['line', 'key'],
  // Network rules and "explain".
  ports_need_protocol: [],
  rules_too_large: [],
  not_a_peer: ['peer'],
  no_such_user: ['user'],
  no_common_family: [],
  // Backups.
  passphrase_short: ['min'],
  not_backup: [],
  wrong_passphrase: [],
  backup_name_or_file: [],
  passphrase_needed: [],
  // OpenVPN servers and boxes.
  text_1_64: [],
  socket_path: ['max'],
  no_control_chars: [],
  port_range: [],
  loopback_only: [],
  text_1_256: [],
  absolute_path: [],
  box_listed: ['address'],
  fingerprint_changed: ['address', 'offered', 'confirmed'],
  client_id: [],
  // Backups, history of changes, drift.
  restore_not_empty: ['dir'],
  rollback_revoked: ['revision'],
  kernel_no_key: ['name'],
  // Device slots, history.
  distinct_devices: [],
  not_waiting: ['name'],
  to_after_from: [],
  // Values the shared validators refuse (shared/validate, shared/ip/parse.ts,
  // shared/network/ports.ts): every form field's own check. `value` is the
  // offending text as shown (long base64 runs hidden, cut at 40 characters).
  not_text: [],
  too_long: ['max'],
  single_line: [],
  empty: [],
  whole_number: ['min', 'max'],
  route_table: [],
  interface_name: ['value'],
  wg_show_keyword: ['value'],
  host_name: ['value'],
  key_length: ['length'],
  key_not_canonical: [],
  endpoint_form: ['value'],
  bracketed_not_ipv6: ['value'],
  not_ip_or_host: ['value'],
  dns_list: ['max'],
  not_ip_or_domain: ['value'],
  box_address_form: ['value'],
  not_user_name: ['value'],
  not_ip: ['value'],
  not_cidr: ['value'],
  prefix_length: ['value', 'max'],
  host_bits: ['value', 'network'],
  cidr_list: [],
  ports_text: [],
  ports_too_many: ['max'],
  not_port: ['value'],
  port_outside: ['port'],
  not_port_range: ['value'],
  range_backwards: ['value'],
  // What zod itself refuses (shared/contract/zod-problems.ts): a missing value, a
  // wrong type, a size or number out of bounds, a value not in the list.
  required: [],
  not_number: [],
  not_yes_no: [],
  not_list: [],
  not_valid: [],
  too_short: ['min'],
  at_least: ['min'],
  more_than: ['min'],
  at_most: ['max'],
  less_than: ['max'],
  too_many_items: ['max'],
  too_few_items: ['min'],
  one_of: ['values'],
  unknown_fields: ['keys'],
  // What an import did not keep as written (warnings, not refusals: the import
  // goes on). main/wireguard/conf/reader.ts and main/services/interfaces/import.ts.
  conf_hook_empty: ['key'],
  conf_interface_again: ['first'],
  conf_unknown_section: ['section'],
  conf_unknown_key: ['key', 'section'],
  conf_key_again: ['key', 'before'],
  conf_name_bad: [],
  conf_name_twice: [],
  conf_comment_not_name: [],
  import_address_dropped: ['address'],
  import_dns_kept: [],
  import_hooks_kept: [],
  import_save_config: [],
  import_not_running: ['count', 'name'],
} as const satisfies Record<string, readonly string[]>;

export type ProblemCode = keyof typeof PROBLEMS;

/** A coded problem as a client checks it: a code it may not know, and its parameters. */
export const ProblemSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

/** The parameters a code is worded with (dates as ISO text, numbers as numbers). */
export type ProblemParams<C extends ProblemCode> = Readonly<
  Record<(typeof PROBLEMS)[C][number], string | number>
>;

/** A problem on the wire: a code this build may not know (an older window), and its parameters. */
export interface Problem {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export function problem<C extends ProblemCode>(code: C, params: ProblemParams<C>): Problem {
  return { code, params };
}

export function isProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEMS, code);
}
