/**
 * A box reached over SSH, with real parts: Debian's sshd in a network
 * namespace (forwarding disabled), the box's wgdesk service as its unit runs
 * it, a local user on the box's admin list, and the desktop's own link code
 * (system ssh, wgdesk's pinned known_hosts, askpass) in the test's namespace.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { ConfigFile, InterfaceView, PeerStats, PeerView } from '../../../shared/contract';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import { AppError } from '../../../shared/errors';
import { CONTRACT_VERSION } from '../../../shared/wire';
import type { Ask } from '../../../main/remote/askpass';
import { BoxConnection, type BoxStatus } from '../../../main/remote/box';
import {
  fingerprint,
  HostKeyChanged,
  KnownHosts,
  scan,
  type HostKey,
} from '../../../main/remote/host-keys';
import { openLink, type BoxLink } from '../../../main/remote/link';
import { spawnSsh, type SshLinkOptions } from '../../../main/remote/ssh';
import { BoxRegistry } from '../../../main/remote/registry';
import { boxEngineLink } from '../../../main/remote/engine-link';
import { callBoxMethod } from '../../../main/remote/handlers';
import { formatBoxAddress } from '../../../shared/validate/box-address';
import { ServiceClient } from '../../../main/service/client';
import { sh, useRig, waitFor } from '../rig';
import { call, connect } from '../service/process';
import { ping } from '../services/setup';
import { boxClient, createBox, type Box } from './box';

const rig = useRig();
let box: Box;
let pinned: HostKey;
let known: KnownHosts;
const links: BoxLink[] = [];
const agents: ChildProcess[] = [];

before(async () => {
  box = await createBox(rig);
  known = new KnownHosts(join(rig.dir, 'known_hosts'));
});
after(async () => {
  for (const l of links) await l.close();
  for (const a of agents) a.kill();
  await box.cleanup();
});

/** Answers ssh's prompts as the window would; `null` cancels. */
function answers(a: { password?: string; passphrase?: string }): Ask {
  return async (p) =>
    (p.kind === 'password' ? a.password : p.kind === 'passphrase' ? a.passphrase : undefined) ??
    null;
}

function options(extra: Partial<SshLinkOptions> = {}): SshLinkOptions {
  return {
    // Short: attempts while the link is down fail fast, and the test waits less.
    connectTimeoutS: 3,
    address: box.address,
    knownHostsFile: known.path,
    pinned,
    remoteCommand: box.bridgeCommand,
    ...extra,
  };
}

async function open(ask: Ask, extra: Partial<SshLinkOptions> = {}): Promise<BoxLink> {
  const link = await openLink(options(extra), ask);
  links.push(link);
  return link;
}

/** The desktop's watch of the box, as the window keeps it (a sped-up backoff). */
function watch(statuses: BoxStatus[] = []): BoxConnection {
  const conn = new BoxConnection({
    link: options(),
    ask: answers({ password: box.password }),
    onStatus: (s) => statuses.push(s),
    onMirror: () => undefined,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 300))),
  });
  conn.start();
  return conn;
}

/** A call through the desktop's connection that must succeed; its value. */
async function ask<T>(conn: BoxConnection, method: string, params: unknown): Promise<T> {
  const r = await conn.call(method, params);
  if (!r.ok) throw new AppError(r.error.kind, `${method}: ${r.error.message}`);
  return r.value as T;
}

async function refusal(ask: Ask, extra: Partial<SshLinkOptions> = {}): Promise<AppError> {
  try {
    const link = await open(ask, extra);
    await link.close();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the link opened');
}

async function kernelPeers(ifname: string): Promise<string[]> {
  const dump = await rig.exec(box.ns, 'wg', ['show', ifname, 'dump']);
  return dump
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0] ?? '');
}

test('a new box: its fingerprint is what ssh-keygen -lf prints, and it is pinned on trust', async () => {
  const key = await scan(box.address);
  const lf = await sh('ssh-keygen', ['-lf', join(box.sshDir, 'host_ed25519.pub')]);
  assert.equal(fingerprint(key), lf.split(' ')[1]);
  known.pin(box.address, key);
  pinned = key;
  assert.deepEqual(known.pinned(box.address), key);
});

