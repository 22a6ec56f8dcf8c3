// Rendered files checked by the real tools: `wg-quick strip` (what wg-quick
// hands to wg) and `wg setconf`'s own parser. No interface is touched: setconf
// is pointed at a name that does not exist, so it parses the file and then
// fails to find the device.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  parseWgQuickConf,
  renderWgQuickConf,
  renderWgSetconf,
  type WgQuickConfig,
} from '../../../main/wireguard';
import { parseIpAddress } from '../../../shared/validate';
import { wgQuickConfig } from './arbitraries';
import { CLIENT, SERVER } from './conf-fixtures';

const WG = '/usr/bin/wg';
const WG_QUICK = '/usr/bin/wg-quick';
const WG_QUICK_ONLY = /^\s*(Address|DNS|MTU|Table|PreUp|PostUp|PreDown|PostDown|SaveConfig)\s*=/im;
// Unique per run, and checked to be absent before use.
const MISSING_IF = `wgdnx${process.pid % 1_000_000}`;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wgdesk-conf-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(file: string, args: readonly string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** wg-quick insists on NAME.conf, and warns about files others can read. */
async function confFile(name: string, content: string): Promise<string> {
  const path = join(dir, `${name}.conf`);
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

function parseOk(text: string) {
  const r = parseWgQuickConf(text);
  if (!r.ok) assert.fail(`output does not parse: ${r.error.message}\n${text}`);
  assert.deepEqual(r.value.warnings, []);
  return r.value.config;
}

async function checkStrip(config: WgQuickConfig): Promise<void> {
  const out = await run(WG_QUICK, ['strip', await confFile('wgtest0', renderWgQuickConf(config))]);
  assert.equal(out.code, 0, out.stderr);
  assert.doesNotMatch(out.stdout, WG_QUICK_ONLY);
  const stripped = parseOk(out.stdout);
  assert.deepEqual(stripped.peers, config.peers);
  assert.deepEqual(stripped, parseOk(renderWgSetconf(config)));
}

/**
 * wg setconf resolves host names while it parses (retrying for ~15 s without
 * DNS), and this machine has no DNS: keep only IP-literal endpoints for it.
 */
function withoutHostnames(config: WgQuickConfig): WgQuickConfig {
  const peers = config.peers.map(({ endpoint, ...peer }) =>
    endpoint === undefined ||
    parseIpAddress(endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')).ok
      ? { ...peer, ...(endpoint === undefined ? {} : { endpoint }) }
      : peer,
  );
  return { ...config, peers };
}

async function checkSetconf(text: string): Promise<{ parsed: boolean; stderr: string }> {
  const missing =
    !existsSync(`/sys/class/net/${MISSING_IF}`) &&
    !existsSync(`/var/run/wireguard/${MISSING_IF}.sock`);
  assert.ok(missing, `${MISSING_IF} exists; refusing to run wg setconf on it`);
  const out = await run(WG, ['setconf', MISSING_IF, await confFile('setconf', text)]);
  assert.notEqual(out.code, 0);
  return { parsed: /Unable to modify interface/.test(out.stderr), stderr: out.stderr };
}

describe('wg-quick strip agrees with renderWgSetconf', () => {
  test('the server and client fixtures', async () => {
    await checkStrip(SERVER);
    await checkStrip(CLIENT);
  });

  test('random valid configs', async () => {
    await fc.assert(fc.asyncProperty(wgQuickConfig, checkStrip), { numRuns: 40 });
  });
});

describe("wg setconf's parser accepts the setconf rendering", () => {
  test('fixtures: setconf text parses, the full wg-quick text does not', async () => {
    for (const config of [SERVER, withoutHostnames(CLIENT)]) {
      const ok = await checkSetconf(renderWgSetconf(config));
      assert.ok(ok.parsed, ok.stderr);
      const full = await checkSetconf(renderWgQuickConf(config));
      assert.ok(!full.parsed);
      assert.match(full.stderr, /Line unrecognized: `Address=/);
    }
  });

  test('random valid configs', async () => {
    await fc.assert(
      fc.asyncProperty(wgQuickConfig, async (c) => {
        const r = await checkSetconf(renderWgSetconf(withoutHostnames(c)));
        assert.ok(r.parsed, r.stderr);
      }),
      { numRuns: 40 },
    );
  });
});
