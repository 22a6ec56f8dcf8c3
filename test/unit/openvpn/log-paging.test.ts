// Paging the connection log across protocols (issue 14): WireGuard and OpenVPN
// rows in one real SQLite file, with times that collide within and across
// protocols and a clock that steps back; read page by page through the
// contract with small pages, every row comes exactly once, in the log's order
// (newest time first; within one millisecond WireGuard, then OpenVPN; newer id first).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS, parseParams } from '../../../shared/contract';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import { monitorHandlers } from '../../../main/api/handlers/monitor';
import { createContext, createServices } from '../../../main/services';
import type { OpenVpnEvent } from '../../../main/store/openvpn-log';
import { LOCAL_HOST_ID, type UserId } from '../../../main/store/types';
import { FakeHost } from '../monitor/fake-host';
import { addInterface, addPeer, monitorStore } from '../monitor/helpers';

describe('connection log pages across protocols', () => {
  const { store } = monitorStore(() => 1_000);
  const ctx = createContext({
    store,
    host: new FakeHost(),
    hostId: LOCAL_HOST_ID,
    now: () => 1_000,
    events: () => undefined,
  });
  const handlers = monitorHandlers(createServices(ctx), { actor: 'admin' });
  const alice = store.users.insert({ name: 'alice' });
  const wg0 = addInterface(store, 'wg0');
  const peer = addPeer(store, wg0.id, 2, { userId: alice.id });
  const server = store.openvpn.create({
    hostId: LOCAL_HOST_ID,
    name: 'office',
    address: { kind: 'unix', path: '/run/ovpn.sock' },
    password: null,
    identityBy: 'common_name',
  });
  // Insertion order; the times repeat (within and across protocols) and go back.
  const WG_AT = [100, 100, 90, 120, 100, 80, 80, 130];
  const OVPN_AT = [100, 110, 100, 90, 90, 140, 100];
  WG_AT.forEach((at, i) => {
    const event = i % 2 === 0 ? 'connected' : 'disconnected';
    const userId = i % 3 === 0 ? null : alice.id;
    store.connections.append([
      { peerId: peer.id, userId, at, event, endpoint: null, rx: 0, tx: 0, detail: null },
    ]);
  });
  OVPN_AT.forEach((at, i) => {
    const event: OpenVpnEvent = i % 2 === 0 ? 'connected' : 'disconnected';
    store.openvpnLog.append([
      {
        serverId: server.id,
        identity: `laptop ${i}`,
        userId: i % 3 === 0 ? null : alice.id,
        at,
        event,
        clientId: i,
        realAddress: null,
        virtualAddress: null,
        rx: 0,
        tx: 0,
        detail: null,
      },
    ]);
  });

  async function page(raw: Record<string, unknown>): Promise<ConnectionEntryView[]> {
    const params = parseParams(METHODS['connections.list'].params, raw);
    if (!params.ok) throw params.error;
    return handlers['connections.list'](params.value);
  }

  /** Every page of `filter`, `size` rows at a time, each page starting after the last row. */
  async function readAll(filter: Record<string, unknown>, size: number): Promise<string[]> {
    const seen: string[] = [];
    let before: Record<string, unknown> | undefined;
    for (let n = 0; n < 100; n += 1) {
      const rows = await page({ ...filter, limit: size, ...(before ? { before } : {}) });
      assert.ok(rows.length <= size);
      seen.push(...rows.map((r) => `${r.at} ${r.protocol} ${r.id}`));
      const last = rows.at(-1);
      if (rows.length < size || last === undefined) return seen;
      before = { at: last.at, protocol: last.protocol, id: last.id };
    }
    throw new Error('paging did not end');
  }

  /** The log's order, written out: time down, WireGuard before OpenVPN, id down. */
  function expected(keep: (protocol: string, i: number) => boolean): string[] {
    const rows = [
      ...WG_AT.map((at, i) => ({ at, p: 'wireguard', rank: 0, id: i + 1, i })),
      ...OVPN_AT.map((at, i) => ({ at, p: 'openvpn', rank: 1, id: i + 1, i })),
    ].filter((r) => keep(r.p, r.i));
    rows.sort((a, b) => b.at - a.at || a.rank - b.rank || b.id - a.id);
    return rows.map((r) => `${r.at} ${r.p} ${r.id}`);
  }

  for (const size of [1, 2, 3, 5, 15, 100]) {
    test(`pages of ${size}: every row once, in order`, async () => {
      const all = expected(() => true);
      assert.equal(all.length, WG_AT.length + OVPN_AT.length);
      assert.deepEqual(await readAll({}, size), all);
    });
  }

  test('with a filter: its rows of both protocols, each once, in order', async () => {
    const aliceRows = expected((_, i) => i % 3 !== 0);
    assert.deepEqual(await readAll({ userId: alice.id as UserId }, 2), aliceRows);
    const connected = expected((_, i) => i % 2 === 0);
    assert.deepEqual(await readAll({ event: 'connected' }, 3), connected);
    const sinceRows = expected(() => true).filter((r) => Number(r.split(' ')[0]) >= 100);
    assert.deepEqual(await readAll({ since: 100 }, 4), sinceRows);
  });

  test("a peer's log pages over its WireGuard rows only", async () => {
    assert.deepEqual(
      await readAll({ peerId: peer.id }, 3),
      expected((p) => p === 'wireguard'),
    );
  });

  test('a cursor with another field is refused by the contract', () => {
    const bad = parseParams(METHODS['connections.list'].params, {
      before: { at: 1, protocol: 'ipsec', id: 1 },
    });
    assert.equal(bad.ok, false);
  });
});
