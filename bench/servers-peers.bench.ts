/**
 * Servers and peers at 10,000 peers, against raw `wg` on the same machine in
 * the same run: bulk creation versus `wg setconf` from a file, and one more
 * peer versus one `wg set`. Everything runs in a namespace of its own and is
 * removed afterwards. Every raw command runs through `ip netns exec`, as does
 * each command of ours; one peer of ours on wireguard-go starts none: it is
 * written to the interface's control socket (host/uapi-set.ts, issue 17).
 */
import { join } from 'node:path';
import { unwrap } from '../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
  type InterfaceName,
} from '../shared/validate';
import { Runner } from '../main/host/exec';
import { LocalHost } from '../main/host/local';
import { locateTools } from '../main/host/tools';
import { createContext, createServices, type Services } from '../main/services';
import { writeSecretFile } from '../test/integration/files';
import {
  createStore,
  KeyFileSource,
  LOCAL_HOST_ID,
  openDatabase,
  type InterfaceId,
  type Db,
  type Store,
} from '../main/store';
import { generateKeyPair, generateKeyPairs, generatePresharedKey } from '../main/wireguard';
import { Rig } from '../test/integration/rig';
import { stat, timed, type Row } from './measure';

const PEERS = 10_000;
const BULK_RUNS = 5;
const ONE_RUNS = 21;
const ADMIN = { actor: 'bench' };

/**
 * 10k peers as `wg setconf` reads them: key, PSK and one address each, like a
 * bulk create. No ListenPort: on a loaded machine the last run's wireguard-go
 * may still hold a fixed port, and the next setconf then dies of SIGPIPE.
 */
async function setconfText(): Promise<string> {
  const server = await generateKeyPair();
  const keys = await generateKeyPairs(PEERS);
  const lines = ['[Interface]', `PrivateKey = ${server.privateKey}`];
  keys.forEach((k, i) => {
    lines.push(
      '',
      '[Peer]',
      `PublicKey = ${k.publicKey}`,
      `PresharedKey = ${generatePresharedKey()}`,
    );
    lines.push(`AllowedIPs = 10.150.${i >> 8}.${i & 255}/32`);
  });
  return `${lines.join('\n')}\n`;
}

export async function openServices(
  rig: Rig,
  ns: string,
): Promise<{
  services: Services;
  host: LocalHost;
  store: Store;
  db: Db;
  close: () => void;
}> {
  const db = openDatabase(join(rig.dir, 'bench.db'));
  const store = createStore(db, await new KeyFileSource(rig.dir).load());
  const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }));
  const services = createServices(
    createContext({
      store,
      host,
      hostId: LOCAL_HOST_ID,
      now: Date.now,
      events: () => undefined,
    }),
  );
  return { services, host, store, db, close: () => db.close() };
}

export const bulkInput = (interfaceId: InterfaceId) => ({
  interfaceId,
  count: PEERS,
  namePattern: unwrap(parseConfText('device {n}')),
  type: 'client' as const,
  tunnelMode: 'hub' as const,
  presharedKey: true,
  keepPrivateKey: true,
});

