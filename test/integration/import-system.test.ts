/**
 * Importing from the machine's WireGuard configuration directory, end to end
 * with real parts: the real helper process (started with `--conf-dir` on a
 * directory of this test, acting inside a namespace), the contract router
 * over a real SQLite file, and a server brought up by the real wg-quick.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import type { DriftReport, InterfaceView, PeerView } from '../../shared/contract';
import { unwrap } from '../../shared/result';
import { parseInterfaceName } from '../../shared/validate';
import { Runner } from '../../main/host/exec';
import { HelperHost } from '../../main/host/helper-client';
import { directArgv } from '../../main/host/helper-launch';
import { LocalHost } from '../../main/host/local';
import { MAX_CONF_FILE_BYTES } from '../../main/host/system-configs';
import { locateTools } from '../../main/host/tools';
import { openRuntime } from '../../main/runtime';
import { generateKeyPair, generatePresharedKey, parseWgQuickConf } from '../../main/wireguard';
import { problem, type Problem } from '../../shared/problems';
import { useRig } from './rig';

const rig = useRig();
const ADMIN = { actor: 'admin' } as const;

/** The real helper as a root main process starts it, reading wg-quick files from `confDir`. */
function helperArgv(netns: string, confDir: string): string[] {
  return directArgv({
    node: process.execPath,
    nodeArgs: ['--import', import.meta.resolve('tsx')],
    entry: fileURLToPath(new URL('../../main/helper/main.ts', import.meta.url)),
    netns,
    confDir,
  });
}

/** Every secret this test writes anywhere: none may show up in a log or a result. */
const secrets: string[] = [];

async function serverFile(port: number, net: string, peers: string[][]): Promise<string> {
  const { privateKey } = await generateKeyPair();
  secrets.push(privateKey);
  return [
    '[Interface]',
    `PrivateKey = ${privateKey}`,
    `ListenPort = ${port}`,
    `Address = ${net}.1/24`,
    ...peers.flatMap((p) => ['', '[Peer]', ...p]),
    '',
  ].join('\n');
}

function psk(): string {
  const k = generatePresharedKey();
  secrets.push(k);
  return k;
}

