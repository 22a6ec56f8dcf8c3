// Speed limits on a WireGuard link (issue 12), root's side. Server → peer is
// shaped where it leaves the link (its root qdisc); peer → server where it
// arrives, which tc can only shape after an ingress qdisc redirects it
// (mirred) to an ifb device wgdesk creates for that link. Root touches only
// the qdiscs of a WireGuard link it was named and the ifb device it made for
// it (named after the link, marked with an alias): never another device's.
// Everything is written in one `tc -batch` run, whatever the number of peers.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { zCidr, zSpeedKbps } from '../../shared/contract/fields';
import { parseInterfaceName, type InterfaceName } from '../../shared/validate';
import { unwrap } from '../../shared/result';
import { SECRET_FILE, type Runner } from './exec';
import { linkKindFrom, requireWireGuard } from './links';
import { MAX_PEERS_PER_INTERFACE } from './setconf';
import { MAX_ALLOWED_IPS } from './protocol/schemas';
import { renderDirection, type ShapedClass } from './shaping-render';

/** One peer's limits and the networks its traffic is matched by (its AllowedIPs). */
export const zShapedPeer = z.strictObject({
  allowedIps: z.array(zCidr).min(1).max(MAX_ALLOWED_IPS).readonly(),
  downKbps: zSpeedKbps.nullable(),
  upKbps: zSpeedKbps.nullable(),
});
export const zShapingPlan = z.array(zShapedPeer).max(MAX_PEERS_PER_INTERFACE).readonly();
export type ShapedPeer = z.output<typeof zShapedPeer>;

const IFNAMSIZ = 15;

/**
 * The ifb device of a link: `ifb-<link>` when that fits in IFNAMSIZ, else
 * `ifb` and a hash of the link's name (a long name must not cut into another's).
 */
export function ifbNameOf(link: InterfaceName): InterfaceName {
  const plain = `ifb-${link}`;
  if (plain.length <= IFNAMSIZ) return plain as InterfaceName;
  const digest = createHash('sha256').update(link).digest('hex');
  return `ifb${digest.slice(0, IFNAMSIZ - 3)}` as InterfaceName;
}

/** The alias that says an ifb device is wgdesk's, for this link. */
const aliasOf = (link: InterfaceName): string => `wgdesk shaping ${link}`;

/** A qdisc as `tc -j qdisc show` lists it. */
export interface Qdisc {
  kind?: string;
  handle?: string;
  root?: boolean;
}

interface LinkJson {
  ifname?: string;
  ifalias?: string;
}

async function qdiscs(runner: Runner, dev: InterfaceName): Promise<Qdisc[]> {
  const { stdout } = await runner.run({ tool: 'tc', args: ['-j', 'qdisc', 'show', 'dev', dev] });
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as Qdisc[]);
}

/** Whether our ifb exists; Conflict when a device of that name is someone else's. */
async function ifbState(runner: Runner, link: InterfaceName, ifb: InterfaceName): Promise<boolean> {
  const { stdout } = await runner.run({ tool: 'ip', args: ['-d', '-j', 'link', 'show'] });
  const kind = linkKindFrom(ifb, stdout);
  if (kind === null) return false;
  const found = (JSON.parse(stdout) as LinkJson[]).find((l) => l.ifname === ifb);
  if (kind !== 'ifb' || found?.ifalias !== aliasOf(link)) {
    throw new AppError(
      'Conflict',
      `a device named ${ifb} exists and is not wgdesk's ifb for ${link}: speed limits need that name`,
      'name',
    );
  }
  return true;
}

/**
 * Makes the link shape exactly these peers' traffic; with none limited in a
 * direction, that direction's qdiscs (and the ifb) are removed, so a link
 * without limits carries nothing of ours.
 */
