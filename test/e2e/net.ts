import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sh, type Rig } from '../integration/rig';

// The clients of the e2e tests: each a namespace of its own, joined to the
// server's namespace by a veth pair, with a tunnel brought up by the real
// wg-quick from a config the page (or the API) handed out. Addresses are
// TEST-NET; only namespaces this run created ever see a packet.

/** The TEST-NET /24s a client link may use; the server's end is .1, the client's .2. */
export type Subnet = '192.0.2' | '198.51.100' | '203.0.113';

/**
 * A veth pair named after the client namespace on both ends ("<ns>a" in the
 * server's namespace, "<ns>b" in the client's), so several clients can join the
 * same server namespace (the rig's link() names the server end after the server).
 */
async function link(rig: Rig, server: string, client: string, subnet: Subnet): Promise<void> {
  const [a, b] = [`${client}a`, `${client}b`];
  await sh('ip', [
    'link',
    'add',
    a,
    'netns',
    server,
    'type',
    'veth',
    'peer',
    'name',
    b,
    'netns',
    client,
  ]);
  await rig.exec(server, 'ip', ['address', 'add', `${subnet}.1/24`, 'dev', a]);
  await rig.exec(client, 'ip', ['address', 'add', `${subnet}.2/24`, 'dev', b]);
  await rig.exec(server, 'ip', ['link', 'set', a, 'up']);
  await rig.exec(client, 'ip', ['link', 'set', b, 'up']);
}

export interface Client {
  readonly ns: string;
  /** wg-quick down: the tunnel and its wireguard-go are gone, the namespace stays. */
  down(): Promise<void>;
}

/**
 * A client namespace that reaches the server's endpoint (192.0.2.1) over its
 * own link, with `conf` brought up by wg-quick. Its interface name carries the
 * rig's prefix, so cleanup finds its wireguard-go and its socket. 192.0.2.1 is
 * the server's end of the 192.0.2 link: bring that client up first; the others
 * route to it through the server's namespace.
 */
export async function clientUp(
  rig: Rig,
  server: string,
  suffix: string,
  subnet: Subnet,
  conf: string,
): Promise<Client> {
  const ns = await rig.namespace(suffix);
  await link(rig, server, ns, subnet);
  if (subnet !== '192.0.2')
    await rig.exec(ns, 'ip', ['route', 'add', '192.0.2.0/24', 'via', `${subnet}.1`]);
  const path = join(rig.dir, `${rig.name(`${suffix}0`)}.conf`);
  writeFileSync(path, conf, { mode: 0o600 });
  await rig.exec(ns, 'wg-quick', ['up', path]);
  return { ns, down: () => rig.exec(ns, 'wg-quick', ['down', path]).then(() => undefined) };
}

/**
 * One long-running ping through the tunnel (every 0.2 s, `size` bytes), so the
 * counters grow; stopped by its pid. Replies may stop (a disconnect): ping
 * keeps trying until stopped.
 */
export function keepPinging(ns: string, target: string, size = 56): () => void {
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, 'ping', '-n', '-q', '-i', '0.2', '-W', '1', '-s', String(size), target],
    { stdio: 'ignore' },
  );
  return () => {
    if (child.exitCode === null && child.pid !== undefined) child.kill('SIGTERM');
  };
}