export async function serversPeersBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  try {
    const ns = await rig.namespace('bn');
    const { services, host, close } = await openServices(rig, ns);
    try {
      const file = join(rig.dir, 'peers.conf');
      await writeSecretFile(file, await setconfText());
      const rawBulk: number[] = [];
      const oursBulk: number[] = [];
      let kept: { id: InterfaceId; name: InterfaceName } | undefined;
      // Raw and ours in turn, so that both meet the machine in the same phase:
      // on this VM its speed drifts by 3× within minutes (see run.ts).
      for (let i = 0; i < BULK_RUNS; i++) {
        // Raw: `wg setconf` of 10k peers from a file onto a fresh wireguard-go interface.
        const ifname = rig.name(`r${i}`);
        await rig.exec(ns, 'wireguard-go', [ifname]);
        rawBulk.push(await timed(() => rig.exec(ns, 'wg', ['setconf', ifname, file])));
        await rig.exec(ns, 'ip', ['link', 'del', 'dev', ifname]);
        log(`raw setconf ${PEERS}: ${rawBulk.at(-1)?.toFixed(0)} ms`);

        // Ours: peers.createBulk of 10k onto a fresh server (keys, PSKs, rows, addresses, addconf).
        const name = unwrap(parseInterfaceName(rig.name(`o${i}`)));
        const view = await services.interfaces.create(
          {
            name,
            up: true,
            listenPort: unwrap(parsePort(51910 + i)),
            ipv4Address: unwrap(parseInterfaceAddress('10.151.0.1/16')),
          },
          ADMIN,
        );
        const id = view.id as InterfaceId;
        oursBulk.push(await timed(() => services.bulk.create(bulkInput(id), ADMIN)));
        const inKernel = (await host.readInterface(name)).peers.length;
        if (inKernel !== PEERS) throw new Error(`bulk run ${i}: ${inKernel} peers in the kernel`);
        log(`ours bulk ${PEERS}: ${oursBulk.at(-1)?.toFixed(0)} ms`);
        if (i < BULK_RUNS - 1) await services.interfaces.delete(id, ADMIN);
        else kept = { id, name };
      }
      if (kept === undefined) throw new Error('no server kept for the single-peer runs');

      // Raw: one `wg set` adding a peer (with a PSK) to an interface holding 10k.
      const rawName = rig.name('r9');
      await rig.exec(ns, 'wireguard-go', [rawName]);
      await rig.exec(ns, 'wg', ['setconf', rawName, file]);
      const pskFile = join(rig.dir, 'psk');
      await writeSecretFile(pskFile, `${generatePresharedKey()}\n`);
      const rawOne: number[] = [];
      for (let i = 0; i < ONE_RUNS; i++) {
        const { publicKey } = await generateKeyPair();
        const args = [
          'set',
          rawName,
          'peer',
          publicKey,
          'preshared-key',
          pskFile,
          'allowed-ips',
          `10.152.0.${i + 2}/32`,
        ];
        rawOne.push(await timed(() => rig.exec(ns, 'wg', args)));
      }

      // Ours: peers.create on the 10k server, from the call until it has returned,
      // which is after its `wg set` returned: the peer is in the kernel by then.
      const oursOne: number[] = [];
      for (let i = 0; i < ONE_RUNS; i++) {
        let key = '';
        oursOne.push(
          await timed(async () => {
            const made = await services.peers.create(
              { ...bulkInput(kept.id), name: unwrap(parseConfText(`one ${i}`)) },
              ADMIN,
            );
            key = made.peer.publicKey;
          }),
        );
        const seen = await host.readInterface(kept.name);
        if (!seen.peers.some((p) => p.publicKey === key))
          throw new Error(`peer ${i} is not in the kernel`);
      }
      const dumpMs = await timed(() => host.readInterface(kept.name));
      log(`(one \`wg show dump\` of this interface, for scale: ${dumpMs.toFixed(0)} ms)`);

      const bulk = { ours: stat('createBulk 10k', oursBulk), raw: stat('wg setconf 10k', rawBulk) };
      const one = { ours: stat('peers.create', oursOne), raw: stat('wg set one peer', rawOne) };
      return [
        {
          what: `create + apply ${PEERS} peers in one call`,
          ...bulk,
          goal: '≤ 1.5× raw',
          met: bulk.ours.median <= 1.5 * bulk.raw.median,
        },
        {
          what: `add 1 peer to a server with ${PEERS} (call → in kernel)`,
          ...one,
          // issue 17: raw is `ip netns exec … wg set`; ours writes the same request to the socket.
          goal: '≤ 1.5× raw',
          met: one.ours.median <= 1.5 * one.raw.median,
        },
      ];
    } finally {
      close();
    }
  } finally {
    await rig.cleanup();
  }
}
