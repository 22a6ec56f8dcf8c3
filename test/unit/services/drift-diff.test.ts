import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseEndpoint,
  parseInterfaceName,
  parseKey,
  type Keepalive,
  type WgKey,
} from '../../../shared/validate';
import {
  countDrift,
  counts,
  diffDrift,
  isClean,
} from '../../../main/services/interfaces/drift-diff';
import type { InterfaceId, InterfaceRecord, PeerId, PeerRecord } from '../../../main/store';
import type { ObservedInterface, ObservedPeer } from '../../../main/wireguard';

const key = (): WgKey => unwrap(parseKey(randomBytes(32).toString('base64')));
const cidr = (s: string) => unwrap(parseCidr(s));
const NOW = 1_700_000_000_000;
const serverKey = key();

const iface = {
  id: 1 as InterfaceId,
  name: unwrap(parseInterfaceName('wg0')),
  publicKey: serverKey,
  listenPort: 51820,
} as unknown as InterfaceRecord;

let nextId = 1;
function peer(overrides: Partial<PeerRecord> = {}): PeerRecord {
  return {
    id: nextId++ as PeerId,
    interfaceId: iface.id,
    name: 'p',
    publicKey: key(),
    addresses: [cidr(`10.0.0.${nextId}/32`)],
    extraNetworks: [],
    endpoint: null,
    keepalive: 0 as Keepalive,
    hasPresharedKey: false,
    enabled: true,
    disconnected: false,
    disconnectedUntil: null,
    revokedAt: null,
    expiresAt: null,
    userEnabled: true,
    userQuotaHold: null,
    quotaBytes: null,
    quotaExceededAt: null,
    disconnectKind: 'admin',
    ...overrides,
  } as PeerRecord;
}

function seen(p: PeerRecord, overrides: Partial<ObservedPeer> = {}): ObservedPeer {
  return {
    publicKey: p.publicKey,
    hasPresharedKey: p.hasPresharedKey,
    endpoint: null,
    allowedIps: [...p.addresses, ...p.extraNetworks],
    latestHandshake: null,
    rxBytes: 0,
    txBytes: 0,
    persistentKeepalive: p.keepalive,
    ...overrides,
  };
}

function kernel(peers: ObservedPeer[], over: Partial<ObservedInterface> = {}): ObservedInterface {
  return {
    name: iface.name,
    privateKeyPresent: true,
    publicKey: serverKey,
    listenPort: 51820,
    fwMark: 0,
    peers,
    ...over,
  };
}

describe('diffDrift', () => {
  test('in sync: nothing to report (allowed IPs compared as sets)', () => {
    const a = peer({ extraNetworks: [cidr('192.168.5.0/24')] });
    const s = seen(a, {
      allowedIps: [...a.extraNetworks, ...a.addresses],
      endpoint: '192.0.2.9:1',
    });
    const r = diffDrift(iface, [a], kernel([s]), NOW);
    assert.ok(isClean(r), JSON.stringify(r));
  });

  test('missing, unknown and differing peers', () => {
    const missing = peer();
    const changed = peer({
      keepalive: 25 as Keepalive,
      hasPresharedKey: true,
      endpoint: unwrap(parseEndpoint('203.0.113.1:51820')),
    });
    const stranger = peer();
    const r = diffDrift(
      iface,
      [missing, changed],
      kernel([
        seen(changed, {
          allowedIps: [cidr('10.9.9.9/32')],
          hasPresharedKey: false,
          persistentKeepalive: 0,
        }),
        seen(stranger),
      ]),
      NOW,
    );
    assert.deepEqual(r.missingFromKernel, [
      { peerId: missing.id, publicKey: missing.publicKey, name: 'p' },
    ]);
    assert.deepEqual(r.unknownInKernel, [
      { publicKey: stranger.publicKey, allowedIps: stranger.addresses },
    ]);
    assert.deepEqual(r.different, [
      {
        peerId: changed.id,
        publicKey: changed.publicKey,
        fields: ['allowedIps', 'presharedKey', 'endpoint', 'persistentKeepalive'],
      },
    ]);
    assert.equal(isClean(r), false);
  });

  test('peers kept out of the kernel: absent is right, present is reported', () => {
    const out = peer({ disconnected: true });
    const timedOver = peer({ disconnected: true, disconnectedUntil: NOW - 1 });
    const disabled = peer({ enabled: false });
    const expired = peer({ expiresAt: NOW });
    let r = diffDrift(iface, [out, disabled, expired], kernel([]), NOW);
    assert.ok(isClean(r));
    r = diffDrift(iface, [out, timedOver], kernel([seen(out)]), NOW);
    assert.deepEqual(r.disconnectedButPresent, [{ peerId: out.id, publicKey: out.publicKey }]);
    assert.deepEqual(
      r.missingFromKernel.map((m) => m.peerId),
      [timedOver.id],
      'its time is up',
    );
  });

  test('interface missing, another key, another port', () => {
    assert.equal(diffDrift(iface, [peer()], null, NOW).interfaceMissing, true);
    const r = diffDrift(iface, [], kernel([], { publicKey: key(), listenPort: 4000 }), NOW);
    assert.deepEqual(r.interfaceDifferent, ['publicKey', 'listenPort']);
  });
});

describe('countDrift', () => {
  const pagesOf = (peers: readonly PeerRecord[], size: number): PeerRecord[][] => {
    const pages: PeerRecord[][] = [];
    for (let i = 0; i < peers.length; i += size) pages.push(peers.slice(i, i + size));
    return pages;
  };

  test('counts what diffDrift reports, however the peers are paged', () => {
    const inSync = peer();
    const missing = peer();
    const changed = peer({ keepalive: 25 as Keepalive });
    const out = peer({ disconnected: true });
    const stranger = peer();
    const peers = [inSync, missing, changed, out];
    const cases: [string, ObservedInterface][] = [
      ['clean', kernel([seen(inSync), seen(missing), seen(changed)])],
      [
        'every kind',
        kernel(
          [seen(inSync), seen(changed, { persistentKeepalive: 0 }), seen(out), seen(stranger)],
          {
            listenPort: 4000,
          },
        ),
      ],
      ['empty kernel', kernel([], { publicKey: key() })],
    ];
    for (const [name, observed] of cases) {
      const want = counts(diffDrift(iface, peers, observed, NOW));
      for (const size of [1, 3, peers.length]) {
        assert.deepEqual(
          countDrift(iface, pagesOf(peers, size), observed, NOW),
          want,
          `${name}, pages of ${size}`,
        );
      }
    }
    assert.deepEqual(countDrift(iface, [], kernel([seen(stranger)]), NOW), {
      interfaceDifferent: [],
      missingFromKernel: 0,
      unknownInKernel: 1,
      different: 0,
      disconnectedButPresent: 0,
    });
  });
});
