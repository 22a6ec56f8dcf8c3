import QRCode from 'qrcode';
import type { DriftReport, MethodName, PeerView, ResultOf } from '../../../shared/contract';
import type { WireError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import { fakeKey, type FakeState } from './seed';

// The methods of the fake main: enough of the contract to drive every screen
// for design checks and the renderer bench. It is a fake (in memory, no
// WireGuard): the end-to-end tests of behaviour run against `wgdesk serve`.

type Params = Record<string, unknown>;
type Handler = (s: FakeState, p: Params) => unknown;

class FakeError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

const num = (p: Params, k: string): number => {
  const v = p[k];
  if (typeof v !== 'number')
    throw new FakeError({ kind: 'InvalidInput', message: `${k}: must be a number`, field: k });
  return v;
};
const ids = (p: Params): number[] =>
  Array.isArray(p['ids']) ? p['ids'].filter((x): x is number => typeof x === 'number') : [];

function peerOf(s: FakeState, id: number): PeerView {
  const peer = s.peers.find((x) => x.id === id);
  if (peer === undefined) throw new FakeError({ kind: 'NotFound', message: `no peer ${id}` });
  return peer;
}

function configText(s: FakeState, p: PeerView): string {
  const server = s.interfaces.find((i) => i.id === p.interfaceId);
  return [
    '[Interface]',
    `PrivateKey = ${fakeKey(p.id + 5000)}`,
    `Address = ${p.addresses.join(', ')}`,
    'DNS = 1.1.1.1',
    '',
    '[Peer]',
    `PublicKey = ${server?.publicKey ?? ''}`,
    `PresharedKey = ${fakeKey(p.id + 9000)}`,
    'AllowedIPs = 0.0.0.0/0, ::/0',
    `Endpoint = ${server?.publicEndpoint ?? ''}`,
    `PersistentKeepalive = ${p.keepalive}`,
    '',
  ].join('\n');
}

function drift(s: FakeState, interfaceId: number): DriftReport {
  const office = interfaceId === 2;
  const missing = office ? s.peers.filter((p) => p.interfaceId === 2).slice(0, 2) : [];
  return {
    interfaceId,
    interfaceMissing: false,
    interfaceDifferent: [],
    missingFromKernel: missing.map((p) => ({ peerId: p.id, publicKey: p.publicKey, name: p.name })),
    unknownInKernel: office ? [{ publicKey: fakeKey(777), allowedIps: ['10.9.0.99/32'] }] : [],
    different: [],
    disconnectedButPresent: [],
  };
}

function setDisconnected(
  s: FakeState,
  list: number[],
  disconnected: boolean,
): ResultOf<'peers.disconnect'> {
  return list.map((id) => {
    const p = peerOf(s, id);
    Object.assign(p, {
      disconnected,
      disconnectReason: disconnected ? 'admin' : null,
      updatedAt: Date.now(),
    });
    const st = {
      id,
      status: disconnected ? ('disconnected' as const) : ('never' as const),
      lastHandshake: null,
      endpoint: null,
      rxTotal: 0,
      txTotal: 0,
      rxRate: 0,
      txRate: 0,
    };
    s.stats.set(id, st);
    return st;
  });
}

const HANDLERS: Partial<Record<MethodName, Handler>> = {
  'system.capabilities': () => ({
    root: true,
    wg: true,
    wireguardGo: true,
    ip: true,
    nft: true,
    tc: true,
    conntrack: true,
  }),
  'interfaces.list': (s) => s.interfaces,
  'interfaces.get': (s, p) => s.interfaces.find((i) => i.id === num(p, 'id')),
  'interfaces.setUp': (s, p) => {
    const i = s.interfaces.find((x) => x.id === num(p, 'id'));
    if (i === undefined) throw new FakeError({ kind: 'NotFound', message: 'no such server' });
    i.up = p['up'] === true;
    return i;
  },
  'interfaces.summary': (s, p) => {
    const id = num(p, 'id');
    const mine = s.peers.filter((x) => x.interfaceId === id);
    const online = mine.filter((x) => s.stats.get(x.id)?.status === 'online').length;
    return {
      interfaceId: id,
      since: Date.now() - 86_400_000,
      at: Date.now(),
      rx: 3_456_789_012 / id,
      tx: 21_987_654_321 / id,
      peers: mine.length,
      online,
      freeIpv4: 253 - mine.length,
      freeIpv6: null,
    };
  },
  'peers.list': (s, p) => s.peers.filter((x) => x.interfaceId === num(p, 'interfaceId')),
  'peers.get': (s, p) => peerOf(s, num(p, 'id')),
  'peers.stats': (s, p) => {
    const id = num(p, 'interfaceId');
    const peers = s.peers
      .filter((x) => x.interfaceId === id)
      .flatMap((x) => s.stats.get(x.id) ?? []);
    return { interfaceId: id, at: Date.now(), peers };
  },
  'peers.create': (s, p) => {
    const name = typeof p['name'] === 'string' ? p['name'].trim() : '';
    if (name === '')
      throw new FakeError({
        kind: 'InvalidInput',
        message: 'name: must not be empty',
        field: 'name',
      });
    const id = s.nextId++;
    const peer: PeerView = {
      ...peerOf(s, 1),
      id,
      name,
      userId: null,
      email: null,
      publicKey: fakeKey(id),
      addresses: [`10.8.0.${id + 1}/32`],
      disconnected: false,
      disconnectReason: null,
      disconnectedUntil: null,
      applied: true,
      hasPrivateKey: p['keepPrivateKey'] !== false,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    };
    s.peers.push(peer);
    return {
      peer,
      config: peer.hasPrivateKey ? null : { filename: `${name}.conf`, text: configText(s, peer) },
    };
  },
  'peers.delete': (s, p) => {
    const gone = new Set(ids(p));
    s.peers = s.peers.filter((x) => !gone.has(x.id));
    return { deleted: gone.size };
  },
  'peers.config': (s, p) => {
    const peer = peerOf(s, num(p, 'id'));
    return { filename: `${peer.name}.conf`, text: configText(s, peer) };
  },
  'peers.qr': async (s, p) => {
    const url = await QRCode.toDataURL(configText(s, peerOf(s, num(p, 'id'))), {
      margin: 2,
      scale: 4,
    });
    return { mime: 'image/png', data: url.replace(/^data:image\/png;base64,/, '') };
  },
  'peers.disconnect': (s, p) => setDisconnected(s, ids(p), true),
  'peers.reconnect': (s, p) => setDisconnected(s, ids(p), false),
  'peers.history': (_s, p) => {
    const from = num(p, 'from');
    const to = num(p, 'to');
    const resolution = to - from <= 48 * 3_600_000 ? 60 : 3600;
    const step = resolution * 1000;
    const points = [];
    for (let t = Math.ceil(from / step) * step; t < to; t += step) {
      const k = t / step;
      const busy = Math.max(0, Math.sin(k / 37) + 0.35 * Math.sin(k / 5));
      points.push({
        t,
        rx: Math.round((busy * 900_000 * resolution) / 60),
        tx: Math.round(((busy * 4_200_000 * resolution) / 60) * (1 + 0.3 * Math.cos(k / 11))),
      });
    }
    return { peerId: num(p, 'id'), from, to, resolution, points };
  },
  'drift.get': (s, p) => drift(s, num(p, 'interfaceId')),
  'users.list': (s) => s.users,
  'limits.enforceNow': () => ({ cuts: [] }),
  'connections.list': (s, p) =>
    s.connections.filter((c) => p['peerId'] === undefined || c.peerId === p['peerId']),
  'audit.list': (s) =>
    s.connections.slice(0, 30).map((c, i) => ({
      id: 100 - i,
      at: c.at - 5000,
      actor: i % 4 === 0 ? 'cli' : 'admin',
      action:
        ['peer.create', 'peer.update', 'peer.disconnect', 'interface.update'][i % 4] ??
        'peer.update',
      targetType: i % 4 === 3 ? 'interface' : 'peer',
      targetId: String(c.peerId),
      details: i % 4 === 1 ? { before: { keepalive: 0 }, after: { keepalive: 25 } } : {},
    })),
};

export async function handle(
  s: FakeState,
  method: string,
  params: unknown,
): Promise<Result<unknown, WireError>> {
  const h = HANDLERS[method as MethodName];
  if (h === undefined)
    return {
      ok: false,
      error: { kind: 'Internal', message: `the fake main does not implement ${method}` },
    };
  try {
    return { ok: true, value: await h(s, (params ?? {}) as Params) };
  } catch (e) {
    if (e instanceof FakeError) return { ok: false, error: e.wire };
    return { ok: false, error: { kind: 'Internal', message: String(e) } };
  }
}
