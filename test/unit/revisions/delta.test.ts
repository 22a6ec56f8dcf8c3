import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WgKey, InterfaceName } from '../../../shared/validate';
import type { HostId } from '../../../main/store';
import type {
  Delta,
  PeerImage,
  ServerState,
  SettingsImage,
} from '../../../main/store/revision-images';
import { after, stateAt } from '../../../main/services/revisions/delta';

const settings = (mtu: number | null, key = 'K1'): SettingsImage => ({
  image: JSON.stringify({ mtu }),
  publicKey: key as WgKey,
  hostId: 1 as HostId,
  name: 'wg0' as InterfaceName,
  privateKeySealed: Buffer.from(`sealed ${key}`),
});

const peer = (peerId: number, name: string, psk: string | null = null): PeerImage => ({
  peerId,
  publicKey: `P${peerId}` as WgKey,
  image: JSON.stringify({ name }),
  privateKeySealed: null,
  presharedKeySealed: psk === null ? null : Buffer.from(psk),
});

const state = (s: SettingsImage, ...peers: PeerImage[]): ServerState => ({
  settings: s,
  peers: new Map(peers.map((p) => [p.peerId, p])),
});

/**
 * A history of five revisions and the state after each, by hand:
 * r1 adds peer 1; r2 sets the MTU; r3 adds peer 2 and renames peer 1;
 * r4 removes peer 1 and changes peer 2's PSK; r5 rotates the key, and a
 * pending change (not yet recorded) adds peer 3.
 */
const DELTAS: readonly Delta[] = [
  { revisionId: null, settings: null, peers: [{ peerId: 3, before: null }] },
  { revisionId: 5, settings: settings(1380, 'K1'), peers: [] },
  {
    revisionId: 4,
    settings: null,
    peers: [
      { peerId: 1, before: peer(1, 'laptop') },
      { peerId: 2, before: peer(2, 'phone', 'psk-a') },
    ],
  },
  {
    revisionId: 3,
    settings: null,
    peers: [
      { peerId: 2, before: null },
      { peerId: 1, before: peer(1, 'pc') },
    ],
  },
  { revisionId: 2, settings: settings(null), peers: [] },
  { revisionId: 1, settings: null, peers: [{ peerId: 1, before: null }] },
];

const CURRENT = state(settings(1380, 'K2'), peer(2, 'phone', 'psk-b'), peer(3, 'tablet'));

const CASES: readonly { at: number; want: ServerState }[] = [
  { at: 5, want: state(settings(1380, 'K2'), peer(2, 'phone', 'psk-b')) },
  { at: 4, want: state(settings(1380), peer(2, 'phone', 'psk-b')) },
  { at: 3, want: state(settings(1380), peer(1, 'laptop'), peer(2, 'phone', 'psk-a')) },
  { at: 2, want: state(settings(1380), peer(1, 'pc')) },
  { at: 1, want: state(settings(null), peer(1, 'pc')) },
  { at: 0, want: state(settings(null)) },
];

describe('stateAt walks deltas back from the current rows', () => {
  for (const { at, want } of CASES) {
    test(`the state at revision ${at}`, () => {
      assert.deepEqual(stateAt(CURRENT, after(DELTAS, at)), want);
    });
  }

  test('with no delta it is the current state, and the current state is not changed', () => {
    const before = [...CURRENT.peers.entries()];
    assert.deepEqual(stateAt(CURRENT, []), CURRENT);
    stateAt(CURRENT, DELTAS);
    assert.deepEqual([...CURRENT.peers.entries()], before);
  });

  test('after() keeps the pending delta and those newer than the revision, in order', () => {
    assert.deepEqual(
      after(DELTAS, 3).map((d) => d.revisionId),
      [null, 5, 4],
    );
  });
});
