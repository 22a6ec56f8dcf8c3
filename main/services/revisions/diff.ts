// Two revisions side by side, in words. Secrets never appear: a changed key
// reads "private key rotated" or "preshared key changed".
import type { WgKey } from '../../../shared/validate';
import { sameBlob, type PeerImage, type ServerState } from '../../store/revision-images';

export interface Change {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

export interface PeerRef {
  readonly name: string;
  readonly publicKey: string;
}

export interface RevisionDiff {
  readonly settings: Change[];
  readonly peersAdded: PeerRef[];
  readonly peersRemoved: PeerRef[];
  readonly peersChanged: (PeerRef & { readonly changes: Change[] })[];
}

type SecretColumn = 'private_key' | 'preshared_key';

/**
 * Whether two different blobs hold the same secret (a re-seal, a peer put
 * back by a rollback): the only place a compare opens one, and only for
 * peers whose blobs differ.
 */
export type SameSecret = (publicKey: WgKey, column: SecretColumn, a: Buffer, b: Buffer) => boolean;

function show(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ');
  return String(v);
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** Lifecycle values in words: moments as UTC dates, a quota in binary units, on/off. */
function word(field: string, v: unknown): string {
  if (typeof v === 'number' && (field === 'revokedAt' || field === 'expiresAt')) {
    return `${new Date(v).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
  if (typeof v === 'number' && field === 'quotaBytes') {
    if (v % GIB === 0) return `${v / GIB} GiB`;
    return v % MIB === 0 ? `${v / MIB} MiB` : `${v} bytes`;
  }
  if (field === 'enabled' && typeof v === 'boolean') return v ? 'on' : 'off';
  if (field === 'quotaBytes' && v === null) return 'no quota';
  return show(v);
}

function fields(a: string, b: string): Change[] {
  if (a === b) return [];
  const before = JSON.parse(a) as Record<string, unknown>;
  const after = JSON.parse(b) as Record<string, unknown>;
  // An image recorded before migration 009 lacks the lifecycle keys: such a
  // key is compared only where both sides have it, not shown as a change.
  const keys = Object.keys(after).filter((k) => k in before);
  return keys
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((field) => ({
      field,
      before: word(field, before[field]),
      after: word(field, after[field]),
    }));
}

function secretChange(
  p: PeerImage,
  column: SecretColumn,
  a: Buffer | null,
  b: Buffer | null,
  same: SameSecret,
): Change[] {
  if (sameBlob(a, b)) return [];
  const field = column === 'private_key' ? 'privateKey' : 'presharedKey';
  const what = column === 'private_key' ? 'private key' : 'preshared key';
  if (a === null) return [{ field, before: '(none)', after: `${what} set` }];
  if (b === null) return [{ field, before: `${what} set`, after: '(none)' }];
  if (same(p.publicKey, column, a, b)) return [];
  return [{ field, before: 'earlier key', after: `${what} changed` }];
}

const nameOf = (p: PeerImage): string => (JSON.parse(p.image) as { name: string }).name;
const ref = (p: PeerImage): PeerRef => ({ name: nameOf(p), publicKey: p.publicKey });

/** What changed from `a` (older) to `b` (newer); peers are matched by public key. */
export function diffStates(a: ServerState, b: ServerState, same: SameSecret): RevisionDiff {
  const settings = fields(a.settings.image, b.settings.image);
  // The public key follows from the private key: a different one is a rotation.
  if (a.settings.publicKey !== b.settings.publicKey) {
    settings.unshift({ field: 'privateKey', before: 'earlier key', after: 'private key rotated' });
  }
  const before = new Map([...a.peers.values()].map((p) => [p.publicKey, p]));
  const after = new Map([...b.peers.values()].map((p) => [p.publicKey, p]));
  const peersChanged: RevisionDiff['peersChanged'] = [];
  for (const [key, p] of after) {
    const old = before.get(key);
    if (old === undefined) continue;
    const changes = [
      ...fields(old.image, p.image),
      ...secretChange(p, 'private_key', old.privateKeySealed, p.privateKeySealed, same),
      ...secretChange(p, 'preshared_key', old.presharedKeySealed, p.presharedKeySealed, same),
    ];
    if (changes.length > 0) peersChanged.push({ ...ref(p), changes });
  }
  const byKey = (x: PeerRef, y: PeerRef) => x.publicKey.localeCompare(y.publicKey);
  return {
    settings,
    peersAdded: [...after.values()]
      .filter((p) => !before.has(p.publicKey))
      .map(ref)
      .sort(byKey),
    peersRemoved: [...before.values()]
      .filter((p) => !after.has(p.publicKey))
      .map(ref)
      .sort(byKey),
    peersChanged: peersChanged.sort(byKey),
  };
}
