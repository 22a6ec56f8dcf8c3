import type { Rig } from '../integration/rig';
import { waitFor } from '../integration/rig';
import type { PeerStats } from '../../shared/contract';
import type { Api } from './api';
import { clientUp, keepPinging, type Client } from './net';

// A believable installation for the screenshots, made the way an admin's
// would be: users, servers and peers created through `wgdesk serve`'s
// contract, real clients (wg-quick in namespaces of their own) that connect
// and move traffic, an admin's disconnect, and a kernel changed behind
// wgdesk's back. Nothing is written into the store directly.

export interface Seeded {
  /** The server whose peer table shows every status. */
  readonly hq: string;
  /** The server whose kernel was changed behind wgdesk's back. */
  readonly lab: string;
  /** Stops the traffic generators (the clients' namespaces go with the rig). */
  stop(): void;
}

/** The peer's status as serve reports it, polled until it is `status`. */
export async function waitForStatus(
  api: Api,
  interfaceId: number,
  peerId: number,
  status: PeerStats['status'],
  // A first handshake and the poll that sees it: seconds on a loaded machine.
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(
    async () => {
      const { peers } = await api.call('peers.stats', { interfaceId });
      return peers.find((p) => p.id === peerId)?.status === status;
    },
    timeoutMs,
    `peer ${peerId} to be ${status}`,
    100,
  );
}

/** A fresh, valid WireGuard public key (made by wg itself), for a peer wgdesk does not know. */
async function strangerKey(rig: Rig, ns: string): Promise<string> {
  const priv = (await rig.exec(ns, 'wg', ['genkey'])).trim();
  return (await rig.exec(ns, 'wg', ['pubkey'], priv)).trim();
}

export async function seedInstallation(rig: Rig, ns: string, api: Api): Promise<Seeded> {
  const user = async (name: string, maxDevices: number) =>
    (await api.call('users.create', { name, email: `${name}@example.com`, maxDevices })).id;
  const alice = await user('alice', 2);
  const bruno = await user('bruno', 0);
  const carla = await user('carla', 1);
  const dmitri = await user('dmitri', 3);
  await user('elodie', 0);

  // Clients reach 192.0.2.1 (the first client's link) from every subnet; no DNS
  // line in the configs, so wg-quick has no resolver to call in a namespace.
  const hq = await api.call('interfaces.create', {
    name: rig.name('-hq'),
    listenPort: 51820,
    ipv4Address: '10.70.0.1/24',
    ipv6Address: 'fd70::1/64',
    publicEndpoint: '192.0.2.1:51820',
  });
  const peer = async (
    name: string,
    more: { userId?: number; type?: 'client' | 'service' | 'gateway'; extraNetworks?: string[] },
  ) => {
    const { peer } = await api.call('peers.create', {
      interfaceId: hq.id,
      name,
      tunnelMode: more.type === 'gateway' ? 'site' : 'hub',
      ...more,
    });
    return peer;
  };
  const laptop = await peer('alice-laptop', { userId: alice });
  await peer('alice-phone', { userId: alice });
  const brunoLaptop = await peer('bruno-laptop', { userId: bruno });
  const tablet = await peer('carla-tablet', { userId: carla });
  await peer('dmitri-desktop', { userId: dmitri });
  const runner = await peer('ci-runner', { type: 'service' });
  await peer('lisbon-office', { type: 'gateway', extraNetworks: ['192.168.40.0/24'] });
  await peer('backup-nas', { type: 'service' });

  const conf = async (id: number) => (await api.call('peers.config', { id })).text;
  const clients: Client[] = [
    await clientUp(rig, ns, 'a', '192.0.2', await conf(laptop.id)),
    await clientUp(rig, ns, 'b', '198.51.100', await conf(brunoLaptop.id)),
    await clientUp(rig, ns, 'r', '203.0.113', await conf(runner.id)),
  ];
  const [aliceClient, brunoClient, runnerClient] = clients;
  if (aliceClient === undefined || brunoClient === undefined || runnerClient === undefined)
    throw new Error('three clients expected');
  const stops = [
    keepPinging(aliceClient.ns, '10.70.0.1', 1200),
    keepPinging(runnerClient.ns, '10.70.0.1', 400),
    keepPinging(brunoClient.ns, '10.70.0.1'),
  ];
  const stop = (): void => stops.forEach((s) => s());
  // The pings outlive a failed seed unless stopped here: the file's after()
  // has no Seeded to stop, and the test process would never end.
  try {
    await Promise.all(
      [laptop, brunoLaptop, runner].map((p) => waitForStatus(api, hq.id, p.id, 'online')),
    );

    // bruno's laptop went away: it was online, and is not any more. (A session
    // goes stale only after 180 s; an admin's disconnect and reconnect of a
    // client that is gone ends it at once, the honest way to get there quickly.)
    await brunoClient.down();
    await api.call('peers.disconnect', { ids: [brunoLaptop.id] });
    await api.call('peers.reconnect', { ids: [brunoLaptop.id] });
    await waitForStatus(api, hq.id, brunoLaptop.id, 'offline');
    await api.call('peers.disconnect', { ids: [tablet.id] });

    // The lab server's kernel was changed by hand: one peer removed, one added.
    const lab = await api.call('interfaces.create', {
      name: rig.name('-lab'),
      listenPort: 51821,
      ipv4Address: '10.71.0.1/24',
      dns: ['10.71.0.1'],
      publicEndpoint: '192.0.2.1:51821',
    });
    await api.call('peers.createBulk', {
      interfaceId: lab.id,
      count: 3,
      namePattern: 'lab-runner-{n}',
    });
    const [gone] = await api.call('peers.list', { interfaceId: lab.id });
    if (gone === undefined) throw new Error('the lab server has no peers');
    await rig.exec(ns, 'wg', ['set', lab.name, 'peer', gone.publicKey, 'remove']);
    const stranger = await strangerKey(rig, ns);
    await rig.exec(ns, 'wg', ['set', lab.name, 'peer', stranger, 'allowed-ips', '10.71.0.200/32']);
    await waitFor(
      async () => {
        const d = await api.call('drift.get', { interfaceId: lab.id });
        return d.missingFromKernel.length === 1 && d.unknownInKernel.length === 1;
      },
      5_000,
      'the lab server to drift',
    );
    return { hq: hq.name, lab: lab.name, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
