import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unwrap } from '../../shared/result';
import {
  parseCidr,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseIpAddress,
  parseKeepalive,
  parseMtu,
  parsePort,
  type InterfaceName,
  type WgKey,
} from '../../shared/validate';
import { Runner } from '../../main/host/exec';
import { LocalHost } from '../../main/host/local';
import { locateTools } from '../../main/host/tools';
import type { PeerSpec } from '../../main/host/host';
import { generateKeyPair, generatePresharedKey } from '../../main/wireguard';
import { useRig } from './rig';

const rig = useRig();

async function peer(overrides: Partial<PeerSpec> = {}): Promise<PeerSpec> {
  const { publicKey } = await generateKeyPair();
  return {
    publicKey,
    presharedKey: null,
    allowedIps: [],
    endpoint: null,
    persistentKeepalive: unwrap(parseKeepalive(0)),
    ...overrides,
  };
}

describe('LocalHost against real wireguard-go in a namespace', async () => {
  const ns = await rig.namespace('h');
  const log: string[] = [];
  const runner = new Runner({ tools: locateTools(), netns: ns, log: (l) => log.push(l) });
  const host = new LocalHost(runner);
  const name = unwrap(parseInterfaceName(rig.name('h0')));
  const server = await generateKeyPair();

  test('reports its tools', async () => {
    const caps = await host.capabilities();
    assert.equal(caps.wg, true);
    assert.equal(caps.ip, true);
    assert.equal(caps.wireguardGo, true);
  });

  test('creates an interface, falling back to wireguard-go without a kernel module', async () => {
    const impl = await host.createInterface(name);
    assert.equal(impl, 'userspace');
    const state = await host.linkState(name);
    assert.equal(state.exists, true);
    assert.equal(state.up, false);
    await assert.rejects(host.createInterface(name), { kind: 'Conflict' });
  });

  test('configure replace / add / sync, and a single-peer set', async () => {
    const a = await peer({
      allowedIps: [unwrap(parseCidr('10.9.0.2/32'))],
      presharedKey: generatePresharedKey(),
      endpoint: unwrap(parseEndpoint('192.0.2.50:51820')),
      persistentKeepalive: unwrap(parseKeepalive(25)),
    });
    await host.configure(
      name,
      {
        privateKey: server.privateKey,
        listenPort: unwrap(parsePort(51901)),
        fwMark: null,
        peers: [a],
      },
      'replace',
    );
    let seen = await host.readInterface(name);
    assert.equal(seen.publicKey, server.publicKey);
    assert.equal(seen.listenPort, 51901);
    assert.deepEqual(
      seen.peers.map((p) => [
        p.publicKey,
        p.allowedIps,
        p.hasPresharedKey,
        p.endpoint,
        p.persistentKeepalive,
      ]),
      [[a.publicKey, ['10.9.0.2/32'], true, '192.0.2.50:51820', 25]],
    );

    const b = await peer({ allowedIps: [unwrap(parseCidr('10.9.0.3/32'))] });
    await host.configure(
      name,
      { privateKey: server.privateKey, listenPort: null, fwMark: null, peers: [b] },
      'add',
    );
    seen = await host.readInterface(name);
    assert.equal(seen.peers.length, 2, 'addconf keeps existing peers');

    // setPeer changes one peer in place: new allowed IPs, PSK cleared.
    await host.setPeer(name, {
      ...a,
      presharedKey: null,
      allowedIps: [unwrap(parseCidr('10.9.0.4/32'))],
    });
    seen = await host.readInterface(name);
    const a2 = seen.peers.find((p) => p.publicKey === a.publicKey);
    assert.deepEqual(a2?.allowedIps, ['10.9.0.4/32']);
    assert.equal(a2?.hasPresharedKey, false);

    await host.configure(
      name,
      {
        privateKey: server.privateKey,
        listenPort: unwrap(parsePort(51901)),
        fwMark: null,
        peers: [b],
      },
      'sync',
    );
    seen = await host.readInterface(name);
    assert.deepEqual(
      seen.peers.map((p) => p.publicKey),
      [b.publicKey],
      'syncconf removes what is not listed',
    );

    await host.removePeers(name, [b.publicKey]);
    assert.equal((await host.readInterface(name)).peers.length, 0);
  });

  test('no secret reaches a command line or the command log', () => {
    const joined = log.join('\n');
    assert.ok(!joined.includes(server.privateKey), 'private key stays out of the log');
    assert.match(joined, /\[#\] wg setconf \S+ \(secret file\)/);
  });

  test('addresses are set exactly, link state and MTU applied', async () => {
    const a1 = unwrap(parseInterfaceAddress('10.9.0.1/24'));
    const a6 = unwrap(parseInterfaceAddress('fd09::1/64'));
    await host.setAddresses(name, [a1, a6]);
    await host.setLink(name, { up: true, mtu: unwrap(parseMtu(1380)) });
    let state = await host.linkState(name);
    assert.deepEqual([...state.addresses].sort(), [a1, a6].sort());
    assert.equal(state.up, true);
    assert.equal(state.mtu, 1380);
    await host.setAddresses(name, [a1]);
    state = await host.linkState(name);
    assert.deepEqual(state.addresses, [a1]);
    await host.setLink(name, { up: false });
    assert.equal((await host.linkState(name)).up, false);
  });

  test('flushConntrack forgets the flows of an address, and tolerates none', async () => {
    await rig.exec(ns, 'conntrack', [
      '-I',
      '-s',
      '10.9.0.7',
      '-d',
      '10.9.0.1',
      '-p',
      'udp',
      '--sport',
      '1000',
      '--dport',
      '2000',
      '-t',
      '60',
    ]);
    await rig.exec(ns, 'conntrack', [
      '-I',
      '-s',
      '10.9.0.1',
      '-d',
      '10.9.0.8',
      '-p',
      'udp',
      '--sport',
      '1001',
      '--dport',
      '2001',
      '-t',
      '60',
    ]);
    await host.flushConntrack(name, [unwrap(parseIpAddress('10.9.0.7'))]);
    const left = await rig.exec(ns, 'conntrack', ['-L']);
    assert.ok(!left.includes('10.9.0.7'), left);
    assert.match(left, /10\.9\.0\.8/, 'other flows stay');
    await host.flushConntrack(name, [unwrap(parseIpAddress('10.9.0.7'))]);
  });

  test('a forged (unvalidated) argument is refused before anything runs', async () => {
    const before = runner.spawns;
    const forged = 'x; reboot' as InterfaceName;
    await assert.rejects(host.readInterface(forged), { kind: 'InvalidInput' });
    await assert.rejects(host.removePeers(name, ['not-a-key' as WgKey]), { kind: 'InvalidInput' });
    await assert.rejects(host.deleteInterface(forged), { kind: 'InvalidInput' });
    assert.equal(runner.spawns, before);
  });

  test('a failing command becomes a CommandFailed error without key material', async () => {
    const missing = unwrap(parseInterfaceName(rig.name('nx')));
    await assert.rejects(host.readInterface(missing), (e: unknown) => {
      assert.equal((e as { kind: string }).kind, 'CommandFailed');
      return true;
    });
  });

  test('deleting the interface ends its wireguard-go daemon', async () => {
    assert.equal(rig.wireguardGoPids().length, 1);
    await host.deleteInterface(name);
    assert.equal((await host.linkState(name)).exists, false);
    const deadline = Date.now() + 3000;
    while (rig.wireguardGoPids().length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(rig.wireguardGoPids().length, 0);
  });
});
