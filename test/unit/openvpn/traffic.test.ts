// What OpenVPN sessions carried between two readings (issue 14), table-driven.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpenVpnServerId } from '../../../main/store';
import { trafficDeltas } from '../../../main/services/openvpn/traffic';
import type { OpenVpnSession } from '../../../main/services/openvpn/watch';

const SERVER = 7 as OpenVpnServerId;

function session(
  clientId: number,
  identity: string | null,
  rx: number,
  tx: number,
): OpenVpnSession {
  return {
    clientId,
    commonName: identity ?? 'cn',
    username: null,
    realAddress: '127.0.0.1:5000',
    virtualAddress: null,
    virtualIpv6: null,
    rx,
    tx,
    connectedSince: 0,
    key: `ovpn:7:${clientId}:${identity ?? ''}`,
    identity,
    userId: null,
    startedAt: 0,
  };
}

const map = (...s: OpenVpnSession[]) => new Map(s.map((x) => [x.clientId, x]));

const CASES: {
  name: string;
  prev: OpenVpnSession[];
  next: OpenVpnSession[];
  countNew: boolean;
  want: [string, number, number][];
}[] = [
  {
    name: 'a session seen before adds what its counters moved',
    prev: [session(1, 'laptop', 100, 50)],
    next: [session(1, 'laptop', 160, 90)],
    countNew: true,
    want: [['laptop', 60, 40]],
  },
  {
    name: 'a new session while watching adds all its bytes',
    prev: [],
    next: [session(2, 'phone', 30, 20)],
    countNew: true,
    want: [['phone', 30, 20]],
  },
  {
    name: 'a session first seen after the link came up adds nothing (maybe counted before)',
    prev: [],
    next: [session(2, 'phone', 30, 20)],
    countNew: false,
    want: [],
  },
  {
    name: 'two sessions of one identity are summed; idle ones and nameless ones are left out',
    prev: [session(1, 'laptop', 10, 10), session(2, 'laptop', 5, 5), session(3, 'idle', 9, 9)],
    next: [
      session(1, 'laptop', 20, 10),
      session(2, 'laptop', 6, 8),
      session(3, 'idle', 9, 9),
      session(4, null, 50, 50),
    ],
    countNew: true,
    want: [['laptop', 11, 3]],
  },
  {
    name: 'a counter that went down is a new session under a reused client id',
    prev: [session(1, 'laptop', 500, 500)],
    next: [session(1, 'laptop', 40, 30)],
    countNew: true,
    want: [['laptop', 40, 30]],
  },
  {
    name: 'a session gone adds nothing more',
    prev: [session(1, 'laptop', 500, 500)],
    next: [],
    countNew: true,
    want: [],
  },
];

for (const c of CASES) {
  test(c.name, () => {
    const got = trafficDeltas(SERVER, map(...c.prev), map(...c.next), c.countNew);
    assert.deepEqual(
      got.map((d) => [d.identity, d.rx, d.tx]),
      c.want,
    );
    assert.ok(got.every((d) => d.serverId === SERVER));
  });
}
