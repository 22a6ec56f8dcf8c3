// Speed limits on a WireGuard link (issue 12), root's side. Server → peer is
// shaped where it leaves the link (its root qdisc); peer → server where it
// arrives, which tc can only shape after an ingress qdisc redirects it
// (mirred) to an ifb device wgdesk creates for that link. Root touches only
// the qdiscs of a WireGuard link it was named and the ifb device it made for
// it (named after the link, marked with an alias): never another device's.
// Everything is written in one `tc -batch` run, whatever the number of peers.
//
// Where the time goes (perf, kernel 6.18, 10k peers both ways = 20.5k HTB
// classes): over half of it in flow_indr_dev_setup_offload. Every HTB class
// gets a filter block, and binding a block on a device without tc offload
// (wireguard, ifb) looks it up in one kernel-wide list, walked from end to
// end (find_indir_dev): making (and deleting) n classes costs n²/2 steps,
// whatever their layout, and across all devices. Measured at 10k, load ~11:
// classes alone 4.4 s of CPU of ~5 s for the whole file; 1k/2k/5k/10k peers
// 0.3/0.6/2.0/5-7 s. Tried and not kept: `tc -force -batch` (same time),
// several batches (the same kernel work), one flat HTB (15 s of CPU: each new
// class walks all classes of its qdisc). So a link is built whole only when
// root does not know its tree; after that a change goes as a diff
// (shaping-layout.ts), measured at 10k: one peer's limit ~50-100 ms of tc.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { zCidr, zSpeedKbps } from '../../shared/contract/fields';
import { parseInterfaceName, type InterfaceName } from '../../shared/validate';
import { unwrap } from '../../shared/result';
import { SECRET_FILE, type Runner } from './exec';
import { checkWireGuard, linkKindFrom, linkListing } from './links';
import { MAX_PEERS_PER_INTERFACE } from './setconf';
import { MAX_ALLOWED_IPS } from './protocol/schemas';
import { changesFrom, placeAll, type Layout, type ShapedClass } from './shaping-layout';
import { qdiscHandles, renderChanges, renderDirection, type Side } from './shaping-render';

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
  dev?: string;
  kind?: string;
  handle?: string;
  root?: boolean;
}

interface LinkJson {
  ifname?: string;
  ifalias?: string;
}

/** The qdiscs of `devs`, in one `tc` run (a round trip costs more than the listing). */
async function qdiscsOf(runner: Runner, devs: readonly InterfaceName[]): Promise<Qdisc[][]> {
  const { stdout } = await runner.run({ tool: 'tc', args: ['-j', 'qdisc', 'show'] });
  const all = stdout.trim() === '' ? [] : (JSON.parse(stdout) as Qdisc[]);
  return devs.map((d) => all.filter((q) => q.dev === d));
}

/** Whether our ifb exists; Conflict when a device of that name is someone else's. */
function ifbState(listing: string, link: InterfaceName, ifb: InterfaceName): boolean {
  const kind = linkKindFrom(ifb, listing);
  if (kind === null) return false;
  const found = (JSON.parse(listing) as LinkJson[]).find((l) => l.ifname === ifb);
  if (kind !== 'ifb' || found?.ifalias !== aliasOf(link)) {
    throw new AppError(
      'Conflict',
      `a device named ${ifb} exists and is not wgdesk's ifb for ${link}: speed limits need that name`,
      'name',
    );
  }
  return true;
}

/** Whether the WireGuard link is there; a link that is gone (no qdiscs left, only its ifb) is allowed when nothing is to be shaped. */
function linkPresent(link: InterfaceName, listing: string, nothingToShape: boolean): boolean {
  try {
    checkWireGuard(link, listing);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.kind === 'NotFound' && nothingToShape) return false;
    throw e;
  }
}

/**
 * What root last applied to each device it shapes (links and their ifbs), so
 * that the next change is sent as a diff. Kept in memory only: after a
 * restart of root each link is built whole once, as it should be then.
 */
export type Applied = Map<InterfaceName, Layout>;

/**
 * Makes the link shape exactly these peers' traffic; with none limited in a
 * direction, that direction's qdiscs (and the ifb) are removed, so a link
 * without limits carries nothing of ours. A device whose tree root made and
 * still finds there gets only the changed peers' commands.
 */
