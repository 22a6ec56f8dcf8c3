// Reading the traffic history: a peer's series at a resolution that fits the
// range, an OpenVPN identity's the same way (issue 14), and an interface's
// last 24 hours with its free addresses.
import type {
  InterfaceHistory,
  InterfaceSummary,
  PeerHistory,
} from '../../../shared/contract/methods/monitor';
import type { IdentityHistory } from '../../../shared/contract/methods/openvpn';
import { AppError, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import {
  HOUR_S as STORED_HOUR,
  MINUTE_S as STORED_MINUTE,
  type Bucket,
  type Resolution,
} from '../../store/samples';
import type { InterfaceId, OpenVpnServerId, PeerId, UnixMs } from '../../store';
import { freeAddresses } from '../../../shared/ip';
import type { MonitorCore } from './core';
import { alignDown, densePoints, HOUR_S, MINUTE_S, resolutionFor } from './series';
import { isOnline } from './state';

const DAY_MS = 86_400_000;

export class HistoryService {
  readonly #core: MonitorCore;

  constructor(core: MonitorCore) {
    this.#core = core;
  }

  /** [from, to) in unix ms, points from the start of the bucket holding `from`. */
  peerHistory(id: PeerId, from: UnixMs, to: UnixMs): PeerHistory {
    if (!(from < to)) throw invalidInput('to', 'must be after from', problem('to_after_from', {}));
    const { rows, samples, table, writer } = this.#core;
    if (rows.getById(id) === undefined) throw new AppError('NotFound', `peer ${id} does not exist`);
    // The history is read from the database only, after saving the peer's
    // unsaved counters and minute together: what it returns is then exactly
    // what the peer's stored totals say, not a minute ahead of them.
    table.sync();
    const state = table.get(id);
    if (state !== undefined && writer.unsaved(id)) this.#core.save(() => writer.write([state]));
    const series = this.#series(from, to, (res, first, end, group) =>
      samples.series(id, res, first, end, group),
    );
    return { peerId: id, ...series };
  }

  /**
   * An OpenVPN identity's traffic in [from, to), like a peer's. Its bytes are
   * written at every reading of its server (services/openvpn/watch.ts), so the
   * database is already up to date. An identity never seen has none.
   */
  identityHistory(
    serverId: OpenVpnServerId,
    identity: string,
    from: UnixMs,
    to: UnixMs,
  ): IdentityHistory {
    if (!(from < to)) throw invalidInput('to', 'must be after from', problem('to_after_from', {}));
    const { store } = this.#core.ctx;
    store.openvpn.require(serverId);
    const series = this.#series(from, to, (res, first, end, group) =>
      store.openvpnSamples.series(serverId, identity, res, first, end, group),
    );
    return { protocol: 'openvpn', serverId, identity, ...series };
  }

  #series(
    from: UnixMs,
    to: UnixMs,
    read: (res: Resolution, first: number, end: number, group: number) => Bucket[],
  ): Omit<PeerHistory, 'peerId'> {
    const { options, ctx } = this.#core;
    const resolution = resolutionFor(from, to, ctx.now(), options.minuteRetentionMs);
    const first = alignDown(Math.floor(from / 1000), resolution);
    const end = Math.ceil(to / 1000);
    // Minutes for a minute series; otherwise the hour rows, which already hold every minute.
    const stored =
      resolution === MINUTE_S
        ? read(STORED_MINUTE, first, end, MINUTE_S)
        : read(STORED_HOUR, first, end, resolution);
    return { from, to, resolution, points: densePoints(from, to, resolution, stored) };
  }

  /**
   * issue 15: one interface's total traffic in [from, to): its peers' stored
   * rows summed per bucket, after saving their unsaved counters (as peerHistory).
   */
  interfaceHistory(id: InterfaceId, from: UnixMs, to: UnixMs): InterfaceHistory {
    if (!(from < to)) throw invalidInput('to', 'must be after from', problem('to_after_from', {}));
    const { ctx, samples, options, table, writer } = this.#core;
    ctx.store.interfaces.require(id);
    table.sync();
    const unsaved = [...(table.iface(id)?.peers.values() ?? [])].filter((s) =>
      writer.unsaved(s.id),
    );
    if (unsaved.length > 0) this.#core.save(() => writer.write(unsaved));
    const resolution = resolutionFor(from, to, ctx.now(), options.minuteRetentionMs);
    const first = alignDown(Math.floor(from / 1000), resolution);
    const end = Math.ceil(to / 1000);
    const stored: Bucket[] =
      resolution === MINUTE_S
        ? samples.interfaceSeries(id, STORED_MINUTE, first, end, MINUTE_S)
        : samples.interfaceSeries(id, STORED_HOUR, first, end, resolution);
    const points = densePoints(from, to, resolution, stored);
    return { interfaceId: id, from, to, resolution, points };
  }

  /** The last 24 hours of one interface, its peers online now, and its free addresses. */
  interfaceSummary(id: InterfaceId): InterfaceSummary {
    const { ctx, samples, writer, table } = this.#core;
    const iface = ctx.store.interfaces.require(id);
    table.sync();
    const at = ctx.now();
    const since = at - DAY_MS;
    // Whole hours from the hour rows; the ragged first hour from its minute rows.
    const fromS = Math.ceil(since / 1000 / 60) * 60;
    const firstFullHour = alignDown(fromS + HOUR_S - 1, HOUR_S);
    const endS = Math.ceil(at / 1000) + 1;
    const head = samples.interfaceTotal(id, STORED_MINUTE, fromS, Math.min(firstFullHour, endS));
    const body = samples.interfaceTotal(id, STORED_HOUR, firstFullHour, endS);
    const states = [...(table.iface(id)?.peers.values() ?? [])];
    const unsaved = writer.pendingTotal(states.map((s) => s.id));
    // What the address allocator counts as taken: tunnel addresses and routed networks.
    const addresses = ctx.store.peers.usedNetworks(id);
    return {
      interfaceId: id,
      since,
      at,
      rx: head.rx + body.rx + unsaved.rx,
      tx: head.tx + body.tx + unsaved.tx,
      peers: states.length,
      online: states.filter(isOnline).length,
      freeIpv4:
        iface.ipv4Network === null
          ? null
          : freeAddresses(iface.ipv4Network, iface.ipv4Address, addresses),
      freeIpv6:
        iface.ipv6Network === null
          ? null
          : freeAddresses(iface.ipv6Network, iface.ipv6Address, addresses),
    };
  }
}
