// One peer, one poll: from what the kernel reports to the next in-memory state,
// the connection-log event it implies, and whether the database needs a write.
// Pure: the clock and the dump come in as arguments.
import { encodeReason } from '../../../shared/reason';
import type { ObservedPeer } from '../../wireguard';
import type { UnixMs } from '../../store/types';
import { admissionAt, REJECT_AFTER_TIME_MS, type PeerState } from './state';

/** A session event the monitor noticed by itself (admins' and limits' cuts are logged where made). */
export interface SessionEvent {
  readonly event: 'connected' | 'disconnected' | 'endpoint_changed';
  readonly at: UnixMs;
  readonly endpoint: string | null;
  /** The session's bytes so far, from the server's side. */
  readonly rx: number;
  readonly tx: number;
  readonly detail: string | null;
}

export interface Step {
  readonly state: PeerState;
  readonly event: SessionEvent | null;
  /**
   * now: a session began or ended, write it in this poll's batch;
   * later: only byte counters or the handshake time moved, write them with the
   * minute's samples (persist.ts). The kernel keeps both meanwhile: after a
   * crash, the next reading against the last stored one recovers every byte
   * and the latest handshake. A busy peer renews its handshake every two
   * minutes, so with thousands of peers that is a steady stream of writes
   * that would say nothing new;
   * none: nothing changed.
   */
  readonly persist: 'now' | 'later' | 'none';
  /** Whether any of the state's numbers moved (what the UI shows may have). */
  readonly changed: boolean;
  /** Bytes since the previous poll, for the minute samples. */
  readonly rxDelta: number;
  readonly txDelta: number;
}

/** A step observe() may write again: the caller hands the last one back (see `into`). */
export type StepSlot = { -readonly [K in keyof Step]: Step[K] };

/**
 * How far a kernel counter moved. A counter below the last reading means the
 * kernel started over (interface restarted, peer removed and re-added): all of
 * it is new. Totals therefore never go down.
 */
export function counterDelta(lastSeen: number, reading: number): number {
  return reading >= lastSeen ? reading - lastSeen : reading;
}

/** Bytes per second, rounded to whole bytes; 0 when there is no previous reading. */
export function rateOf(delta: number, elapsedMs: number | null): number {
  if (elapsedMs === null || elapsedMs <= 0) return 0;
  return Math.round((delta * 1000) / elapsedMs);
}

/**
 * @param seen the peer's line in the dump, or undefined when the kernel does not have it
 * @param at when the dump was read
 * @param elapsedMs since the previous dump of this interface; null on the first
 * @param into a step this returned before, to be written over instead of a
 *   new one (issue 17: a step per peer per poll was garbage the collector
 *   paid for at every size, idle or not); read it before the next call.
 *   Given, `prev` itself is brought up to date in place and is the step's
 *   state: a new state and columns for each changing peer lived one poll,
 *   long enough to reach the old heap, and 10k of them a second made a
 *   major collection of 30-110 ms every 10-15 polls (issue 17). Without it,
 *   `prev` is left as it was and the state is new.
 */