export async function applyShaping(
  runner: Runner,
  link: InterfaceName,
  peers: readonly ShapedPeer[],
  applied: Applied,
): Promise<void> {
  unwrap(parseInterfaceName(link, 'name'));
  const down = classesOf(peers, 'downKbps');
  const up = classesOf(peers, 'upKbps');
  const ifb = ifbNameOf(link);
  // One listing of the links serves both checks (each `ip` run is a process).
  const listing = await linkListing(runner);
  const ifbExists = ifbState(listing, link, ifb);
  const linkExists = linkPresent(link, listing, peers.length === 0);
  if (!runner.has('tc') && down.length + up.length === 0) {
    if (ifbExists) await runner.run({ tool: 'ip', args: ['link', 'del', 'dev', ifb] });
    return;
  }
  if (up.length > 0 && !ifbExists) await createIfb(runner, link, ifb);
  const read = async (known: Applied): Promise<Batch> => {
    const [onLink = [], onIfb = []] = await qdiscsOf(runner, [link, ifb]);
    return shapingBatch(link, peers, linkExists ? onLink : null, up.length > 0 ? onIfb : [], known);
  };
  let batch = await read(applied);
  // Forgotten first: a batch that fails half-way leaves the tree unknown.
  applied.delete(link);
  applied.delete(ifb);
  try {
    await runBatch(runner, batch.lines);
  } catch (e) {
    if (!batch.diff) throw e;
    // Someone else changed the tree since: it is made whole again.
    runner.note(`[#] tc: ${link} was not as root left it; shaping it whole`);
    batch = await read(new Map());
    await runBatch(runner, batch.lines);
  }
  if (batch.down !== null) applied.set(link, batch.down);
  if (batch.up !== null) applied.set(ifb, batch.up);
  if (up.length === 0 && ifbExists) {
    await runner.run({ tool: 'ip', args: ['link', 'del', 'dev', ifb] });
  }
  runner.note(
    `[#] tc: ${link} limits ${down.length} peers down, ${up.length} up (${batch.lines.length} commands)`,
  );
}

async function runBatch(runner: Runner, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  // The file goes through the runner's 0600 temporary file, as nft's does:
  // it holds no secret, but 10k peers' lines do not fit in argv.
  await runner.run({
    tool: 'tc',
    args: ['-batch', SECRET_FILE],
    secret: `${lines.join('\n')}\n`,
    // Measured here: 10k peers both ways took 15 s to over 2 minutes on a
    // loaded 2-core machine (the n² above, and waits for a core).
    timeoutMs: 600_000,
  });
}

/** A `tc -batch` text and the layouts it leaves (null: that direction has nothing of ours). */
export interface Batch {
  readonly lines: readonly string[];
  readonly down: Layout | null;
  readonly up: Layout | null;
  /** Whether any direction is a diff against what root last applied. */
  readonly diff: boolean;
}

/**
 * The `tc -batch` text for `link`, given the qdiscs found on it (null: the
 * link is gone) and on its ifb (which exists when any peer is limited up),
 * and what root last applied to each device (a diff is sent where that tree
 * is still there).
 */
export function shapingBatch(
  link: InterfaceName,
  peers: readonly ShapedPeer[],
  linkQdiscs: readonly Qdisc[] | null,
  ifbQdiscs: readonly Qdisc[],
  applied: Applied = new Map(),
): Batch {
  const up = classesOf(peers, 'upKbps');
  const ifb = ifbNameOf(link);
  const lines: string[] = [];
  const downPlan = direction(link, 'dst', classesOf(peers, 'downKbps'), linkQdiscs ?? [], applied);
  const upPlan = direction(ifb, 'src', up, ifbQdiscs, applied);
  if (linkQdiscs !== null) {
    lines.push(...downPlan.lines);
    const ingress = linkQdiscs.some((q) => q.kind === 'ingress');
    // The redirect made with the ifb's tree is still there for a diff.
    const keep = ingress && up.length > 0 && upPlan.diff;
    if (ingress && !keep) lines.push(`qdisc del dev ${link} ingress`);
    if (up.length > 0 && !keep) {
      lines.push(
        `qdisc add dev ${link} handle ffff: ingress`,
        `filter add dev ${link} parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ${ifb}`,
      );
    }
  }
  if (up.length > 0) lines.push(...upPlan.lines);
  return {
    lines,
    down: linkQdiscs === null ? null : downPlan.layout,
    up: up.length > 0 ? upPlan.layout : null,
    diff: downPlan.diff || upPlan.diff,
  };
}

interface DirectionPlan {
  readonly lines: string[];
  readonly layout: Layout | null;
  readonly diff: boolean;
}

/**
 * One direction: a diff against the layout root last applied when its tree is
 * still the device's root; else the root qdisc made again (ours is deleted
 * first, as a replace would keep its classes).
 */
function direction(
  dev: InterfaceName,
  side: Side,
  classes: readonly ShapedClass[],
  present: readonly Qdisc[],
  applied: Applied,
): DirectionPlan {
  const root = present.find((q) => q.root === true);
  const ours = root?.kind === 'htb' && root.handle === '1:';
  const known = ours ? applied.get(dev) : undefined;
  // The tree root left is still there, down to each bucket's leaf (cheap to
  // see: a few hundred qdiscs, against 10k classes); a change is sent as a diff.
  const htbs = new Set(present.filter((q) => q.kind === 'htb').map((q) => q.handle));
  const intact = known !== undefined && sameSet(htbs, qdiscHandles(known)) ? known : undefined;
  const changes = intact === undefined ? null : changesFrom(intact, classes);
  if (changes !== null) {
    return { lines: renderChanges(dev, side, changes), layout: changes.next, diff: true };
  }
  const lines = ours ? [`qdisc del dev ${dev} root`] : [];
  if (classes.length === 0) return { lines, layout: null, diff: false };
  const layout = placeAll(classes);
  return { lines: [...lines, ...renderDirection(dev, side, layout)], layout, diff: false };
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
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
