// The helper protocol is one table (main/host/protocol/ops.ts); these tests
// prove that each side really is derived from it. The dispatcher is the
// helper's own; the client end is a ForwardingHost whose requests go through
// JSON text to that dispatcher in-process, in place of the helper's pipes
// (test/integration/helper.test.ts drives the real helper process).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseSpeedKbps,
  parseInterfaceAddress,
  parseInterfaceName,
  parseIpAddress,
  parseKeepalive,
  parseKey,
  parseMtu,
} from '../../../shared/validate';
import { Dispatcher } from '../../../main/helper/dispatch';
import { HelperHost } from '../../../main/host/helper-client';
import type { Host } from '../../../main/host/host';
import { ForwardingHost, type WireArgs } from '../../../main/host/protocol/derive';
import { ResponseEnvelope } from '../../../main/host/protocol/envelope';
import { opTable, type HostParams, type HostResult } from '../../../main/host/protocol/entry';
import {
  isOpName,
  MUTATES,
  OP_ARGS,
  OP_NAMES,
  OPS,
  type OpName,
} from '../../../main/host/protocol/ops';
import { UnprivilegedHost } from '../../../main/host/unprivileged';
import { parseHookCommand } from '../../../main/wireguard';

const name = unwrap(parseInterfaceName('wg7'));
const key = unwrap(parseKey(Buffer.alloc(32, 7).toString('base64')));
const peer = {
  publicKey: key,
  presharedKey: null,
  allowedIps: [unwrap(parseCidr('10.7.0.2/32'))],
  endpoint: null,
  persistentKeepalive: unwrap(parseKeepalive(25)),
};
const observed = {
  name,
  privateKeyPresent: true,
  publicKey: key,
  listenPort: 51820,
  fwMark: 0,
  peers: [],
};

/** For every operation: arguments a caller may pass, and what the host answers. */
const SAMPLES: { readonly [K in OpName]: { params: HostParams<K>; result: HostResult<K> } } = {
  capabilities: {
    params: [],
    result: { wg: true, wireguardGo: false, ip: true, nft: false, tc: false, conntrack: true },
  },
  readDump: { params: [], result: new Map([[name, observed]]) },
  readInterface: { params: [name], result: observed },
  createInterface: { params: [name], result: 'userspace' },
  configure: {
    params: [name, { privateKey: key, listenPort: null, fwMark: null, peers: [peer] }, 'sync'],
    result: undefined,
  },
  setPeer: { params: [name, peer], result: undefined },
  removePeers: { params: [name, [key]], result: undefined },
  linkState: {
    params: [name],
    result: { exists: true, up: true, mtu: 1420, addresses: [] },
  },
  setAddresses: {
    params: [name, [unwrap(parseInterfaceAddress('10.7.0.1/24'))]],
    result: undefined,
  },
  setLink: { params: [name, { up: true, mtu: unwrap(parseMtu(1420)) }], result: undefined },
  deleteInterface: { params: [name], result: undefined },
  flushConntrack: { params: [name, [unwrap(parseIpAddress('10.7.0.2'))]], result: undefined },
  scriptsAllowed: { params: [], result: true },
  runHook: {
    params: [name, 'postUp', unwrap(parseHookCommand('true', 'command'))],
    result: undefined,
  },
  readSystemConfigs: { params: [], result: [{ name, text: '[Interface]\n' }] },
  readSecrets: {
    params: [name],
    result: { privateKey: key, presharedKeys: [{ publicKey: key, presharedKey: key }] },
  },
  applyNetwork: {
    params: [{ servers: [], forwarding: { ipv4: true, ipv6: false } }],
    result: { uplinks: [] },
  },
  readNetworkCounters: { params: [], result: [{ rule: 3, packets: 10, bytes: 840 }] },
  syncRoutes: {
    params: [name, [unwrap(parseCidr('192.168.50.0/24'))], 1234],
    result: [{ network: '192.168.50.0/24', device: 'eth1' }],
  },
  applyShaping: {
    params: [
      name,
      [
        {
          allowedIps: [unwrap(parseCidr('10.7.0.2/32'))],
          downKbps: unwrap(parseSpeedKbps(2000)),
          upKbps: null,
        },
      ],
    ],
    result: undefined,
  },
};

