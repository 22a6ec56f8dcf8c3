/**
 * A server's own edits and the network: widening its address takes back the
 * site route the peer network no longer needs, and going down runs PostDown
 * even when the firewall apply is refused (the refusal is still reported).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import type { Host } from '../../../main/host/host';
import type { InterfaceId } from '../../../main/store';
import { generateKeyPair, MAX_HOOK_LENGTH } from '../../../main/wireguard';
import { writePolicy } from '../files';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

test('address edits re-route; a refused apply on down still runs PostDown', async () => {
  const ns = await rig.namespace('e');
  const policy = join(rig.dir, 'wgdesk-e.conf');
  await writePolicy(policy, 'on');
  let refuse = false;
  const refusing = (host: Host): Host =>
    new Proxy(host, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        // Bound to the real host: its methods read its private fields.
        if (typeof value !== 'function') return value;
        if (prop !== 'applyNetwork' || !refuse) return value.bind(target) as unknown;
        return () => Promise.reject(new AppError('CommandFailed', 'nft refused the table'));
      },
    });
  const { services, store } = await world(rig, ns, 'wgdesk.db', refusing, policy);
  const name = unwrap(parseInterfaceName(rig.name('e0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51830)),
      ipv4Address: unwrap(parseInterfaceAddress('10.46.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  await services.peers.create(
    {
      interfaceId: id,
      name: unwrap(parseConfText('site')),
      type: 'gateway',
      tunnelMode: 'hub',
      publicKey: (await generateKeyPair()).publicKey,
      presharedKey: false,
      keepPrivateKey: false,
      extraNetworks: [unwrap(parseCidr('fd46:0:0:5::/64'))],
    },
    ADMIN,
  );
  const routes = () => rig.exec(ns, 'ip', ['-6', 'route', 'show']);
  const siteRoute = /fd46:0:0:5::\/64 dev \S+ proto 241/;
  assert.match(await routes(), siteRoute);
  // The server gets an IPv6 network holding the site: it is its own now, no route.
  const v6 = unwrap(parseInterfaceAddress('fd46::1/48'));
  await services.interfaces.update(id, { ipv6Address: v6 }, ADMIN);
  assert.doesNotMatch(await routes(), siteRoute, 'inside the server now');
  await services.interfaces.update(id, { ipv6Address: null }, ADMIN);
  assert.match(await routes(), siteRoute, 'outside again');

  const ran = join(rig.dir, 'post-down-ran');
  const hook = unwrap(parseConfText(`touch ${ran}`, 'hook', MAX_HOOK_LENGTH));
  store.interfaces.update(id, { postDown: [hook] });
  // Managed: going down changes the table, so the refused apply is reached.
  await services.network.configure(id, { reach: 'internet' }, ADMIN);
  refuse = true;
  await assert.rejects(services.interfaces.setUp(id, false, ADMIN), /is down, but nft refused/);
  assert.equal(existsSync(ran), true, 'PostDown ran');
  assert.equal(store.interfaces.require(id).enabled, false);
});
