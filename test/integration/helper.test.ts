import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { unwrap } from '../../shared/result';
import {
  parseCidr,
  parseEndpoint,
  parseFwMark,
  parseInterfaceAddress,
  parseInterfaceName,
  parseIpAddress,
  parseKeepalive,
  parseMtu,
  parsePort,
  type InterfaceName,
} from '../../shared/validate';
import type { HookPhase, PeerSpec } from '../../main/host/host';
import { HelperHost } from '../../main/host/helper-client';
import { OP_ARGS, type OpArgsIn, type OpName } from '../../main/host/protocol/ops';
import { MAX_REQUEST_CHARS } from '../../main/host/protocol/envelope';
import {
  generateKeyPair,
  generatePresharedKey,
  parseHookCommand,
  type HookCommand,
} from '../../main/wireguard';
import { writePolicy } from './files';
import { helperArgv } from './helper-argv';
import { RawHelper, type Answer } from './raw-helper';
import { useRig, waitFor } from './rig';

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

describe('HelperHost: every operation through the real helper process', async () => {
  const ns = await rig.namespace('p');
  const log: string[] = [];
  // Root's policy allows hooks here: runHook is one of the operations driven.
  const policy = await writePolicy(join(rig.dir, 'policy-p.conf'), 'on');
  const host = await HelperHost.start({ argv: helperArgv(ns, policy), log: (l) => log.push(l) });
  after(() => host.close());
  const name = unwrap(parseInterfaceName(rig.name('p0')));
  const server = await generateKeyPair();
  const psk = generatePresharedKey();

  test('capabilities, and a dump that knows nothing of our interface yet', async () => {
    const caps = await host.capabilities();
    assert.deepEqual([caps.wg, caps.ip, caps.wireguardGo], [true, true, true]);
    assert.equal((await host.readDump()).has(name), false);
  });

  test('createInterface starts wireguard-go inside the namespace', async () => {
    assert.equal(await host.createInterface(name), 'userspace');
    assert.equal((await host.linkState(name)).exists, true);
    await assert.rejects(host.createInterface(name), { kind: 'Conflict', field: 'name' });
  });

  test('configure replace / add / sync, setPeer, removePeers, readInterface, readDump, readSecrets', async () => {
    const a = await peer({
      allowedIps: [unwrap(parseCidr('10.7.0.2/32'))],
      presharedKey: psk,
      endpoint: unwrap(parseEndpoint('192.0.2.70:51820')),
      persistentKeepalive: unwrap(parseKeepalive(25)),
    });
    const device = {
      privateKey: server.privateKey,
      listenPort: unwrap(parsePort(51907)),
      fwMark: unwrap(parseFwMark(0x1234)),
      peers: [a],
    };
    await host.configure(name, device, 'replace');
    const seen = await host.readInterface(name);
    assert.deepEqual(
      [seen.publicKey, seen.listenPort, seen.fwMark],
      [server.publicKey, 51907, 0x1234],
    );
    assert.deepEqual(
      seen.peers.map((p) => [p.publicKey, p.allowedIps, p.hasPresharedKey, p.endpoint]),
      [[a.publicKey, ['10.7.0.2/32'], true, '192.0.2.70:51820']],
    );
    // The keys the dump drops, for adopting a running interface (issue 15, point 9).
    assert.deepEqual(await host.readSecrets?.(name), {
      privateKey: server.privateKey,
      presharedKeys: [{ publicKey: a.publicKey, presharedKey: psk }],
    });

    const b = await peer({ allowedIps: [unwrap(parseCidr('10.7.0.3/32'))] });
    await host.configure(name, { ...device, listenPort: null, peers: [b] }, 'add');
    assert.equal((await host.readInterface(name)).peers.length, 2, 'addconf keeps peers');

    await host.setPeer(name, { ...a, presharedKey: null, allowedIps: [] });
    const a2 = (await host.readInterface(name)).peers.find((p) => p.publicKey === a.publicKey);
    assert.deepEqual([a2?.allowedIps, a2?.hasPresharedKey], [[], false]);

    // readDump crosses the wire as a list and comes back as a Map keyed by name.
    const dump = await host.readDump();
    assert.ok(dump instanceof Map);
    assert.equal(dump.get(name)?.peers.length, 2);

    await host.configure(name, { ...device, peers: [b] }, 'sync');
    assert.deepEqual(
      (await host.readInterface(name)).peers.map((p) => p.publicKey),
      [b.publicKey],
      'syncconf removes what is not listed',
    );
    await host.removePeers(name, [b.publicKey]);
    assert.equal((await host.readInterface(name)).peers.length, 0);
  });

  test('setAddresses, setLink, linkState; concurrent changes run one at a time', async () => {
    const [a1, a2, a3] = ['10.7.0.1/24', 'fd07::1/64', '10.8.0.1/24'].map((a) =>
      unwrap(parseInterfaceAddress(a)),
    );
    assert.ok(a1 && a2 && a3);
    // Each setAddresses reads the link, then adds and removes the difference. Were
    // the two interleaved, both would read "no addresses" and the second add of a2
    // would fail with "File exists".
    await Promise.all([host.setAddresses(name, [a1, a2]), host.setAddresses(name, [a2, a3])]);
    assert.deepEqual([...(await host.linkState(name)).addresses].sort(), [a2, a3].sort());
    await host.setLink(name, { up: true, mtu: unwrap(parseMtu(1380)) });
    let state = await host.linkState(name);
    assert.deepEqual([state.up, state.mtu], [true, 1380]);
    await host.setLink(name, { up: false });
    state = await host.linkState(name);
    assert.deepEqual([state.up, state.mtu], [false, 1380]);
  });

  test('errors keep their kind; a forged name is refused by the helper itself', async () => {
    const missing = unwrap(parseInterfaceName(rig.name('px')));
    await assert.rejects(host.readInterface(missing), { kind: 'CommandFailed' });
    const before = host.helperSpawns;
    await assert.rejects(host.deleteInterface('x; reboot' as InterfaceName), {
      kind: 'InvalidInput',
      field: 'name',
    });
    assert.equal(host.helperSpawns, before);
  });

  test('flushConntrack removes the flows of one address inside the namespace', async () => {
    const ct = ['-p', 'udp', '--sport', '1000', '--dport', '2000', '-t', '60'];
    await rig.exec(ns, 'conntrack', ['-I', '-s', '10.5.0.7', '-d', '10.5.0.1', ...ct]);
    await host.flushConntrack(name, [unwrap(parseIpAddress('10.5.0.7'))]);
    assert.ok(!(await rig.exec(ns, 'conntrack', ['-L'])).includes('10.5.0.7'));
  });

  test('the command log shows each command and no secret', () => {
    const joined = log.join('\n');
    assert.match(joined, /^\[#\] wg setconf \S+ \(secret file\)$/m);
    assert.match(joined, /^\[#\] wg set \S+ peer \S{44} remove$/m);
    assert.match(joined, /^\[#\] ip address add 10\.8\.0\.1\/24 dev \S+$/m);
    assert.ok(!joined.includes(server.privateKey), 'private key stays out of the log');
    assert.ok(!joined.includes(psk), 'preshared key stays out of the log');
  });

  test('runHook: /bin/sh inside the namespace, %i replaced, logged; bad text runs nothing', async () => {
    assert.equal(await host.scriptsAllowed(), true, 'the helper read its --config file');
    const out = join(rig.dir, 'helper-hook');
    const script = `echo "%i $(readlink /proc/self/ns/net)" > ${out}`;
    await host.runHook(name, 'postUp', unwrap(parseHookCommand(script)));
    const netns = (await rig.exec(ns, 'readlink', ['/proc/self/ns/net'])).trim();
    assert.equal(readFileSync(out, 'utf8'), `${name} ${netns}\n`);
    assert.ok(log.includes(`[#] ${script.replaceAll('%i', name)}`), 'logged as it ran');
    await assert.rejects(
      host.runHook(name, 'preDown', unwrap(parseHookCommand('echo nope >&2; exit 3'))),
      { kind: 'CommandFailed', message: `PreDown hook of ${name} failed (exit code 3): nope` },
    );
    const spawned = host.helperSpawns;
    for (const bad of ['true\ntrue', 'true\rtrue', 'true\u0000', 'true # x']) {
      await assert.rejects(host.runHook(name, 'preUp', bad as HookCommand), {
        kind: 'InvalidInput',
        field: 'command',
      });
    }
    await assert.rejects(host.runHook(name, 'up' as HookPhase, unwrap(parseHookCommand('true'))), {
      kind: 'InvalidInput',
      field: 'phase',
    });
    assert.equal(host.helperSpawns, spawned, 'refused hooks started no process');
  });

  test('deleteInterface ends the daemon', async () => {
    await host.deleteInterface(name);
    assert.equal((await host.linkState(name)).exists, false);
    await waitFor(() => rig.wireguardGoPids().length === 0, 3_000, 'wireguard-go to exit');
  });
});

describe('HelperHost when the helper is missing, slow or gone', async () => {
  const ns = await rig.namespace('q');
  // Fakes, named so: the real helper cannot be made to stall or lie on demand.
  const fake = (script: string): string[] => [process.execPath, '-e', script];
  const HELLO = `process.stdout.write(JSON.stringify({'wgdesk-helper': 1, pid: process.pid}) + '\\n');`;
  const silentHelper = fake(`${HELLO} process.stdin.resume();`);

  test('no hello in time, or a helper that exits at once: HelperUnavailable', async () => {
    await assert.rejects(
      HelperHost.start({ argv: fake('process.stdin.resume()'), helloTimeoutMs: 300 }),
      { kind: 'HelperUnavailable', message: /did not say hello/ },
    );
    // The real helper refuses a bad namespace name; its stderr says why.
    await assert.rejects(HelperHost.start({ argv: helperArgv('bad name') }), {
      kind: 'HelperUnavailable',
      message: /network namespace name "bad name" is not valid/,
    });
    await assert.rejects(HelperHost.start({ argv: ['/nonexistent/wgdesk-helper'] }), {
      kind: 'HelperUnavailable',
    });
  });

  test('a helper speaking another protocol version is Incompatible', async () => {
    const v2 = fake(
      `console.log(JSON.stringify({'wgdesk-helper': 2, pid: 1})); process.stdin.resume();`,
    );
    await assert.rejects(HelperHost.start({ argv: v2 }), { kind: 'Incompatible' });
  });

  test('no answer in time is a Timeout; death fails pending and later calls', async () => {
    const host = await HelperHost.start({ argv: silentHelper, requestTimeoutMs: 200 });
    await assert.rejects(host.capabilities(), { kind: 'Timeout' });
    const slow = await HelperHost.start({ argv: silentHelper });
    const pending = slow.capabilities();
    process.kill(slow.pid ?? 0, 'SIGKILL');
    await assert.rejects(pending, { kind: 'HelperUnavailable' });
    await assert.rejects(slow.readDump(), { kind: 'HelperUnavailable' });
    await host.close();
  });

  test('the real helper killed, or closed: later calls fail with HelperUnavailable', async () => {
    const killed = await HelperHost.start({ argv: helperArgv(ns) });
    assert.equal((await killed.capabilities()).wg, true);
    process.kill(killed.pid ?? 0, 'SIGKILL');
    await assert.rejects(killed.capabilities(), { kind: 'HelperUnavailable' });
    await assert.rejects(killed.readDump(), { kind: 'HelperUnavailable' });

    const closed = await HelperHost.start({ argv: helperArgv(ns) });
    const answered = closed.linkState(unwrap(parseInterfaceName('lo')));
    await closed.close();
    assert.equal((await answered).exists, true, 'a request sent before close is still answered');
    await assert.rejects(closed.readDump(), { kind: 'HelperUnavailable' });
  });
});

const BAD_TEXT = [
  'wg0; reboot',
  '$(id)',
  '`id`',
  '../etc/passwd',
  '/etc/passwd',
  '-rf',
  'wg0\nreboot',
  'wg0\u0000',
  '',
  ' ',
  'x'.repeat(70_000),
];
/**
 * A hook is a shell command by nature: "wg0; reboot" or "$(id)" are valid ones,
 * and the helper would run them. So the command field is spoiled only with
 * what no hook may be (a line break, a NUL, "#", a control character, too
 * long, empty), and each would do nothing harmful if a bug let it through.
 */
const BAD_HOOK_TEXT = [
  'true\ntrue',
  'true\rtrue',
  'true\u0000',
  'true # a comment',
  'true\u001b',
  `true ${'x'.repeat(4096)}`,
  '',
  ' ',
];
const BAD_TEXT_OF: Record<string, readonly string[]> = { command: BAD_HOOK_TEXT };
const NULLABLE = new Set([
  'presharedKey',
  'endpoint',
  'listenPort',
  'fwMark',
  'downKbps',
  'upKbps',
]);
const OPTIONAL = new Set(['mtu']);
const ARRAY_MAX: Record<string, number> = {
  peers: 65_536,
  publicKeys: 65_536,
  allowedIps: 1024,
  addresses: 256,
  networks: 8192,
  servers: 64,
};

type Path = readonly (string | number)[];

/** A copy of `root` with `change` applied at `path` (the parent object and the last key). */
function edit(
  root: unknown,
  path: Path,
  change: (parent: Record<string, unknown>, key: string) => void,
): unknown {
  const copy: unknown = structuredClone(root);
  let node = copy as Record<string, unknown>;
  for (const k of path.slice(0, -1)) node = node[String(k)] as Record<string, unknown>;
  change(node, String(path.at(-1)));
  return copy;
}

/** Every single-spot way to spoil valid args: each field replaced by a bad value, dropped, or joined by an unknown key. */
function spoiled(valid: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  const put = (path: Path, value: unknown): void => {
    out.push([
      `${path.join('.')} = ${JSON.stringify(value)?.slice(0, 40)}`,
      edit(valid, path, (p, k) => (p[k] = value)),
    ]);
  };
  const visit = (node: unknown, path: Path): void => {
    const key = String(path.at(-1));
    const bad: unknown[] = [];
    if (Array.isArray(node)) {
      bad.push(
        'x',
        {},
        42,
        Array.from({ length: (ARRAY_MAX[key] ?? 0) + 1 }, () => node[0]),
      );
      node.forEach((child, i) => visit(child, [...path, i]));
    } else if (typeof node === 'object' && node !== null) {
      put([...path, 'extra'], 'reboot');
      for (const [k, child] of Object.entries(node)) {
        if (!OPTIONAL.has(k)) {
          out.push([
            `${[...path, k].join('.')} missing`,
            edit(valid, [...path, k], (p, kk) => Reflect.deleteProperty(p, kk)),
          ]);
        }
        visit(child, [...path, k]);
      }
      return;
    } else if (typeof node === 'string') {
      bad.push(...(BAD_TEXT_OF[key] ?? BAD_TEXT), 42, true, {}, []);
    } else if (typeof node === 'number') {
      bad.push('51820; reboot', '$(id)', -1, 1.5, 1e12, true, {}, []);
    } else {
      bad.push('true', 1, {}, []);
    }
    if (!NULLABLE.has(key)) bad.push(null);
    for (const value of bad) put(path, value);
  };
  visit(valid, []);
  return out;
}

describe('the raw protocol: bad requests are refused and run nothing', async () => {
  const ns = await rig.namespace('r');
  const helper = new RawHelper(helperArgv(ns));
  after(() => {
    if (helper.child.exitCode === null) helper.child.kill('SIGKILL');
  });
  const name = rig.name('r0');
  const hookMarker = join(rig.dir, 'spoiled-hook-ran');
  const [server, client] = [await generateKeyPair(), await generateKeyPair()];
  const peerArgs = {
    publicKey: client.publicKey,
    presharedKey: generatePresharedKey(),
    allowedIps: ['10.6.0.2/32'],
    endpoint: '192.0.2.60:51820',
    persistentKeepalive: 25,
  };
  const VALID = {
    capabilities: {},
    readDump: {},
    readInterface: { name },
    createInterface: { name },
    configure: {
      name,
      device: {
        privateKey: server.privateKey,
        listenPort: 51906,
        fwMark: 0x1234,
        peers: [peerArgs],
      },
      mode: 'replace',
    },
    setPeer: { name, peer: peerArgs },
    removePeers: { name, publicKeys: [client.publicKey] },
    linkState: { name },
    setAddresses: { name, addresses: ['10.6.0.1/24'] },
    setLink: { name, state: { up: true, mtu: 1420 } },
    deleteInterface: { name },
    flushConntrack: { name, addresses: ['10.6.0.2', 'fd06::2'] },
    scriptsAllowed: {},
    // Harmless if it ever ran; the last test checks that it did not.
    runHook: { name, phase: 'postUp', command: `touch ${hookMarker}` },
    // No arguments at all: any key (a path above all) is refused. Were one of
    // the spoiled requests read anyway, its "[#] read" line would be in the log.
    readSystemConfigs: {},
    readSecrets: { name },
    // No servers: were it ever run, it would only remove wgdesk's own (absent) table.
    applyNetwork: { ruleset: { servers: [], forwarding: { ipv4: false, ipv6: false } } },
    readNetworkCounters: {},
    syncRoutes: { name, networks: ['192.168.77.0/24'], table: 254 },
    // Speed limits: refused before anything runs (the link does not exist, so nothing could).
    applyShaping: { name, peers: [{ allowedIps: ['10.6.0.2/32'], downKbps: 2000, upKbps: 1000 }] },
  } satisfies { [K in OpName]: OpArgsIn<K> };

  const hello = JSON.parse(await helper.next()) as Record<string, unknown>;
  const baseline = await helper.request('capabilities', {});

  test('the hello names the protocol version and the pid; the unspoiled arguments are valid', () => {
    assert.deepEqual(hello, { 'wgdesk-helper': 1, pid: helper.child.pid });
    assert.equal(baseline.ok, true);
    // Checked in-process (running them would run commands): otherwise every
    // spoiled variant below could fail for a reason that has nothing to do with it.
    for (const op of Object.keys(VALID) as OpName[]) {
      assert.ok(
        OP_ARGS[op].safeParse(VALID[op]).success,
        `${op}: the baseline arguments are valid`,
      );
    }
  });

  async function refused(
    label: string,
    answer: Promise<Answer>,
    id?: number | null,
  ): Promise<void> {
    const a = await answer;
    assert.equal(a.ok, false, `${label}: refused`);
    assert.equal(a.error?.kind, 'InvalidInput', `${label}: ${JSON.stringify(a.error)}`);
    if (id !== undefined) assert.equal(a.id, id, `${label}: answers to its id`);
    assert.equal(a.spawns, baseline.spawns, `${label}: ran nothing`);
  }

  for (const op of Object.keys(VALID) as OpName[]) {
    test(`${op}: every spoiled argument is InvalidInput`, async () => {
      const cases = spoiled(VALID[op]);
      for (const args of ['x', 42, null, true, []])
        cases.push([`args = ${JSON.stringify(args)}`, args]);
      for (const [label, args] of cases) await refused(`${op} ${label}`, helper.request(op, args));
    });
  }

  test('readSystemConfigs: whatever names a path is refused; the caller never chooses the directory', async () => {
    for (const args of [
      { dir: '/root/.ssh' },
      { confDir: '/etc' },
      { path: '/etc/shadow' },
      { name: 'wg0' },
      { glob: '*.conf' },
      '/etc/wireguard',
      ['/etc/wireguard'],
    ]) {
      await refused(
        `readSystemConfigs ${JSON.stringify(args)}`,
        helper.request('readSystemConfigs', args),
      );
    }
  });

  test('unknown operations, other versions, bad envelopes, malformed JSON', async () => {
    for (const op of [
      'exec',
      'run',
      'sh',
      'wg',
      'readdump',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
    ]) {
      await refused(`op ${op}`, helper.send(JSON.stringify({ v: 1, id: 90, op, args: {} })), 90);
    }
    for (const v of [2, 0, '1', null]) {
      await refused(
        `v ${String(v)}`,
        helper.send(JSON.stringify({ v, id: 91, op: 'readDump' })),
        91,
      );
    }
    await refused('no v', helper.send('{"id":92,"op":"readDump"}'), 92);
    for (const id of [-1, 1.5, '7', null]) {
      await refused(
        `id ${String(id)}`,
        helper.send(JSON.stringify({ v: 1, id, op: 'readDump' })),
        null,
      );
    }
    await refused(
      'extra envelope key',
      helper.send('{"v":1,"id":93,"op":"readDump","cmd":"reboot"}'),
      93,
    );
    await refused('op not a string', helper.send('{"v":1,"id":94,"op":["readDump"]}'), 94);
    for (const line of [
      '{',
      'not json',
      '',
      '[]',
      'null',
      '42',
      '"readDump"',
      '{"v":1,"id":95,"op":"readDump"',
    ]) {
      await refused(`line ${line}`, helper.send(line), null);
    }
  });

  test('an over-long line is refused without being read whole', async () => {
    await refused('long garbage', helper.send('x'.repeat(MAX_REQUEST_CHARS + 1)), null);
    const big = JSON.stringify({
      v: 1,
      id: 96,
      op: 'readDump',
      args: { pad: 'x'.repeat(MAX_REQUEST_CHARS) },
    });
    await refused('long request', helper.send(big), null);
  });

  test('none of it reached the command log; a good request still runs one command', async () => {
    assert.deepEqual(
      helper.stderr.filter((l) => l.startsWith('[#]')),
      [],
    );
    const a = await helper.request('linkState', { name });
    assert.deepEqual([a.ok, a.spawns], [true, baseline.spawns + 1]);
  });

  test('the helper exits when its stdin closes', async () => {
    const exited = new Promise((resolve) => helper.child.once('exit', (code) => resolve(code)));
    helper.child.stdin.end();
    assert.equal(await exited, 0);
    assert.deepEqual(
      helper.stderr.filter((l) => l.startsWith('[#]')),
      ['[#] ip -j address show'],
    );
    assert.equal(existsSync(hookMarker), false, 'no spoiled runHook ran its command');
  });
});
