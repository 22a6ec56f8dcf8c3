/**
 * The 1 s stats stream of a 10,000-peer box, every peer changing, as a
 * desktop gets it through SSH (system ssh → sshd in a namespace → `wgdesk
 * bridge` as the box's admin user → the service's socket) beside a local
 * client of the same socket: bytes a second on the wire (the veth's own
 * counter: SSH framing and encryption included) and the p95 delay from the
 * push to the client's parsed event.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnprivilegedHost } from '../main/host/unprivileged';
import { KnownHosts, scan } from '../main/remote/host-keys';
import { openLink } from '../main/remote/link';
import { openRuntime } from '../main/runtime';
import { grantAccess } from '../main/service/admins';
import { ServiceClient } from '../main/service/client';
import { listenLocal } from '../main/service/local-api';
import { createBox } from '../test/integration/remote/box';
import { Rig } from '../test/integration/rig';
import { stat, type Row } from './measure';
import { allChangingBytes, allChangingPushes, PEERS, seed } from './service.bench';

const SECONDS = 10;

export async function remoteBench(log: (line: string) => void): Promise<Row[]> {
  const rig = new Rig();
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const box = await createBox(rig, 'bb');
    closers.push(() => box.cleanup());
    const runtime = await openRuntime({
      dataDir: join(rig.dir, 'bench-data'),
      host: new UnprivilegedHost({}, 'bench'),
      engine: 'service',
    });
    closers.unshift(() => runtime.close());
    const { big } = await seed(runtime);
    const socket = join(box.sshDir, '..', 'bench.sock');
    const api = await listenLocal({
      path: socket,
      router: runtime.router,
      events: runtime.events,
      log: () => undefined,
      version: 'bench',
      secure: async (p) => void (await grantAccess(p, [box.user], () => undefined)),
    });
    closers.unshift(() => api.close());
    const local = await ServiceClient.connect({ path: socket, client: 'bench-local' });
    closers.unshift(() => local.close());
    const known = new KnownHosts(join(rig.dir, 'known_hosts'));
    const pinned = await scan(box.address);
    known.pin(box.address, pinned);
    const command = box.bridgeCommand.map((w) => (w === box.paths.socket ? socket : w));
    const link = await openLink(
      { address: box.address, knownHostsFile: known.path, pinned, remoteCommand: command },
      async () => box.password,
    );
    closers.unshift(() => link.close());

    const delays = { local: [] as number[], ssh: [] as number[] };
    local.onEvent((_, p) => delays.local.push(Date.now() - (p as { at: number }).at));
    link.client.onEvent((_, p) => delays.ssh.push(Date.now() - (p as { at: number }).at));
    const wire = `/sys/class/net/${box.link}/statistics/rx_bytes`;
    const rx0 = Number(readFileSync(wire, 'utf8'));
    const next = allChangingPushes(big);
    for (let i = 0; i < SECONDS; i++) {
      runtime.events.emit('peers.stats', { ...next(i * 1000), at: Date.now() });
      await new Promise((r) => setTimeout(r, 1000));
    }
    // The last push may still be on its way: wait for it (the delay is what is measured).
    const deadline = Date.now() + 30_000;
    while (delays.ssh.length < SECONDS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const sshBytes = (Number(readFileSync(wire, 'utf8')) - rx0) / SECONDS;
    const line = allChangingBytes();
    log(
      `${delays.ssh.length}/${SECONDS} pushes through SSH; ${(sshBytes / 1024).toFixed(0)} KB/s on the wire, ` +
        `${(line / 1024).toFixed(0)} KB a push through the socket`,
    );
    const p95 = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? Infinity;
    return [
      {
        what: `1 s stats stream of a ${PEERS}-peer box, all changing: p95 delay push → client`,
        ours: stat('through SSH', [p95(delays.ssh)]),
        raw: stat('local socket', [p95(delays.local)]),
        goal: '< 1 s',
        met: p95(delays.ssh) < 1000,
      },
      {
        what: 'bytes a second on the wire for that stream through SSH',
        ours: stat('SSH (veth counter)', [sshBytes / 1024], 'KB'),
        raw: stat('socket (one line)', [line / 1024], 'KB'),
        goal: 'report',
        met: null,
      },
    ];
  } finally {
    for (const c of closers) await c().catch(() => undefined);
    await rig.cleanup();
  }
}
