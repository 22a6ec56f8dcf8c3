import type { InterfaceSection, PeerSection, WgQuickConfig } from './types';

export interface RenderOptions {
  /** Line ending; "\r\n" for files meant for Windows editors. Both parse back the same. */
  readonly newline?: '\n' | '\r\n';
}

// The output is canonical: keys always in this order, one per line, lists
// joined with ", ", only fields that are set. Every value is already a
// validated type whose text survives wg-quick's parsing unchanged: no "#"
// (cut as a comment), no line breaks, no edge whitespace.

type Line = readonly [key: string, value: string | number | boolean];

/** The keys `wg setconf` understands in [Interface]: what `wg-quick strip` leaves. */
function wgInterfaceLines(i: InterfaceSection): Line[] {
  const lines: Line[] = [];
  if (i.privateKey !== undefined) lines.push(['PrivateKey', i.privateKey]);
  if (i.listenPort !== undefined) lines.push(['ListenPort', i.listenPort]);
  if (i.fwMark !== undefined) lines.push(['FwMark', i.fwMark]);
  return lines;
}

/** The keys only wg-quick reads; `wg setconf` rejects every one of them. */
function wgQuickInterfaceLines(i: InterfaceSection): Line[] {
  const lines: Line[] = [];
  if (i.addresses.length > 0) lines.push(['Address', i.addresses.join(', ')]);
  if (i.dns.length > 0) lines.push(['DNS', i.dns.join(', ')]);
  if (i.mtu !== undefined) lines.push(['MTU', i.mtu]);
  if (i.table !== undefined) lines.push(['Table', i.table]);
  for (const h of i.preUp) lines.push(['PreUp', h]);
  for (const h of i.postUp) lines.push(['PostUp', h]);
  for (const h of i.preDown) lines.push(['PreDown', h]);
  for (const h of i.postDown) lines.push(['PostDown', h]);
  if (i.saveConfig !== undefined) lines.push(['SaveConfig', i.saveConfig]);
  return lines;
}

function peerLines(p: PeerSection): Line[] {
  const lines: Line[] = [['PublicKey', p.publicKey]];
  if (p.presharedKey !== undefined) lines.push(['PresharedKey', p.presharedKey]);
  if (p.allowedIps.length > 0) lines.push(['AllowedIPs', p.allowedIps.join(', ')]);
  if (p.endpoint !== undefined) lines.push(['Endpoint', p.endpoint]);
  if (p.persistentKeepalive !== undefined) {
    lines.push(['PersistentKeepalive', p.persistentKeepalive]);
  }
  return lines;
}

function render(config: WgQuickConfig, wgQuick: boolean, options: RenderOptions): string {
  const out: string[] = ['[Interface]'];
  const add = (lines: readonly Line[]): void => {
    for (const [key, value] of lines) out.push(`${key} = ${String(value)}`);
  };
  add(wgInterfaceLines(config.interface));
  if (wgQuick) add(wgQuickInterfaceLines(config.interface));
  for (const peer of config.peers) {
    out.push('', '[Peer]');
    // wg ignores comments, and `wg-quick strip` keeps them, so both forms carry names.
    if (peer.name !== undefined) out.push(`# Name = ${peer.name}`);
    add(peerLines(peer));
  }
  out.push('');
  return out.join(options.newline ?? '\n');
}

/** The whole file, for `wg-quick up` or for handing to a client (download, QR code). */
export function renderWgQuickConf(config: WgQuickConfig, options: RenderOptions = {}): string {
  return render(config, true, options);
}

/**
 * Only what `wg setconf` / `wg syncconf` accept: the output of `wg-quick strip`
 * for the same config. No Address, DNS, MTU, Table, hooks or SaveConfig.
 */
export function renderWgSetconf(config: WgQuickConfig, options: RenderOptions = {}): string {
  return render(config, false, options);
}
