// Two revisions side by side, in words. Secrets never appear: a changed key
// reads "private key rotated" or "preshared key changed".
import type { Snapshot, SnapshotPeer } from './snapshot';

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

const SECRET = new Set(['privateKey', 'presharedKey']);

function show(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ');
  return String(v);
}

function fields<T extends object>(a: T, b: T): Change[] {
  const out: Change[] = [];
  for (const key of Object.keys(a) as (keyof T & string)[]) {
    const before = a[key];
    const after = b[key];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    if (SECRET.has(key)) {
      out.push(secretChange(key, before !== null, after !== null));
    } else {
      out.push({ field: key, before: show(before), after: show(after) });
    }
  }
  return out;
}

function secretChange(field: string, had: boolean, has: boolean): Change {
  const what = field === 'privateKey' ? 'private key' : 'preshared key';
  if (!had) return { field, before: '(none)', after: `${what} set` };
  if (!has) return { field, before: `${what} set`, after: '(none)' };
  return {
    field,
    before: 'earlier key',
    after: field === 'privateKey' ? `${what} rotated` : `${what} changed`,
  };
}

const ref = (p: SnapshotPeer): PeerRef => ({ name: p.name, publicKey: p.publicKey });

/** What changed from `a` (older) to `b` (newer). */
export function diffSnapshots(a: Snapshot, b: Snapshot): RevisionDiff {
  const settings = fields(a.settings, b.settings);
  if (a.privateKey !== b.privateKey) {
    settings.unshift({ field: 'privateKey', before: 'earlier key', after: 'private key rotated' });
  }
  const before = new Map(a.peers.map((p) => [p.publicKey, p]));
  const after = new Map(b.peers.map((p) => [p.publicKey, p]));
  const peersChanged: RevisionDiff['peersChanged'] = [];
  for (const [key, p] of after) {
    const old = before.get(key);
    if (old === undefined) continue;
    const changes = fields(old, p);
    if (changes.length > 0) peersChanged.push({ ...ref(p), changes });
  }
  return {
    settings,
    peersAdded: b.peers.filter((p) => !before.has(p.publicKey)).map(ref),
    peersRemoved: a.peers.filter((p) => !after.has(p.publicKey)).map(ref),
    peersChanged,
  };
}
