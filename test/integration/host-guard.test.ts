/**
 * What root's side refuses or survives whatever it is asked, with the real
 * LocalHost in a namespace: `ip` changes only WireGuard links (a veth, a
 * plain tun are refused and left as they were); a wireguard-go tunnel
 * outlives the wgdesk process that started it when that process's group is
 * interrupted (Ctrl-C in its terminal); and secret files a killed process
 * left are swept by the next LocalHost.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { unwrap } from '../../shared/result';
import {
  parseInterfaceAddress,
  parseInterfaceName,
  parseIpAddress,
  parseKeepalive,
  parseMtu,
} from '../../shared/validate';
import { Runner } from '../../main/host/exec';
import { LocalHost } from '../../main/host/local';
import { sweepSecretDirs } from '../../main/host/secret-file';
import { locateTools } from '../../main/host/tools';
import { generateKeyPair } from '../../main/wireguard';
import { useRig } from './rig';

const rig = useRig();
const NOBODY = 65534;

describe('only WireGuard links: other links are refused and left as they were', async () => {
  const ns = await rig.namespace('g');
  const host = new LocalHost(new Runner({ tools: locateTools(), netns: ns }));
  // Dummy links are not available here; a veth pair (both ends in the
  // namespace) is the stand-in for eth0. Left down: no carrier, so nothing
  // (an IPv6 link-local address) changes by itself while the test looks.
  const veth = unwrap(parseInterfaceName(rig.name('gv')));
  await rig.exec(ns, 'ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', rig.name('gw')]);
  await rig.exec(ns, 'ip', ['address', 'add', '192.0.2.9/24', 'dev', veth]);
  // A tun no wireguard-go serves: OpenVPN's tun0, say.
  const tun = unwrap(parseInterfaceName(rig.name('gt')));
  await rig.exec(ns, 'ip', ['tuntap', 'add', 'dev', tun, 'mode', 'tun']);
  const state = (): Promise<string> => rig.exec(ns, 'ip', ['-d', '-j', 'address', 'show']);
  const address = unwrap(parseInterfaceAddress('10.99.0.1/24'));

  for (const [link, kind] of [
    [veth, 'veth'],
    [tun, 'tun'],
  ] as const) {
    test(`setAddresses, setLink, deleteInterface, flushConntrack on a ${kind}: Conflict, nothing changed`, async () => {
      const before = await state();
      const refusal = {
        kind: 'Conflict',
        field: 'name',
        message: `${link} is not a WireGuard interface (its kind is ${kind}): wgdesk changes WireGuard interfaces only`,
      };
      await assert.rejects(host.setAddresses(link, [address]), refusal);
      await assert.rejects(host.setAddresses(link, []), refusal);
      await assert.rejects(host.setLink(link, { up: true, mtu: unwrap(parseMtu(1280)) }), refusal);
      await assert.rejects(
        host.flushConntrack(link, [unwrap(parseIpAddress('192.0.2.9'))]),
        refusal,
      );
      await assert.rejects(host.deleteInterface(link), refusal);
      assert.equal(await state(), before);
    });
  }

  test('wg refuses a link that is not WireGuard by itself: setPeer and configure change nothing', async () => {
    const before = await state();
    const { publicKey, privateKey } = await generateKeyPair();
    const peer = {
      publicKey,
      presharedKey: null,
      allowedIps: [],
      endpoint: null,
      persistentKeepalive: unwrap(parseKeepalive(0)),
    };
    await assert.rejects(host.setPeer(veth, peer), { kind: 'CommandFailed' });
    await assert.rejects(
      host.configure(veth, { privateKey, listenPort: null, fwMark: null, peers: [] }, 'replace'),
      { kind: 'CommandFailed' },
    );
    assert.equal(await state(), before);
  });

  test('a link that does not exist is NotFound; a WireGuard interface is changed', async () => {
    const missing = unwrap(parseInterfaceName(rig.name('gx')));
    await assert.rejects(host.setLink(missing, { up: true }), { kind: 'NotFound' });
    const wg = unwrap(parseInterfaceName(rig.name('g0')));
    assert.equal(await host.createInterface(wg), 'userspace');
    await host.setAddresses(wg, [address]);
    await host.setLink(wg, { up: true });
    assert.deepEqual((await host.linkState(wg)).addresses, [address]);
    await host.deleteInterface(wg);
    assert.equal((await host.linkState(wg)).exists, false);
  });
});

/** Pids of wireguard-go daemons serving exactly `name`. */
function wireguardGo(name: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^[0-9]+$/.test(e))
    .filter((e) => {
      try {
        const [exe, ifname] = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
        return exe?.endsWith('wireguard-go') === true && ifname === name;
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}

/** A process's session id (the sixth field of /proc/PID/stat, after the parenthesised name). */
function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

describe('wireguard-go outlives the wgdesk process that started it', async () => {
  const ns = await rig.namespace('d');
  const name = rig.name('d0');
  const script = fileURLToPath(new URL('./interrupted-child.ts', import.meta.url));

  test('Ctrl-C to the process group that created the interface leaves the tunnel up', async () => {
    // Its own process group, as a terminal gives a command it runs.
    const child = spawn(process.execPath, ['--import', 'tsx', script, ns, name], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pgid = child.pid ?? assert.fail('the child did not start');
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    assert.equal(first, 'created');
    const [daemon] = wireguardGo(name);
    assert.ok(daemon !== undefined, 'wireguard-go runs');
    assert.notEqual(sessionOf(daemon), sessionOf(pgid), 'in a session of its own');

    const exited = once(child, 'exit');
    process.kill(-pgid, 'SIGINT');
    const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.equal(signal, 'SIGINT', 'the wgdesk process was interrupted');
    // wireguard-go takes its interface down on SIGINT at once: give it the time.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(wireguardGo(name), [daemon], 'wireguard-go still runs');
    assert.match(await rig.exec(ns, 'wg', ['show', name]), new RegExp(`^interface: ${name}$`, 'm'));
    // The rig's cleanup ends it, by pid.
  });
});

describe('secret files a killed process left behind', () => {
  /** The pid of a process that has exited. */
  async function deadPid(): Promise<number> {
    const p = spawn('true');
    await once(p, 'exit');
    return p.pid ?? assert.fail('true did not start');
  }

  test('a new LocalHost removes those of processes that are gone, never a live one’s', async () => {
    // As root, secret files go under /run.
    const dead = await deadPid();
    const stale = mkdtempSync(`/run/wgdesk-${dead}-`);
    writeFileSync(join(stale, 'secret'), 'PrivateKey = (a key)\n', { mode: 0o600 });
    const live = mkdtempSync(`/run/wgdesk-${process.pid}-`);
    after(() => rmSync(live, { recursive: true, force: true }));
    new LocalHost(new Runner({ tools: locateTools() }));
    assert.equal(existsSync(stale), false, 'the dead process’s key file is gone');
    assert.equal(existsSync(live), true, 'this live process’s directory stays');
  });

  test('only directories named so, of this user: what another user made stays', async () => {
    const base = mkdtempSync(join(rig.dir, 'run-'));
    const dead = await deadPid();
    const stale = mkdtempSync(join(base, `wgdesk-${dead}-`));
    const foreign = mkdtempSync(join(base, `wgdesk-${dead}-`));
    chownSync(foreign, NOBODY, NOBODY);
    const others = [`wgdesk-rig-abcdef`, `wgdesk-${dead}`, `wgdesk-x${dead}-abcdef`];
    for (const o of others) writeFileSync(join(base, o), '');
    assert.deepEqual(sweepSecretDirs(base), [{ path: stale, pid: dead }]);
    assert.deepEqual(readdirSync(base).sort(), [...others, foreign.slice(base.length + 1)].sort());
  });
});
