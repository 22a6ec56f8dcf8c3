/**
 * One kernel pipeline: a disconnect racing a bulk creation, a drift push or
 * the start-up push on the same interface never leaves the disconnected peer
 * in the kernel nor drops a created one. The host in front of real wg pauses
 * the first change at each of its kernel calls in turn and starts the second
 * change there, so every interleaving the code allows is tried; the verdict
 * is read from the real `wg show dump`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../../shared/validate';
import type { Host } from '../../../main/host/host';
import { belongsInKernel } from '../../../main/services/kernel/spec';
import type { InterfaceId, PeerId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, world } from './setup';

const rig = useRig();

/**
 * The real host, with a hook before each of its calls: when the first change
 * reaches call number `at`, the second change starts and gets time to run as
 * far as it can before the first goes on.
 */
class Schedule {
  calls = 0;
  at = 0;
  second: (() => Promise<unknown>) | null = null;
  started: Promise<unknown> | null = null;

  wrap(host: Host): Host {
    return new Proxy(host, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await this.#before();
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  }

  /** Arms the schedule: `second` starts at the first change's call number `at`. */
  arm(at: number, second: () => Promise<unknown>): void {
    this.calls = 0;
    this.at = at;
    this.second = second;
    this.started = null;
  }

  /** Past the first change: a second that has not started by now runs after it instead. */
  disarm(): void {
    this.second = null;
  }

  async #before(): Promise<void> {
    this.calls += 1;
    const second = this.second;
    if (second === null || this.calls !== this.at) return;
    this.second = null;
    this.started = second();
    this.started.catch(() => undefined);
    // Long enough for a real `wg set` of an unqueued second change to finish.
    await new Promise((r) => setTimeout(r, 150));
  }
}

test('a disconnect never interleaves with another change of the same interface', async (t) => {
  const ns = await rig.namespace('r');
  const schedule = new Schedule();
  const { services, store } = await world(rig, ns, 'wgdesk.db', (h) => schedule.wrap(h));
  const name = unwrap(parseInterfaceName(rig.name('r0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51870)),
      ipv4Address: unwrap(parseInterfaceAddress('10.120.0.1/16')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51870')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const fields = {
    interfaceId: id,
    type: 'client' as const,
    tunnelMode: 'hub' as const,
    keepalive: unwrap(parseKeepalive(0)),
    presharedKey: true,
    keepPrivateKey: true,
  };
  const newPeer = async (n: string): Promise<PeerId> =>
    (await services.peers.create({ ...fields, name: unwrap(parseConfText(n)) }, ADMIN)).peer
      .id as PeerId;

  /** What the kernel holds, against what the database says belongs there. */
  const check = async (label: string, cut: PeerId): Promise<void> => {
    const dump = await rig.exec(ns, 'wg', ['show', name, 'dump']);
    const inKernel = new Set(
      dump
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t')[0]),
    );
    const cutKey = store.peers.require(cut).publicKey;
    assert.equal(inKernel.has(cutKey), false, `${label}: the disconnected peer is out`);
    const now = Date.now();
    const wanted = store.peers.listByInterface(id).filter((p) => belongsInKernel(p, now));
    const missing = wanted.filter((p) => !inKernel.has(p.publicKey)).map((p) => p.name);
    assert.deepEqual(missing, [], `${label}: every peer that belongs is in`);
    assert.equal(inKernel.size, wanted.length, `${label}: nothing else is in`);
  };

  const firsts: Record<string, (n: number) => () => Promise<unknown>> = {
    'bulk create': (n) => () =>
      services.bulk.create({ ...fields, count: 12, namePattern: `bulk${n}-{n}` }, ADMIN),
    'drift push': () => () => services.drift.reconcile(id, 'push', ADMIN),
    'start-up push': () => () => services.startup(),
  };

  let round = 0;
  for (const [what, first] of Object.entries(firsts)) {
    await t.test(`${what} first, the disconnect at each of its kernel calls`, async () => {
      // Call 1 is the first change's first host call; past its last, the two run one after the other.
      for (let at = 1; at <= 6; at++) {
        round += 1;
        const victim = await newPeer(`victim ${round}`);
        schedule.arm(at, () => services.access.disconnect([victim], undefined, ADMIN));
        await first(round)();
        schedule.disarm();
        await (schedule.started ?? services.access.disconnect([victim], undefined, ADMIN));
        await services.idle();
        await check(`${what}, disconnect at call ${at}`, victim);
      }
    });
    await t.test(`the disconnect first, ${what} at each of its kernel calls`, async () => {
      for (let at = 1; at <= 4; at++) {
        round += 1;
        const victim = await newPeer(`victim ${round}`);
        schedule.arm(at, first(round));
        await services.access.disconnect([victim], undefined, ADMIN);
        // The disconnect's conntrack flush runs after it returns: its calls count too.
        await services.idle();
        schedule.disarm();
        await (schedule.started ?? first(round)());
        await check(`disconnect, ${what} at call ${at}`, victim);
      }
    });
  }
});
