/**
 * After a reboot, the start-up path puts back what a server left up needs:
 * its routes to sites, forwarding, NAT and rules. A site network another
 * device already routes is reported and left as it was.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

test('start-up restores routes, forwarding and the table; a taken route is reported', async () => {
  const srv = await rig.namespace('s');
  const other = await rig.namespace('o');
  // A site network that the admin routes elsewhere already: wgdesk must leave it alone.
  await rig.link(srv, '192.0.2.1', other, '192.0.2.2');
  await rig.exec(srv, 'ip', ['route', 'add', '172.20.0.0/16', 'via', '192.0.2.2']);
  await rig.exec(srv, 'sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
  const stateDir = join(rig.dir, 'run');
  const first = await world(rig, srv, 'wgdesk.db', undefined, undefined, stateDir);
  const name = unwrap(parseInterfaceName(rig.name('s0')));
  const server = await first.services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51820)),
      ipv4Address: unwrap(parseInterfaceAddress('10.44.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  await first.services.peers.create(
    {
      interfaceId: id,
      name: unwrap(parseConfText('branch office')),
      type: 'gateway',
      tunnelMode: 'hub',
      publicKey: (await generateKeyPair()).publicKey,
      presharedKey: false,
      keepPrivateKey: false,
      extraNetworks: ['192.168.60.0/24', '172.20.0.0/16'].map((c) => unwrap(parseCidr(c))),
    },
    ADMIN,
  );
  await first.services.network.configure(id, { reach: 'internet', policy: 'isolate' }, ADMIN);
  const routes = () => rig.exec(srv, 'ip', ['route', 'show']);
  const table = () => rig.exec(srv, 'nft', ['list', 'table', 'inet', 'wgdesk']);
  const forwarding = async () =>
    (await rig.exec(srv, 'sysctl', ['-n', 'net.ipv4.ip_forward'])).trim();

  assert.match(await routes(), new RegExp(`192\\.168\\.60\\.0/24 dev ${name} proto 241`));
  assert.match(await routes(), /172\.20\.0\.0\/16 via 192\.0\.2\.2/, 'the admin’s route stays');
  assert.deepEqual((await first.services.network.get(id)).routeConflicts, [
    { network: '172.20.0.0/16', device: `${srv}v` },
  ]);
  const applied = await table();
  assert.equal(await forwarding(), '1');

  // A reboot: the link, its routes and the table go, forwarding is back to
  // the default, and /run (where root kept the value it found) is empty.
  for (const pid of rig.wireguardGoPids(name)) process.kill(pid, 'SIGTERM');
  await rig.exec(srv, 'ip', ['link', 'del', name]).catch(() => undefined);
  await rig.exec(srv, 'nft', ['delete', 'table', 'inet', 'wgdesk']);
  await rig.exec(srv, 'sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
  rmSync(stateDir, { recursive: true, force: true });
  assert.doesNotMatch(await routes(), /192\.168\.60\.0/);

  const again = await world(rig, srv, 'wgdesk.db', undefined, undefined, stateDir);
  const outcome = await again.services.startup();
  assert.deepEqual(
    outcome.map((o) => o.outcome),
    ['brought-up'],
  );
  assert.match(await routes(), new RegExp(`192\\.168\\.60\\.0/24 dev ${name} proto 241`));
  assert.equal(await table(), applied);
  assert.equal(await forwarding(), '1');

  await again.services.network.configure(id, { managed: false }, ADMIN);
  assert.doesNotMatch(await rig.exec(srv, 'nft', ['list', 'tables']), /wgdesk/);
  assert.equal(await forwarding(), '0', 'the value found before is back');
});
