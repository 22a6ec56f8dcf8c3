// Two pushes of one server as one: a slow client's outbox (main/service/outbox.ts)
// sends the merge of what queued up instead of every push.
import { encodePush } from './stats-encode';
import { forEachChange, orHeld, type PeerChange, type StatsPush } from './stats-push';

/** `a` then `b` as one change (two pushes merged for a slow client). */
function mergeChanges(a: PeerChange, b: PeerChange): PeerChange {
  if (b.fresh) return b;
  // Field by field, not a spread: b's undefined means "unchanged", not "cleared".
  return {
    id: b.id,
    fresh: a.fresh,
    rx: a.rx + b.rx,
    tx: a.tx + b.tx,
    rxRate: b.rxRate,
    txRate: b.txRate,
    status: orHeld(b.status, a.status),
    outReason: orHeld(b.outReason, a.outReason),
    outUntil: orHeld(b.outUntil, a.outUntil),
    lastHandshake: orHeld(b.lastHandshake, a.lastHandshake),
    endpoint: orHeld(b.endpoint, a.endpoint),
  };
}

/** Two pushes of one server, `b` right after `a`, as one (ids in first-seen order). */
export function mergePushes(a: StatsPush, b: StatsPush): StatsPush {
  const byId = new Map<number, PeerChange>();
  forEachChange(a, (c) => byId.set(c.id, { ...c }));
  forEachChange(b, (c) => {
    const own = { ...c };
    const prev = byId.get(c.id);
    byId.set(c.id, prev === undefined ? own : mergeChanges(prev, own));
  });
  const head = { interfaceId: b.interfaceId, at: Math.max(a.at, b.at), seq: b.seq, base: a.base };
  return encodePush(head, [...byId.values()]);
}
