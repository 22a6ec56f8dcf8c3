// Names that tools and people write in a comment above a [Peer] header. wg
// ignores comments, so a file made by one of these tools names its peers only
// there; importing must keep those names instead of numbering the peers.
//
//   # Ana's laptop                    by hand
//   # Client: Ana (7c0e…)             wg-easy (the id in brackets is its own)
//   ### begin ana ###  … ### end ana ###   PiVPN
//   ### Client ana                    angristan/wireguard-install
//   # BEGIN_PEER ana … # END_PEER ana Nyr/wireguard-install
//   # Name = ana                      wgdesk's own export, above or inside

const MARKERS: readonly (readonly [RegExp, 'name' | 'end' | 'skip'])[] = [
  [/^begin(?:_peer)?\s+(.+)$/i, 'name'],
  [/^end(?:_peer)?(?:\s.*)?$/i, 'end'],
  [/^client\s*:?\s+(.+?)(?:\s+\([^()]*\))?$/i, 'name'],
  [/^name\s*=\s*(.*)$/i, 'name'],
  // A commented-out setting ("#PersistentKeepalive = 25") is no name.
  [/^[a-z]+\s*=/i, 'skip'],
];

/**
 * What one comment line (the text after its first "#") says about the peer
 * below it: a name, `null` for a marker that closes the peer above (so the
 * peer below has none from here), or `undefined` for nothing (an empty or
 * decorative line).
 */
export function nameAbovePeer(text: string): string | null | undefined {
  // Leading and trailing "#"s are decoration: "### begin ana ###".
  const t = text.replace(/^[#\s]+/, '').replace(/[\s#]+$/, '');
  if (t === '') return undefined;
  for (const [re, kind] of MARKERS) {
    const m = re.exec(t);
    if (m === null) continue;
    if (kind === 'end') return null;
    if (kind === 'skip') return undefined;
    const name = (m[1] ?? '').trim();
    return name === '' ? undefined : name;
  }
  return t;
}
