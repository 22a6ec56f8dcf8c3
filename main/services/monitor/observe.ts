// One peer, one poll: from what the kernel reports to the next in-memory state,
// the connection-log event it implies, and whether the database needs a write.
// Pure: the clock and the dump come in as arguments.
import type { ObservedPeer } from '../../wireguard';
import type { ObservedColumns } from '../../store/observed';
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
   * now: the handshake or session changed, write it in this poll's batch;
   * later: only byte counters moved, write them with the minute's samples (persist.ts)
   * (the kernel keeps counting meanwhile: after a crash, the next reading
   * against the last stored one recovers every byte); none: nothing changed.
   */
  readonly persist: 'now' | 'later' | 'none';
  /** Bytes since the previous poll, for the minute samples. */
  readonly rxDelta: number;
  readonly txDelta: number;
}

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
 */
export function observe(
  prev: PeerState,
  seen: ObservedPeer | undefined,
  at: UnixMs,
  elapsedMs: number | null,
): Step {
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

  let session = {
    sessionStartedAt: o.sessionStartedAt,
    sessionRxStart: o.sessionRxStart,
    sessionTxStart: o.sessionTxStart,
  };
  let event: SessionEvent | null = null;
  const wasLive = o.sessionStartedAt !== null;
  if (live && !wasLive && kernelHandshake !== null) {
    // The session began with this handshake; what came with it belongs to it.
    session = {
      sessionStartedAt: kernelHandshake,
      sessionRxStart: o.rxTotal,
      sessionTxStart: o.txTotal,
    };
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
    session = { sessionStartedAt: null, sessionRxStart: 0, sessionTxStart: 0 };
  } else if (live && prev.endpoint !== null && endpoint !== prev.endpoint) {
    event = {
      event: 'endpoint_changed',
      at,
      endpoint,
      rx: rxTotal - o.sessionRxStart,
      tx: txTotal - o.sessionTxStart,
      detail: `roamed from ${prev.endpoint}`,
    };
  }

  const observed: ObservedColumns = {
    lastHandshake,
    rxTotal,
    txTotal,
    rxLastSeen: rxReading,
    txLastSeen: txReading,
    ...session,
  };
  const rxRate = rateOf(rxDelta, elapsedMs);
  const txRate = rateOf(txDelta, elapsedMs);
  const persist = !sameSession(o, observed) ? 'now' : !sameCounters(o, observed) ? 'later' : 'none';
  const unchanged =
    persist === 'none' &&
    endpoint === prev.endpoint &&
    rxRate === prev.rxRate &&
    txRate === prev.txRate &&
    (seen !== undefined) === prev.inKernel;
  const state = unchanged
    ? prev
    : { ...prev, observed, endpoint, rxRate, txRate, inKernel: seen !== undefined };
  return { state, event, persist, rxDelta, txDelta };
}

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
    return { event: 'disconnected', at, endpoint, ...bytes, detail: 'removed from the kernel' };
  }
  if (admissionAt(prev.admission, at) !== 'allowed') {
    return { event: 'disconnected', at, endpoint, ...bytes, detail: 'no longer allowed' };
  }
  // It ended when the keys expired, which may be well before we noticed (wgdesk was closed).
  const staleAt = lastHandshake === null ? at : Math.min(at, lastHandshake + REJECT_AFTER_TIME_MS);
  return {
    event: 'disconnected',
    at: staleAt,
    endpoint,
    ...bytes,
    detail: `no handshake for ${REJECT_AFTER_TIME_MS / 1000} s`,
  };
}

function sameSession(a: ObservedColumns, b: ObservedColumns): boolean {
  return (
    a.lastHandshake === b.lastHandshake &&
    a.sessionStartedAt === b.sessionStartedAt &&
    a.sessionRxStart === b.sessionRxStart &&
    a.sessionTxStart === b.sessionTxStart
  );
}

function sameCounters(a: ObservedColumns, b: ObservedColumns): boolean {
  return (
    a.rxTotal === b.rxTotal &&
    a.txTotal === b.txTotal &&
    a.rxLastSeen === b.rxLastSeen &&
    a.txLastSeen === b.txLastSeen
  );
}