let ifname = '';
let serverId = 0;
/** The first peer, and the namespace where a real client runs its config. */
let laptop: PeerView;
let laptopNs = '';

test('through the bridge with a password: a server and a peer in the box kernel, no key on the wire', async () => {
  const link = await open(answers({ password: box.password }));
  let wire = '';
  link.ssh.stream.on('data', (d: Buffer) => (wire += d.toString('utf8')));
  assert.deepEqual(
    link.ssh.askpass.asked.map((p) => p.kind),
    ['password'],
  );
  ifname = rig.name('r0');
  const server = await call<InterfaceView>(link.client, 'interfaces.create', {
    name: ifname,
    listenPort: 51990,
    ipv4Address: '10.150.0.1/24',
    publicEndpoint: '192.0.2.1:51990',
  });
  serverId = server.id;
  const { peer } = await call<{ peer: PeerView }>(link.client, 'peers.create', {
    interfaceId: server.id,
    name: 'remote laptop',
  });
  assert.ok((await kernelPeers(ifname)).includes(peer.publicKey));
  await link.close();
  // The keys exist on the box only: read there, then looked for in what crossed the link.
  const serverKey = (await rig.exec(box.ns, 'wg', ['show', ifname, 'private-key'])).trim();
  const local = await connect(box.paths);
  const conf = await call<ConfigFile>(local, 'peers.config', { id: peer.id });
  await local.close();
  const peerKey = /PrivateKey = (\S+)/.exec(conf.text)?.[1] ?? '';
  assert.ok(serverKey.length === 44 && peerKey.length === 44);
  assert.ok(wire.includes(peer.publicKey), 'the recording saw the conversation');
  assert.ok(!wire.includes(serverKey) && !wire.includes(peerKey));
  // A real client of the box's server, on a LAN of the box's own.
  laptop = peer;
  laptopNs = await boxClient(rig, box, conf.text);
});

test('the link dropped: disconnected within about 15 s; restored: the box state, nothing missing or doubled', async () => {
  const statuses: BoxStatus[] = [];
  const conn = watch(statuses);
  try {
    await waitFor(() => conn.status.status === 'connected', 30_000, 'connected');
    assert.equal(conn.mirror.state.peers.size, 1);
    // The client's traffic reaches the desktop live, as pushed numbers.
    const before = conn.mirror.state.stats.get(laptop.id)?.rxTotal ?? 0;
    await ping(rig, laptopNs, '10.150.0.1', 3);
    await waitFor(
      () => {
        const s = conn.mirror.state.stats.get(laptop.id);
        return s?.status === 'online' && s.rxTotal > before;
      },
      15_000,
      'the client online with its bytes, in the mirror',
    );
    // A timed disconnect asked from the desktop, which then loses the box: the box brings it back.
    const asked = await conn.call('peers.disconnect', { ids: [laptop.id], forSeconds: 3 });
    assert.ok(asked.ok);
    await sh('ip', ['link', 'set', box.link, 'down']);
    const cut = Date.now();
    assert.ok(!(await kernelPeers(ifname)).includes(laptop.publicKey));
    await waitFor(
      async () => (await kernelPeers(ifname)).includes(laptop.publicKey),
      8_000,
      'the timed reconnect on the box, with the desktop away',
    );
    await waitFor(() => conn.status.status === 'disconnected', 20_000, 'disconnected');
    const noticed = Date.now() - cut;
    assert.ok(noticed <= 17_000, `noticed after ${noticed} ms`);
    // The box goes on by itself meanwhile: a peer added there, another deleted and re-added.
    const local = await connect(box.paths);
    await call(local, 'peers.create', { interfaceId: serverId, name: 'added while away' });
    await call(local, 'peers.create', { interfaceId: serverId, name: 'second while away' });
    await sh('ip', ['link', 'set', box.link, 'up']);
    const truth = await call<PeerView[]>(local, 'peers.list', { interfaceId: serverId });
    await local.close();
    await waitFor(
      () => conn.status.status === 'connected' && conn.mirror.state.peers.size === truth.length,
      60_000,
      'reconnected with the box state',
    );
    assert.deepEqual([...conn.mirror.state.peers.keys()].sort(), truth.map((p) => p.id).sort());
    assert.equal(truth.length, 3);
    assert.equal(conn.mirror.state.interfaces.size, 1);
    assert.ok(
      statuses.some((s) => s.status === 'disconnected' && s.error.kind === 'HostUnreachable'),
    );
  } finally {
    await conn.stop();
  }
});

