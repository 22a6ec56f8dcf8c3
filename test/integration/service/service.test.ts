/**
 * The engine as a system service, started as the unit's ExecStart runs it:
 * it keeps its duties with no client attached (a device-limit cut, a timed
 * reconnect), serves the desktop bridge's client and the CLI at once, brings
 * back after a "reboot" every server the admin left up (real wg-quick clients
 * handshake again, a cut peer stays out, a server left down stays down), and
 * lets in exactly root and the listed admins.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONTRACT_VERSION } from '../../../shared/wire';
import type { ConfigFile, PeerStats, PeerView } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { ServiceClient } from '../../../main/service/client';
import { sh, useRig, waitFor } from '../rig';
import { Lan } from '../services/net';
import { clientUp } from '../services/setup';
import { pingForever } from '../monitor/net';
import { ApiClient, connect as connectWs } from '../serve-client';
import { call, connect, ready, servicePaths, spawnService, type ServiceProcess } from './process';

const rig = useRig();
const CLI = fileURLToPath(new URL('../../../main/cli.ts', import.meta.url));
// Other users must be able to reach the socket's directory: not under the rig's 0700 directory.
const runDir = `/run/${rig.prefix}-wgdesk`;
const paths = { ...servicePaths(rig), socket: `${runDir}/wgdesk.sock` };
const testUser = `${rig.prefix}u`;
const running: ServiceProcess[] = [];
const BROWSER_PORT = 17_000 + Math.floor(Math.random() * 2000);

after(async () => {
  for (const s of running) await s.stop('SIGKILL');
  rmSync(runDir, { recursive: true, force: true });
  spawnSync('userdel', [testUser]);
});

function start(): ServiceProcess {
  const s = spawnService(paths, ns);
  running.push(s);
  return s;
}

/** `wgdesk api …` as an admin runs it: it finds the service through its socket. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, WGDESK_SOCKET: paths.socket },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The public keys in the kernel of one interface of the test's namespace. */
async function kernelKeys(name: string): Promise<Set<string>> {
  const dump = await rig.exec(ns, 'wg', ['show', name, 'dump']).catch(() => '');
  return new Set(
    dump
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[0] ?? ''),
  );
}

/** A raw connect + hello as another local user: what the kernel lets through, and what comes back. */
function connectAs(user: string): string {
  const script =
    `const c=require('net').connect(${JSON.stringify(paths.socket)});` +
    `c.on('connect',()=>c.write(JSON.stringify({type:'hello',contract:${CONTRACT_VERSION},client:'probe'})+'\\n'));` +
    `c.on('data',d=>{process.stdout.write(String(d).split('\\n')[0]);process.exit(0)});` +
    `c.on('error',e=>{process.stdout.write(e.code);process.exit(0)});`;
  const r = spawnSync('setpriv', [
    `--reuid=${user}`,
    `--regid=${user}`,
    '--clear-groups',
    process.execPath,
    '-e',
    script,
  ]);
  return r.stdout.toString();
}

let ns = '';
/** The browser's address with its token, from `wgdesk service url`: it must outlive a restart. */
let browserUrl: URL | null = null;
let lan: Lan;