export function observe(
  prev: PeerState,
  seen: ObservedPeer | undefined,
  at: UnixMs,
  elapsedMs: number | null,
  into?: StepSlot,
): StepSlot {
  const o = prev.observed;
  // Not in the kernel: its counters restart from 0 whenever it is put back.
  const rxReading = seen?.rxBytes ?? 0;
  const txReading = seen?.txBytes ?? 0;
  const rxDelta = counterDelta(o.rxLastSeen, rxReading);
  const txDelta = counterDelta(o.txLastSeen, txReading);
  const rxTotal = o.rxTotal + rxDelta;
  const txTotal = o.txTotal + txDelta;
  const kernelHandshake =
    seen?.latestHandshake === null || seen === undefined ? null : seen.latestHandshake * 1000;
  // A re-added peer reports no handshake; the last one we saw is still the last one.
  const lastHandshake =
    kernelHandshake === null
      ? o.lastHandshake
      : Math.max(kernelHandshake, o.lastHandshake ?? kernelHandshake);
  // Absent from the kernel: the last known endpoint is still the best answer to "from where".
  const endpoint = seen === undefined ? prev.endpoint : seen.endpoint;
  const fresh = kernelHandshake !== null && at - kernelHandshake <= REJECT_AFTER_TIME_MS;
  const live = fresh && admissionAt(prev.admission, at) === 'allowed';

  let sessionStartedAt = o.sessionStartedAt;
  let sessionRxStart = o.sessionRxStart;
  let sessionTxStart = o.sessionTxStart;
  let event: SessionEvent | null = null;
  const wasLive = o.sessionStartedAt !== null;
  if (live && !wasLive && kernelHandshake !== null) {
    // The session began with this handshake; what came with it belongs to it.
    sessionStartedAt = kernelHandshake;
    sessionRxStart = o.rxTotal;
    sessionTxStart = o.txTotal;
    event = {
      event: 'connected',
      at: kernelHandshake,
      endpoint,
      rx: rxDelta,
      tx: txDelta,
      detail: null,
    };
  } else if (!live && wasLive) {
    event = ended(prev, seen, at, lastHandshake, endpoint, rxTotal, txTotal);
    sessionStartedAt = null;
    sessionRxStart = 0;
    sessionTxStart = 0;
  } else if (live && prev.endpoint !== null && endpoint !== prev.endpoint) {
    event = {
      event: 'endpoint_changed',
      at,
      endpoint,
      rx: rxTotal - o.sessionRxStart,
      tx: txTotal - o.sessionTxStart,
      detail: encodeReason({ code: 'roamed', from: prev.endpoint }),
    };
  }

  const sessionMoved =
    sessionStartedAt !== o.sessionStartedAt ||
    sessionRxStart !== o.sessionRxStart ||
    sessionTxStart !== o.sessionTxStart;
  const countersMoved =
    rxTotal !== o.rxTotal ||
    txTotal !== o.txTotal ||
    rxReading !== o.rxLastSeen ||
    txReading !== o.txLastSeen ||
    lastHandshake !== o.lastHandshake;
  const persist = sessionMoved ? 'now' : countersMoved ? 'later' : 'none';
  const rxRate = rateOf(rxDelta, elapsedMs);
  const txRate = rateOf(txDelta, elapsedMs);
  const inKernel = seen !== undefined;
  // Most peers, most polls: nothing moved. Allocating nothing for them keeps a
  // 50k-peer poll out of the garbage collector.
  if (
    persist === 'none' &&
    endpoint === prev.endpoint &&
    rxRate === prev.rxRate &&
    txRate === prev.txRate &&
    inKernel === prev.inKernel
  ) {
    return fill(into, prev, event, persist, false, rxDelta, txDelta);
  }
  const state = into === undefined ? copied(prev) : prev;
  if (persist !== 'none') {
    const c = state.observed;
    c.lastHandshake = lastHandshake;
    c.rxTotal = rxTotal;
    c.txTotal = txTotal;
    c.rxLastSeen = rxReading;
    c.txLastSeen = txReading;
    c.sessionStartedAt = sessionStartedAt;
    c.sessionRxStart = sessionRxStart;
    c.sessionTxStart = sessionTxStart;
  }
  // The same text as the last poll's is kept as it was: this poll's copy dies young.
  if (endpoint !== prev.endpoint) state.endpoint = endpoint;
  state.rxRate = rxRate;
  state.txRate = txRate;
  state.inKernel = inKernel;
  return fill(into, state, event, persist, true, rxDelta, txDelta);
}

/** A state of its own, columns included, for observe() to write (spelt out: one shape for all). */
function copied(prev: PeerState): PeerState {
  return {
    id: prev.id,
    interfaceId: prev.interfaceId,
    userId: prev.userId,
    publicKey: prev.publicKey,
    admission: prev.admission,
    quotaUse: prev.quotaUse,
    observed: { ...prev.observed },
    endpoint: prev.endpoint,
    rxRate: prev.rxRate,
    txRate: prev.txRate,
    inKernel: prev.inKernel,
    kernelOp: prev.kernelOp,
  };
}

function fill(
  into: StepSlot | undefined,
  state: PeerState,
  event: SessionEvent | null,
  persist: Step['persist'],
  changed: boolean,
  rxDelta: number,
  txDelta: number,
): StepSlot {
  if (into === undefined) return { state, event, persist, changed, rxDelta, txDelta };
  into.state = state;
  into.event = event;
  into.persist = persist;
  into.changed = changed;
  into.rxDelta = rxDelta;
  into.txDelta = txDelta;
  return into;
}

const LEFT_KERNEL = encodeReason({ code: 'left_kernel' });
const NOT_ALLOWED = encodeReason({ code: 'not_allowed' });

/** The session is over without anyone cutting it: it went stale, or left the kernel. */
function ended(
  prev: PeerState,
  seen: ObservedPeer | undefined,
  at: UnixMs,
  lastHandshake: UnixMs | null,
  endpoint: string | null,
  rxTotal: number,
  txTotal: number,
): SessionEvent {
  const o = prev.observed;
  const bytes = { rx: rxTotal - o.sessionRxStart, tx: txTotal - o.sessionTxStart };
  if (seen === undefined) {
    return { event: 'disconnected', at, endpoint, ...bytes, detail: LEFT_KERNEL };
  }
  if (admissionAt(prev.admission, at) !== 'allowed') {
    return { event: 'disconnected', at, endpoint, ...bytes, detail: NOT_ALLOWED };
  }
  // It ended when the keys expired, which may be well before we noticed (wgdesk was closed).
  const staleAt = lastHandshake === null ? at : Math.min(at, lastHandshake + REJECT_AFTER_TIME_MS);
  return {
    event: 'disconnected',
    at: staleAt,
    endpoint,
    ...bytes,
    detail: encodeReason({ code: 'stale', seconds: REJECT_AFTER_TIME_MS / 1000 }),
  };
}