test('the desktop away: a device-limit cut on the box happens on time, and the desktop then shows it', async (t) => {
  const conn = watch();
  const local = await connect(box.paths);
  try {
    await waitFor(() => conn.status.status === 'connected', 30_000, 'connected');
    // Set up from the desktop: one device slot for a user who owns the laptop and a phone.
    const user = await ask<{ id: number }>(conn, 'users.create', { name: 'alice', maxDevices: 1 });
    await ask(conn, 'peers.update', { id: laptop.id, userId: user.id });
    const { peer: phone } = await ask<{ peer: PeerView }>(conn, 'peers.create', {
      interfaceId: serverId,
      name: 'remote phone',
      userId: user.id,
    });
    // The laptop holds the slot, with the older session. Its client may still send with keys
    // the box forgot at the timed disconnect above: like any WireGuard client, it handshakes
    // again once its packets go unanswered for 15 s.
    const asked = Date.now();
    await waitFor(
      async () =>
        (await ping(rig, laptopNs, '10.150.0.1', 2).then(
          () => true,
          () => false,
        )) && conn.mirror.state.stats.get(laptop.id)?.status === 'online',
      25_000,
      'the laptop online',
    );
    t.diagnostic(`the laptop online ${Date.now() - asked} ms after its first ping`);
    const conf = await call<ConfigFile>(local, 'peers.config', { id: phone.id });
    await sh('ip', ['link', 'set', box.link, 'down']);
    const away = Date.now();
    const phoneNs = await boxClient(rig, box, conf.text);
    const started = Date.now();
    await ping(rig, phoneNs, '10.150.0.1', 3);
    // The service polls every 0.25 s (spawnService's --poll-interval): the phone's first
    // handshake shows in the next dump, which starts its session, and that same poll's
    // enforce() cuts the older session in one kernel step. That is under a second on an
    // idle machine; 5 s leaves room for a loaded one and is still far below anything the
    // desktop could drive (it is away, and would notice the drop only after ~15 s).
    await waitFor(
      async () => !(await kernelPeers(ifname)).includes(laptop.publicKey),
      5_000,
      'the laptop cut for the device limit, with the desktop away',
    );
    const took = Date.now() - started;
    assert.ok(took <= 5_000, `cut ${took} ms after the phone's first ping`);
    assert.ok((await kernelPeers(ifname)).includes(phone.publicKey), 'the phone keeps its slot');
    const log = await call<ConnectionEntryView[]>(local, 'connections.list', {
      peerId: laptop.id,
      event: 'limit_disconnect',
    });
    assert.equal(log.length, 1);
    const at = log[0]?.at ?? 0;
    assert.ok(at >= away && at <= Date.now(), `cut at ${at}, the link dropped at ${away}`);
    assert.equal(log[0]?.reason?.code, 'over_limit');
    t.diagnostic(`device-limit cut ${took} ms after the phone's first ping`);

    // Back: the desktop's mirror has the cut laptop as the box has it.
    await sh('ip', ['link', 'set', box.link, 'up']);
    const onBox = async (): Promise<[PeerView | undefined, PeerStats | undefined]> => [
      (await call<PeerView[]>(local, 'peers.list', { interfaceId: serverId })).find(
        (p) => p.id === laptop.id,
      ),
      (
        await call<{ peers: PeerStats[] }>(local, 'peers.stats', { interfaceId: serverId })
      ).peers.find((p) => p.id === laptop.id),
    ];
    const mirrored = (): [PeerView | undefined, PeerStats | undefined] => [
      conn.mirror.state.peers.get(laptop.id),
      conn.mirror.state.stats.get(laptop.id),
    ];
    await waitFor(
      async () =>
        conn.status.status === 'connected' && isDeepStrictEqual(mirrored(), await onBox()),
      30_000,
      "the laptop's state in the mirror",
    ).catch(() => undefined); // the comparison below says what differs
    const truth = await onBox();
    assert.deepEqual(mirrored(), truth);
    assert.equal(truth[1]?.status, 'disconnected');
    assert.equal(truth[1]?.outReason, 'device_limit');
  } finally {
    await sh('ip', ['link', 'set', box.link, 'up']);
    await local.close();
    await conn.stop();
  }
});