type Loose = (...params: unknown[]) => Promise<unknown>;

/** Calls operation `op` of `host` with positional `params`, whatever the operation. */
function call(host: Host, op: OpName, params: readonly unknown[]): Promise<unknown> {
  // The samples are typed per operation above; here every operation is handled alike.
  const method = host[op] as Loose | undefined;
  if (method === undefined) throw new Error(`${op} is missing`);
  return method.apply(host, [...params]);
}

interface Recorded {
  readonly op: OpName;
  readonly params: readonly unknown[];
}

/**
 * A Host that records each call and answers with the sample result. It is
 * built from the table's names, like the code under test, so that a
 * hand-written method list cannot hide a missing operation.
 */
function recordingHost(
  calls: Recorded[],
  hold: (op: OpName) => Promise<void> = async () => undefined,
  without: readonly OpName[] = [],
): Host {
  const methods: Partial<Record<OpName, Loose>> = {};
  for (const op of OP_NAMES.filter((op) => !without.includes(op))) {
    methods[op] = async (...params) => {
      calls.push({ op, params });
      await hold(op);
      return SAMPLES[op].result;
    };
  }
  return methods as Host;
}

/** The client end, talking JSON to the dispatcher in-process instead of through pipes. */
class Loopback extends ForwardingHost {
  #nextId = 1;
  readonly sent: string[] = [];

  constructor(private readonly dispatcher: Dispatcher) {
    super();
  }