export async function applyShaping(
  runner: Runner,
  link: InterfaceName,
  peers: readonly ShapedPeer[],
): Promise<void> {
  unwrap(parseInterfaceName(link, 'name'));
  const down = classesOf(peers, 'downKbps');
  const up = classesOf(peers, 'upKbps');
  const ifb = ifbNameOf(link);
  const ifbExists = await ifbState(runner, link, ifb);
  const linkExists = await requireWireGuard(runner, link).then(
    () => true,
    (e: unknown) => {
      // A link that is gone has no qdiscs left; only its ifb may remain.
      if (e instanceof AppError && e.kind === 'NotFound' && peers.length === 0) return false;
      throw e;
    },
  );
  if (!runner.has('tc') && down.length + up.length === 0) {
    if (ifbExists) await runner.run({ tool: 'ip', args: ['link', 'del', 'dev', ifb] });
    return;
  }
  const linkQdiscs = linkExists ? await qdiscs(runner, link) : null;
  const ifbQdiscs = up.length > 0 && ifbExists ? await qdiscs(runner, ifb) : [];
  if (up.length > 0 && !ifbExists) await createIfb(runner, link, ifb);
  const batch = shapingBatch(link, peers, linkQdiscs, ifbQdiscs);
  if (batch.length > 0) {
    // The file goes through the runner's 0600 temporary file, as nft's does:
    // it holds no secret, but 10k peers' lines do not fit in argv.
    await runner.run({
      tool: 'tc',
      args: ['-batch', SECRET_FILE],
      secret: `${batch.join('\n')}\n`,
      // Measured here: 10k peers both ways took 15 s to over 2 minutes on a
      // loaded 2-core machine (tc's netlink round trips wait for a core).
      timeoutMs: 600_000,
    });
  }
  if (up.length === 0 && ifbExists) {
    await runner.run({ tool: 'ip', args: ['link', 'del', 'dev', ifb] });
  }
  runner.note(`[#] tc: ${link} limits ${down.length} peers down, ${up.length} up`);
}

/**
 * The whole `tc -batch` text for `link`, given the qdiscs found on it (null:
 * the link is gone) and on its ifb (which exists when any peer is limited up).
 */
export function shapingBatch(
  link: InterfaceName,
  peers: readonly ShapedPeer[],
  linkQdiscs: readonly Qdisc[] | null,
  ifbQdiscs: readonly Qdisc[],
): string[] {
  const down = classesOf(peers, 'downKbps');
  const up = classesOf(peers, 'upKbps');
  const ifb = ifbNameOf(link);
  const batch: string[] = [];
  if (linkQdiscs !== null) {
    batch.push(...directionLines(link, 'dst', down, linkQdiscs));
    if (linkQdiscs.some((q) => q.kind === 'ingress')) batch.push(`qdisc del dev ${link} ingress`);
    if (up.length > 0) {
      batch.push(
        `qdisc add dev ${link} handle ffff: ingress`,
        `filter add dev ${link} parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ${ifb}`,
      );
    }
  }
  if (up.length > 0) batch.push(...directionLines(ifb, 'src', up, ifbQdiscs));
  return batch;
}

/** A direction's root qdisc made again: ours is deleted first, as a replace would keep its classes. */
function directionLines(
  dev: InterfaceName,
  side: 'dst' | 'src',
  classes: readonly ShapedClass[],
  present: readonly Qdisc[],
): string[] {
  const root = present.find((q) => q.root === true);
  const ours = root?.kind === 'htb' && root.handle === '1:';
  const lines = ours ? [`qdisc del dev ${dev} root`] : [];
  return classes.length === 0 ? lines : [...lines, ...renderDirection(dev, side, classes)];
}

function classesOf(peers: readonly ShapedPeer[], key: 'downKbps' | 'upKbps'): ShapedClass[] {
  const out: ShapedClass[] = [];
  for (const p of peers) {
    const kbps = p[key];
    if (kbps !== null) out.push({ kbps, addresses: p.allowedIps });
  }
  return out;
}

async function createIfb(runner: Runner, link: InterfaceName, ifb: InterfaceName): Promise<void> {
  await runner.run({ tool: 'ip', args: ['link', 'add', 'name', ifb, 'type', 'ifb'] });
  await runner.run({
    tool: 'ip',
    args: ['link', 'set', 'dev', ifb, 'alias', aliasOf(link), 'up'],
  });
}
