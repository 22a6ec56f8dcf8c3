import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { WGDESK_VERSION } from '../../../main/service/version';
import { systemHandlers } from '../../../main/api/handlers/system';
import { UnprivilegedHost } from '../../../main/host/unprivileged';
import type { Host } from '../../../main/host/host';
import { parseInterfaceName } from '../../../shared/validate';
import { unwrap } from '../../../shared/result';

describe('system handlers', () => {
  test('capabilities: the host tools, plus whether main itself is root', async () => {
    const host = new UnprivilegedHost({ wg: '/usr/bin/wg', ip: '/sbin/ip' }, 'no root');
    for (const root of [true, false]) {
      const caps = await systemHandlers({ host, engine: 'cli', isRoot: () => root })[
        'system.capabilities'
      ]({});
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

  test('engine: which one answers, and only the service keeps watch with no window', async () => {
    const host = new UnprivilegedHost({}, 'no root');
    for (const kind of ['service', 'window', 'serve', 'cli'] as const) {
      const e = await systemHandlers({ host, engine: kind })['system.engine']({});
      assert.deepEqual([e.kind, e.keepsWatch], [kind, kind === 'service']);
      assert.equal(e.version, WGDESK_VERSION);
    }
  });

  test("the version the service says is package.json's", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    assert.equal(WGDESK_VERSION, (pkg as { version: string }).version);
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