describe('wg-quick files from the configuration directory', async () => {
  const ns = await rig.namespace('y');
  const confDir = join(rig.dir, 'wireguard');
  mkdirSync(confDir, { mode: 0o700 });
  const [a, b] = [rig.name('sa'), rig.name('sb')];
  const keys = await Promise.all(Array.from({ length: 5 }, () => generateKeyPair()));
  const pub = (i: number): string => keys[i]?.publicKey ?? '';
  const fileA = await serverFile(51851, '10.93.0', [
    [
      '# Name = alice',
      `PublicKey = ${pub(0)}`,
      `PresharedKey = ${psk()}`,
      'AllowedIPs = 10.93.0.2/32',
    ],
    [`PublicKey = ${pub(1)}`, 'AllowedIPs = 10.93.0.3/32', 'PersistentKeepalive = 25'],
    [
      '# Name = branch office',
      `PublicKey = ${pub(2)}`,
      'AllowedIPs = 10.93.0.4/32, 192.168.93.0/24',
      'Endpoint = 192.0.2.93:51820',
    ],
  ]);
  const fileB = await serverFile(51852, '10.94.0', [
    [
      '# Name = bob',
      `PublicKey = ${pub(3)}`,
      `PresharedKey = ${psk()}`,
      'AllowedIPs = 10.94.0.2/32',
    ],
    [`PublicKey = ${pub(4)}`, 'AllowedIPs = 10.94.0.3/32'],
  ]);
  writeFileSync(join(confDir, `${a}.conf`), fileA, { mode: 0o600 });
  writeFileSync(join(confDir, `${b}.conf`), fileB, { mode: 0o600 });
  // What must be ignored, each holding a valid server file (and a key that must not leak).
  const [link, big, fifo] = [rig.name('sl'), rig.name('bg'), rig.name('ff')];
  writeFileSync(join(rig.dir, 'elsewhere.conf'), await serverFile(51853, '10.95.0', []));
  symlinkSync(join(rig.dir, 'elsewhere.conf'), join(confDir, `${link}.conf`));
  writeFileSync(join(confDir, 'bad name.conf'), await serverFile(51854, '10.96.0', []));
  const padding = `# ${'x'.repeat(MAX_CONF_FILE_BYTES)}\n`;
  writeFileSync(join(confDir, `${big}.conf`), (await serverFile(51855, '10.97.0', [])) + padding);
  execFileSync('mkfifo', [join(confDir, `${fifo}.conf`)]);

  const stderr: string[] = [];
  const errors: string[] = [];
  const helper = await HelperHost.start({
    argv: helperArgv(ns, confDir),
    log: (l) => stderr.push(l),
  });
  const runtime = await openRuntime({
    dataDir: join(rig.dir, 'runtime'),
    host: helper,
    validateResults: true,
    log: (context, e) => errors.push(`${context}: ${String(e)}`),
  });
  // Closes the database and the helper, which exits.
  after(() => runtime.close());
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await runtime.router.call(method, params, ADMIN);
    if (!r.ok) throw new Error(`${method}: ${r.error.kind}: ${r.error.message}`);
    return r.value as T;
  };
  const refusal = async (method: string, params: unknown): Promise<string> => {
    const r = await runtime.router.call(method, params, ADMIN);
    if (r.ok) throw new Error(`${method} was not refused`);
    return `${r.error.kind}: ${r.error.message}`;
  };

  test('the helper reads exactly the two wg-quick files, as they are; LocalHost the same', async () => {
    const expected = [
      { name: a, text: fileA },
      { name: b, text: fileB },
    ];
    assert.deepEqual(await helper.readSystemConfigs(), expected);
    const local = new LocalHost(new Runner({ tools: locateTools(), netns: ns }), { confDir });
    assert.deepEqual(await local.readSystemConfigs(), expected);
  });

  test('listSystemConfs: names, counts and state, no key and no text', async () => {
    const list = await call<unknown[]>('interfaces.listSystemConfs', {});
    assert.deepEqual(list, [
      { name: a, managed: false, running: false, peers: 3, problem: null },
      { name: b, managed: false, running: false, peers: 2, problem: null },
    ]);
    // The contract has no path either: the directory is the helper's alone.
    assert.match(await refusal('interfaces.listSystemConfs', { dir: '/root' }), /^InvalidInput: /);
  });

  test('a file that cannot be imported is listed with its problem, in words for a list', async () => {
    const keyless = rig.name('nokey');
    const path = join(confDir, `${keyless}.conf`);
    writeFileSync(path, '[Interface]\nListenPort = 51899\n', { mode: 0o600 });
    try {
      const list = await call<{ name: string; peers: number; problem: string | null }[]>(
        'interfaces.listSystemConfs',
        {},
      );
      const entry = list.find((c) => c.name === keyless);
      assert.ok(entry);
      assert.equal(entry.peers, 0);
      assert.match(entry.problem ?? '', /^the \[Interface\] section has no PrivateKey/);
    } finally {
      rmSync(path);
    }
  });

  test('importSystemConf: the interface and peers the file describes', async () => {
    const imported = await call<{ interface: InterfaceView; peers: number; warnings: unknown[] }>(
      'interfaces.importSystemConf',
      { name: a, publicEndpoint: 'vpn.example.org:51851' },
    );
    const parsed = unwrap(parseWgQuickConf(fileA)).config;
    const key = parsed.interface.privateKey;
    assert.ok(key !== undefined);
    assert.deepEqual(
      [imported.peers, imported.warnings, imported.interface.exists],
      [3, [], false],
    );
    const i = imported.interface;
    assert.deepEqual(
      [i.name, i.listenPort, i.ipv4Address, i.publicEndpoint],
      [a, 51851, '10.93.0.1/24', 'vpn.example.org:51851'],
    );
    const peers = await call<PeerView[]>('peers.list', { interfaceId: i.id });
    assert.deepEqual(
      peers.map((p) => ({
        name: p.name,
        publicKey: p.publicKey,
        allowedIps: [...p.addresses, ...p.extraNetworks].sort(),
        hasPresharedKey: p.hasPresharedKey,
        endpoint: p.endpoint,
        keepalive: p.keepalive,
      })),
      parsed.peers.map((p, n) => ({
        name: p.name ?? `peer ${n + 1}`,
        publicKey: p.publicKey,
        allowedIps: [...p.allowedIps].sort(),
        hasPresharedKey: p.presharedKey !== undefined,
        endpoint: p.endpoint ?? null,
        keepalive: p.persistentKeepalive ?? 0,
      })),
    );
    const [entry] = await call<{ action: string; details: Record<string, unknown> }[]>(
      'audit.list',
      { targetType: 'interface', targetId: String(i.id), limit: 1 },
    );
    assert.deepEqual(
      [entry?.action, entry?.details['name'], entry?.details['peers']],
      ['interface.importSystemConf', a, 3],
    );
    const listed = await call<{ name: string; managed: boolean }[]>(
      'interfaces.listSystemConfs',
      {},
    );
    assert.deepEqual(
      listed.map((c) => [c.name, c.managed]),
      [
        [a, true],
        [b, false],
      ],
    );
    assert.match(
      await refusal('interfaces.importSystemConf', { name: a }),
      /^Conflict: /,
      'a second import of the same name',
    );
  });

  test('what was skipped cannot be imported, and nothing is stored for it', async () => {
    for (const name of [link, big, fifo, rig.name('no')]) {
      assert.match(
        await refusal('interfaces.importSystemConf', { name }),
        new RegExp(`^NotFound: there is no readable ${name}\\.conf`),
      );
    }
    for (const params of [
      { name: 'bad name' },
      { name: '../etc/passwd' },
      { name: a, path: '/x' },
    ]) {
      assert.match(await refusal('interfaces.importSystemConf', params), /^InvalidInput: /);
    }
    const names = (await call<InterfaceView[]>('interfaces.list', {})).map((x) => x.name);
    assert.deepEqual(names, [a]);
  });

  test('a running interface is adopted only as it runs; the kernel is never touched', async () => {
    await rig.exec(ns, 'wg-quick', ['up', join(confDir, `${b}.conf`)]);
    const name = unwrap(parseInterfaceName(b));
    const shape = async (): Promise<unknown> => {
      const seen = await helper.readInterface(name);
      const peers = seen.peers.map((p) => [
        p.publicKey,
        [...p.allowedIps].sort(),
        p.hasPresharedKey,
      ]);
      return [seen.publicKey, seen.listenPort, peers.sort()];
    };
    const extra = (await generateKeyPair()).publicKey;
    await rig.exec(ns, 'wg', ['set', b, 'peer', extra, 'allowed-ips', '10.94.0.9/32']);
    const withExtra = await shape();
    const listed = await call<{ name: string; running: boolean }[]>(
      'interfaces.listSystemConfs',
      {},
    );
    assert.equal(listed.find((c) => c.name === b)?.running, true);

    // The file lacks a running peer: importing it would let wgdesk remove that peer later.
    const conflict = await refusal('interfaces.importSystemConf', { name: b });
    assert.match(
      conflict,
      new RegExp(`^Conflict: ${b} is running, and this file has 1 running peer\\(s\\) missing`),
    );
    assert.ok(!conflict.includes(extra), 'the message names no key');
    assert.match(
      await refusal('interfaces.importConf', { name: b, text: fileB }),
      /^Conflict: /,
      'the same rule for a picked file: it is the same code path',
    );
    assert.deepEqual(await shape(), withExtra, 'the kernel is as it was');
    assert.deepEqual(
      (await call<InterfaceView[]>('interfaces.list', {})).map((x) => x.name),
      [a],
      'nothing was stored',
    );

    // Without the extra peer, and with one peer of the file not (yet) running:
    // applying the file later only adds that one, so it is adopted as it runs.
    await rig.exec(ns, 'wg', ['set', b, 'peer', extra, 'remove']);
    await rig.exec(ns, 'wg', ['set', b, 'peer', pub(4), 'remove']);
    const before = await shape();
    const from = stderr.length;
    const adopted = await call<{
      interface: InterfaceView;
      peers: number;
      warnings: { line: number; message: string; problem?: Problem }[];
    }>('interfaces.importSystemConf', { name: b });
    assert.deepEqual(
      [adopted.peers, adopted.interface.exists, adopted.interface.enabled],
      [2, true, true],
    );
    assert.deepEqual(adopted.warnings, [
      {
        line: 0,
        message: `1 peer(s) of the file are not running; wgdesk adds them when it next applies ${b}`,
        problem: problem('import_not_running', { count: 1, name: b }),
      },
    ]);
    const commands = stderr.slice(from).filter((l) => l.startsWith('[#]'));
    const reads = /^\[#\] (ip -j address show|wg show \S+ dump|read \S+\/\*\.conf)$/;
    assert.deepEqual(
      commands.filter((l) => !reads.test(l)),
      [],
      'only reads ran',
    );
    assert.deepEqual(await shape(), before, 'the kernel is as it was');
    const id = adopted.interface.id;
    const peers = await call<PeerView[]>('peers.list', { interfaceId: id });
    assert.deepEqual(
      peers.map((p) => [p.publicKey, p.applied]),
      [
        [pub(3), true],
        [pub(4), false],
      ],
      'the rows say which peers the kernel holds',
    );
    const drift = await call<DriftReport>('drift.get', { interfaceId: id });
    assert.deepEqual(
      [drift.interfaceDifferent, drift.unknownInKernel, drift.different],
      [[], [], []],
    );
    assert.deepEqual(
      drift.missingFromKernel.map((m) => m.publicKey),
      [pub(4)],
    );
  });

  test('no key reaches the helper log, the audit log, the error log or a result', async () => {
    const audit = JSON.stringify(await call('audit.list', { limit: 1000 }));
    const list = JSON.stringify(await call('interfaces.listSystemConfs', {}));
    const log = stderr.join('\n');
    for (const [where, text] of [
      ['helper log', log],
      ['audit log', audit],
      ['error log', errors.join('\n')],
      ['list', list],
    ] as const) {
      for (const s of secrets) assert.ok(!text.includes(s), `${where} holds a secret`);
      assert.ok(!text.includes('[Interface]'), `${where} holds file text`);
    }
    assert.ok(log.includes(`[#] read ${confDir}/*.conf`), 'the read is in the command log');
    for (const file of [`${link}.conf`, 'bad name.conf', `${big}.conf`, `${fifo}.conf`]) {
      assert.ok(log.includes(`[!] skipped "${confDir}/${file}"`), `${file} skipped, and said so`);
    }
  });

  test('a helper given a bad --conf-dir does not start', async () => {
    for (const dir of ['wireguard', `${confDir}/../wireguard`]) {
      await assert.rejects(HelperHost.start({ argv: helperArgv(ns, dir) }), {
        kind: 'HelperUnavailable',
        message: /--conf-dir: .* is not an absolute, normalised path/,
      });
    }
  });
});