test('the service keeps watch, comes back after a reboot, and lets in only its admins', async (t) => {
  lan = await Lan.create(rig, 'v');
  ns = lan.server;
  mkdirSync(`${rig.dir}/svc/etc`, { recursive: true });
  writeFileSync(paths.config, `scripts = off\nbrowser = on\nbrowser-port = ${BROWSER_PORT}\n`, {
    mode: 0o644,
  });
  let service = start();
  await ready(service, paths);
  const up = rig.name('v0');
  const down = rig.name('v1');
  let client = await connect(paths);

  const alice = await call<{ id: number }>(client, 'users.create', {
    name: 'alice',
    maxDevices: 1,
    limitCooldownS: 600,
  });
  const server = await call<{ id: number }>(client, 'interfaces.create', {
    name: up,
    up: true,
    listenPort: 51900,
    ipv4Address: '10.130.0.1/24',
    publicEndpoint: '192.0.2.1:51900',
  });
  await call(client, 'interfaces.create', {
    name: down,
    up: false,
    listenPort: 51901,
    ipv4Address: '10.131.0.1/24',
  });
  const peer = async (name: string, userId: number | null): Promise<PeerView> =>
    (
      await call<{ peer: PeerView }>(client, 'peers.create', {
        interfaceId: server.id,
        name,
        userId,
        tunnelMode: 'hub',
        keepalive: 1,
      })
    ).peer;
  const a = await peer('alice laptop', alice.id);
  const b = await peer('alice phone', alice.id);
  const timed = await peer('kiosk', null);
  const configs = new Map<number, string>();
  for (const p of [a, b, timed]) {
    configs.set(p.id, (await call<ConfigFile>(client, 'peers.config', { id: p.id })).text);
  }
  const clients = new Map<number, string>();
  const bring = async (p: PeerView, suffix: string): Promise<void> => {
    const at = await lan.client(suffix);
    clients.set(p.id, at);
    await clientUp(rig, at, rig.name(`k${suffix}`), configs.get(p.id) ?? '');
  };
  const online = async (p: PeerView): Promise<boolean> => {
    const r = await call<{ peers: PeerStats[] }>(client, 'peers.stats', {
      interfaceId: server.id,
    });
    return r.peers.find((s) => s.id === p.id)?.status === 'online';
  };
  await bring(a, 'va');
  await bring(timed, 'vt');
  await waitFor(async () => (await online(a)) && (await online(timed)), 20_000, 'a, t online');

  await t.test('with no client attached, a limit cut and a timed reconnect happen', async () => {
    // The CLI is a client for the moment of its call, then nobody is attached.
    const r = cli('api', 'peers.disconnect', JSON.stringify({ ids: [timed.id], forSeconds: 2 }));
    assert.equal(r.code, 0, r.err);
    await client.close();
    await bring(b, 'vb');
    // The newer device came online: the older one is cut; the kiosk comes back by itself.
    await waitFor(
      async () => {
        const keys = await kernelKeys(up);
        return !keys.has(a.publicKey) && keys.has(b.publicKey) && keys.has(timed.publicKey);
      },
      30_000,
      'the cut and the timed return, in the kernel',
    );
    client = await connect(paths);
    const log = await call<{ peerId: number; event: string }[]>(client, 'connections.list', {
      limit: 100,
    });
    assert.ok(log.some((e) => e.peerId === a.id && e.event === 'limit_disconnect'));
    assert.ok(log.some((e) => e.peerId === timed.id && e.event === 'auto_reconnect'));
  });

  await t.test('the CLI goes through the running service', async () => {
    const r = cli('api', 'interfaces.list');
    assert.equal(r.code, 0, r.err);
    const names = (JSON.parse(r.out) as { name: string }[]).map((i) => i.name);
    assert.deepEqual(names.sort(), [up, down].sort());
  });

  await t.test('the browser, the CLI and a window at once', async () => {
    const r = cli('service', 'url', '--socket', paths.socket);
    assert.equal(r.code, 0, r.err);
    const url = new URL(r.out.trim());
    assert.equal(url.host, `127.0.0.1:${BROWSER_PORT}`);
    browserUrl = url;
    const token = url.hash.replace('#token=', '');
    const ws = await connectWs(BROWSER_PORT, { token, origin: url.origin });
    assert.ok(typeof ws !== 'number', `the browser was refused (${String(ws)})`);
    const browser = new ApiClient(ws);
    t.after(() => ws.close());
    const fromBrowser = await browser.call('interfaces.list', {});
    const fromWindow = await call<{ name: string }[]>(client, 'interfaces.list', {});
    const names = (m: typeof fromBrowser): string[] =>
      m.type === 'result' && m.result.ok
        ? (m.result.value as { name: string }[]).map((i) => i.name)
        : [];
    assert.deepEqual(names(fromBrowser).sort(), fromWindow.map((i) => i.name).sort());
    // A change made through the CLI reaches the browser as an event.
    const seen = browser.nextEvent(10_000);
    assert.equal(cli('api', 'users.create', JSON.stringify({ name: 'bob' })).code, 0);
    assert.equal((await seen).type, 'event');
  });

  await t.test(
    'reboot: servers left up come back with their peers, and clients return',
    async () => {
      await client.close();
      await service.stop('SIGKILL');
      // The server's tunnel dies with the machine; the clients are other machines.
      for (const pid of rig.wireguardGoPids(up)) process.kill(pid, 'SIGKILL');
      await waitFor(() => rig.wireguardGoPids(up).length === 0, 10_000, 'wireguard-go to die');
      await rig.exec(ns, 'ip', ['link', 'del', up]).catch(() => undefined);
      assert.equal((await kernelKeys(up)).size, 0, 'the server is gone');
      const restarted = Date.now();
      service = start();
      await ready(service, paths);
      client = await connect(paths);
      const keys = await kernelKeys(up);
      assert.ok(keys.has(b.publicKey) && keys.has(timed.publicKey), 'peers are back');
      assert.equal(keys.has(a.publicKey), false, 'the peer cut for the limit stays out');
      await assert.rejects(
        rig.exec(ns, 'ip', ['link', 'show', down]),
        'a server left down stays down',
      );
      // A client tries a new handshake once its traffic goes unanswered (~15 s), as real ones do.
      const traffic = pingForever(clients.get(b.id) ?? '', '10.130.0.1');
      t.after(() => traffic.stop());
      const handshake = async (): Promise<number> => {
        const dump = await rig.exec(ns, 'wg', ['show', up, 'dump']);
        const row = dump.split('\n').find((l) => l.startsWith(b.publicKey));
        return Number(row?.split('\t')[4] ?? 0) * 1000;
      };
      await waitFor(
        async () => (await handshake()) >= restarted - 1000,
        40_000,
        'a real client to handshake with the restored server',
      );
      // And the service sees it, as its window would.
      await waitFor(
        async () => {
          const r = await call<{ peers: PeerStats[] }>(client, 'peers.stats', {
            interfaceId: server.id,
          });
          return r.peers.find((x) => x.id === b.id)?.status === 'online';
        },
        10_000,
        'the restored peer online in the service',
      );
      // An open tab and a bookmark survive the restart: the same token still gets in.
      assert.ok(browserUrl !== null);
      const again = await connectWs(BROWSER_PORT, {
        token: browserUrl.hash.replace('#token=', ''),
        origin: browserUrl.origin,
      });
      assert.ok(typeof again !== 'number', `the old token was refused (${String(again)})`);
      again.close();
    },
  );

  await t.test('a client of another contract version is told so in words', async () => {
    await assert.rejects(
      ServiceClient.connect({ path: paths.socket, client: 'old-window', contract: 1 }),
      (e: unknown) =>
        e instanceof AppError && e.kind === 'Incompatible' && /upgrade/.test(e.message),
    );
  });

  await t.test(
    'another local user is refused by the kernel; a listed admin gets in at once',
    async () => {
      await sh('useradd', ['-M', '-s', '/usr/sbin/nologin', testUser]);
      assert.equal(connectAs(testUser), 'EACCES');
      const r = cli(
        'service',
        'admins',
        'add',
        testUser,
        '--admins',
        paths.admins,
        '--data-dir',
        paths.dataDir,
      );
      assert.equal(r.code, 0, r.err);
      await waitFor(() => connectAs(testUser).includes('"welcome"'), 5_000, 'the admin to get in');
      cli(
        'service',
        'admins',
        'remove',
        testUser,
        '--admins',
        paths.admins,
        '--data-dir',
        paths.dataDir,
      );
      await waitFor(
        () => connectAs(testUser) === 'EACCES',
        5_000,
        'the removed admin to be refused',
      );
    },
  );

  await t.test('as root it refuses a data directory that another user owns', async () => {
    await client.close();
    await service.stop();
    const other = { ...paths, dataDir: `${rig.dir}/svc/foreign` };
    mkdirSync(other.dataDir, { mode: 0o700 });
    chownSync(other.dataDir, 65534, 65534);
    const refused = spawnService(other, ns);
    running.push(refused);
    const code = await refused.exited;
    assert.notEqual(code, 0);
    assert.match(refused.stderr(), /foreign is owned by uid 65534, not by root/);
  });
});