test('the box refuses in words: not an admin, service stopped, not installed, another version', async () => {
  const ask = answers({ password: box.password });
  writeFileSync(box.paths.admins, '', { mode: 0o644 });
  box.service.child.kill('SIGHUP');
  // The service applies the list to its socket's ACL (see main/service/admins.ts).
  await waitFor(
    async () => !(await sh('getfacl', ['-cp', box.paths.socket])).includes(`user:${box.user}:`),
    10_000,
    'the admins list applied',
  );
  const notAdmin = await refusal(ask);
  assert.match(notAdmin.message, new RegExp(`${box.user} is not a wgdesk admin on this box`));
  assert.equal(notAdmin.kind, 'PermissionDenied');
  writeFileSync(box.paths.admins, `${box.user}\n`, { mode: 0o644 });
  box.service.child.kill('SIGHUP');

  await box.service.stop();
  assert.match((await refusal(ask)).message, /the wgdesk service is not running on this box/);
  const conf = readFileSync(box.paths.config, 'utf8');
  rmSync(box.paths.config);
  assert.match((await refusal(ask)).message, /the wgdesk service is not installed on this box/);
  writeFileSync(box.paths.config, conf, { mode: 0o644 });
  await box.restartService();

  // A desktop of another contract version: the bridge lets it in, the box's service says no.
  const ssh = await spawnSsh(options(), ask);
  const first = await new Promise<string>((resolve) =>
    ssh.stream.once('data', (d: Buffer) => resolve(d.toString())),
  );
  assert.match(first, /"type":"bridge"/);
  await assert.rejects(
    ServiceClient.over(ssh.stream, {
      path: 'box',
      client: 'old-desktop',
      contract: CONTRACT_VERSION + 1,
    }),
    (err: AppError) =>
      err.kind === 'Incompatible' &&
      /upgrade wgdesk so both sides are the same version/.test(err.message),
  );
  ssh.child.kill();
  await ssh.exited;
});