  protected override async send(op: OpName, args: WireArgs): Promise<unknown> {
    const line = JSON.stringify({ v: 1, id: this.#nextId++, op, args });
    this.sent.push(line);
    const answer = ResponseEnvelope.parse(
      JSON.parse(JSON.stringify(await this.dispatcher.handle(line))),
    );
    if (answer.ok) return answer.value;
    throw new AppError(answer.error.kind, answer.error.message, answer.error.field);
  }
}

function dispatcher(host: Host): Dispatcher {
  return new Dispatcher(
    host,
    () => 0,
    () => undefined,
  );
}

describe('the helper operation table', () => {
  test('names exactly the operations, and nothing from the prototype chain', () => {
    assert.deepEqual([...OP_NAMES].sort(), Object.keys(SAMPLES).sort());
    for (const op of OP_NAMES) assert.ok(isOpName(op), op);
    for (const other of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'reboot']) {
      assert.equal(isOpName(other), false, other);
    }
  });

  test('OP_ARGS and MUTATES are columns of the table', () => {
    for (const op of OP_NAMES) {
      assert.equal(OP_ARGS[op], OPS[op].args, op);
      assert.equal(MUTATES[op], OPS[op].mutates, op);
    }
    assert.deepEqual(
      OP_NAMES.filter((op) => !MUTATES[op]),
      [
        'capabilities',
        'readDump',
        'readInterface',
        'linkState',
        'scriptsAllowed',
        'readSystemConfigs',
        'readSecrets',
        'readNetworkCounters',
      ],
    );
  });

  test('every operation crosses the protocol and back: same parameters in, same result out', async () => {
    const calls: Recorded[] = [];
    const client = new Loopback(dispatcher(recordingHost(calls)));
    for (const op of OP_NAMES) {
      const { params, result } = SAMPLES[op];
      calls.length = 0;
      assert.deepEqual(await call(client, op, params), result, `${op}: result`);
      assert.deepEqual(calls, [{ op, params }], `${op}: the host saw the caller's parameters`);
    }
  });

  test('on the wire: named arguments, a Map as a list, void as null', async () => {
    const answers: unknown[] = [];
    const d = dispatcher(recordingHost([]));
    for (const [op, args] of [
      ['readDump', {}],
      ['setPeer', { name, peer }],
      ['setLink', { name, state: { up: false } }],
    ] as const) {
      const r = await d.handle(JSON.stringify({ v: 1, id: 1, op, args }));
      assert.equal(r.ok, true, op);
      if (r.ok) answers.push(r.value);
    }
    assert.deepEqual(answers, [[observed], null, null]);
    const client = new Loopback(d);
    await client.setLink(name, { up: false });
    assert.deepEqual(
      client.sent.map((l) => JSON.parse(l) as unknown),
      [{ v: 1, id: 1, op: 'setLink', args: { name: 'wg7', state: { up: false } } }],
    );
  });

  test('the dispatcher runs the changes one at a time, reads as they come', async () => {
    const calls: Recorded[] = [];
    let release = (): void => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let started = (): void => undefined;
    const setPeerStarted = new Promise<void>((resolve) => (started = resolve));
    const hold = (op: OpName): Promise<void> => {
      if (op !== 'setPeer') return Promise.resolve();
      started();
      return blocked;
    };
    const client = new Loopback(dispatcher(recordingHost(calls, hold)));
    const first = client.setPeer(name, peer);
    const second = client.deleteInterface(name);
    await setPeerStarted;
    await client.linkState(name);
    const ops = (): OpName[] => calls.map((c) => c.op);
    assert.deepEqual(ops(), ['setPeer', 'linkState'], 'the read passed the waiting change');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(ops(), ['setPeer', 'linkState', 'deleteInterface']);
  });

  test("an optional operation the helper's host lacks is Incompatible, with the table's reason", async () => {
    const client = new Loopback(
      dispatcher(recordingHost([], undefined, ['runHook', 'scriptsAllowed', 'readSystemConfigs'])),
    );
    await assert.rejects(client.scriptsAllowed(), {
      kind: 'Incompatible',
      message: 'this helper cannot say whether scripts may run',
    });
    await assert.rejects(call(client, 'runHook', SAMPLES.runHook.params), {
      kind: 'Incompatible',
      message: 'this helper cannot run hooks',
    });
    await assert.rejects(client.readSystemConfigs(), {
      kind: 'Incompatible',
      message: 'this helper cannot read wg-quick files',
    });
  });

  test('UnprivilegedHost answers capabilities and refuses every other operation', async () => {
    const host = new UnprivilegedHost({ wg: '/usr/bin/wg' }, 'no helper here');
    assert.equal((await host.capabilities()).wg, true);
    for (const op of OP_NAMES.filter((op) => op !== 'capabilities')) {
      await assert.rejects(
        call(host, op, SAMPLES[op].params),
        {
          kind: 'HelperUnavailable',
          message: 'no helper here',
        },
        op,
      );
    }
  });

  test('HelperHost has every operation, from the table', () => {
    for (const op of OP_NAMES) {
      assert.equal(typeof HelperHost.prototype[op], 'function', op);
      assert.equal(Object.hasOwn(HelperHost.prototype, op), false, `${op} is not hand-written`);
    }
  });

  test('a table that does not match Host does not compile', () => {
    const withoutLinkState: Omit<typeof OPS, 'linkState'> = OPS;
    // @ts-expect-error linkState is a Host method, so the table must have it
    opTable(withoutLinkState);
    // @ts-expect-error reboot is no Host method
    opTable({ ...OPS, reboot: OPS.deleteInterface });
    // @ts-expect-error setPeer's parameters are (name, peer), in that order
    opTable({ ...OPS, setPeer: { ...OPS.setPeer, params: ['peer', 'name'] } });
    // @ts-expect-error setPeer answers nothing: its result crosses as null
    opTable({ ...OPS, setPeer: { ...OPS.setPeer, result: OPS.capabilities.result } });
    // @ts-expect-error runHook is optional in Host: the table says what is missing without it
    opTable({ ...OPS, runHook: { ...OPS.runHook, unsupported: undefined } });
  });
});
