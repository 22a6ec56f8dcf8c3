import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemHandlers } from '../../../main/api/handlers/system';
import { UnprivilegedHost } from '../../../main/host/unprivileged';
import type { Host } from '../../../main/host/host';
import { parseInterfaceName } from '../../../shared/validate';
import { unwrap } from '../../../shared/result';

describe('system handlers', () => {
  test('capabilities: the host tools, plus whether main itself is root', async () => {
    const host = new UnprivilegedHost({ wg: '/usr/bin/wg', ip: '/sbin/ip' }, 'no root');
    for (const root of [true, false]) {
      const caps = await systemHandlers({ host, isRoot: () => root })['system.capabilities']({});
      assert.deepEqual(caps, {
        root,
        wg: true,
        wireguardGo: false,
        ip: true,
        nft: false,
        tc: false,
        conntrack: false,
      });
    }
  });
});

describe('UnprivilegedHost', () => {
  test('refuses every kernel operation with HelperUnavailable and says why', async () => {
    const host: Host = new UnprivilegedHost({}, 'the password prompt was cancelled');
    const name = unwrap(parseInterfaceName('wg0'));
    await assert.rejects(host.readDump(), {
      kind: 'HelperUnavailable',
      message: 'the password prompt was cancelled',
    });
    await assert.rejects(host.createInterface(name), { kind: 'HelperUnavailable' });
    await assert.rejects(host.removePeers(name, []), { kind: 'HelperUnavailable' });
  });
});