test('keys: a restrict,command= key, the agent, an encrypted key, a wrong passphrase', async () => {
  const plain = join(rig.dir, 'id_plain');
  const locked = join(rig.dir, 'id_locked');
  await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', plain]);
  await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-f', locked]);
  const forced = `restrict,command="${box.bridgeCommand.join(' ')}"`;
  writeFileSync(
    join(box.sshDir, 'authorized_keys'),
    [plain, locked].map((k) => `${forced} ${readFileSync(`${k}.pub`, 'utf8').trim()}\n`).join(''),
  );
  const never: Ask = async (p) => {
    throw new Error(`nothing should be asked (${p.text})`);
  };
  // The key's forced command runs the bridge, whatever the desktop asks to run.
  let link = await open(never, { identityFile: plain, remoteCommand: ['true'] });
  assert.deepEqual(
    await call(link.client, 'interfaces.list', {}).then((l) => (l as unknown[]).length),
    1,
  );
  await link.close();

  const agentSocket = join(rig.dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  agents.push(agent);
  await waitFor(async () => (await sh('ls', [rig.dir])).includes('agent.sock'), 5_000, 'the agent');
  await new Promise<void>((resolve, reject) => {
    const add = spawn('ssh-add', [plain], {
      env: { ...process.env, SSH_AUTH_SOCK: agentSocket },
      stdio: 'ignore',
    });
    add.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh-add: ${code}`))));
  });
  link = await open(never, { agentSocket, remoteCommand: ['true'] });
  assert.equal(link.ssh.askpass.asked.length, 0);
  await link.close();

  link = await open(answers({ passphrase: 'correct horse' }), {
    identityFile: locked,
    remoteCommand: ['true'],
  });
  assert.deepEqual(
    link.ssh.askpass.asked.map((p) => p.kind),
    ['passphrase'],
  );
  await link.close();
  const wrong = await refusal(answers({ passphrase: 'wrong horse' }), {
    identityFile: locked,
    remoteCommand: ['true'],
  });
  assert.equal(wrong.kind, 'PermissionDenied');
  assert.match(wrong.message, /passphrase was wrong/);
});

test('the desktop list: add shows the fingerprint, trust pins what was shown, a restart reconnects, remove forgets', async () => {
  const dir = join(rig.dir, 'desk');
  const make = (): BoxRegistry =>
    new BoxRegistry({
      dir,
      ask: answers({ password: box.password }),
      changed: () => undefined,
      remoteCommand: box.bridgeCommand,
    });
  let reg = make();
  try {
    // Through the declared methods, as the window will call them.
    const bad = await callBoxMethod(reg, 'boxes.add', { address: '-oProxyCommand=x@box' });
    assert.ok(!bad.ok && bad.error.kind === 'InvalidInput' && bad.error.field === 'address');
    const r = await callBoxMethod(reg, 'boxes.add', { address: formatBoxAddress(box.address) });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const added = r.value;
    assert.equal(added.status, 'untrusted');
    assert.equal(added.hostKey.trusted, false);
    assert.equal(added.hostKey.fingerprint, fingerprint(pinned));
    await assert.rejects(
      reg.trustHostKey(added.id, 'SHA256:not-what-was-shown'),
      /not the SHA256:not-what-was-shown/,
    );
    assert.equal(reg.list()[0]?.status, 'untrusted');
    await reg.trustHostKey(added.id, added.hostKey.fingerprint);
    await waitFor(() => reg.list()[0]?.status === 'connected', 30_000, 'connected');
    const engine = boxEngineLink(reg.connection(added.id));
    const listed = await engine.call('interfaces.list', {});
    assert.ok(listed.ok && (listed.value as unknown[]).length === 1);
    await reg.close();
    // The desktop restarts: the trusted box comes back by itself, nothing asked about its key.
    reg = make();
    await waitFor(() => reg.list()[0]?.status === 'connected', 30_000, 'connected again');
    assert.ok((await callBoxMethod(reg, 'boxes.remove', { id: added.id })).ok);
    const left = await callBoxMethod(reg, 'boxes.list', {});
    assert.ok(left.ok && left.value.length === 0);
    assert.equal(new KnownHosts(join(dir, 'known_hosts')).pinned(box.address), undefined);
  } finally {
    await reg.close();
  }
});

test('a rotated host key is refused with both fingerprints, and the pin stays', async () => {
  const hostKey = join(box.sshDir, 'host_ed25519');
  renameSync(hostKey, `${hostKey}.old`);
  renameSync(`${hostKey}.pub`, `${hostKey}.old.pub`);
  await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await box.restartSshd();
  const now = (await sh('ssh-keygen', ['-lf', `${hostKey}.pub`])).split(' ')[1] ?? '';
  const e = await refusal(answers({ password: box.password }));
  assert.equal(e.kind, 'Conflict');
  // Both keys travel with the refusal: the window's dialog shows them without parsing words.
  assert.ok(e instanceof HostKeyChanged);
  assert.deepEqual([fingerprint(e.pinned), fingerprint(e.offered)], [fingerprint(pinned), now]);
  assert.ok(e.message.includes(fingerprint(pinned)), e.message);
  assert.ok(e.message.includes(now), e.message);
  assert.throws(() => known.pin(box.address, { type: 'ssh-ed25519', blob: '' }), /changed/);
  assert.deepEqual(known.pinned(box.address), pinned);
});
