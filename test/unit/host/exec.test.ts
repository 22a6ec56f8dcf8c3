import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expandHook } from '../../../main/host/hook';
import { Runner } from '../../../main/host/exec';
import { locateTools } from '../../../main/host/tools';
import { unwrap } from '../../../shared/result';
import { parseInterfaceName } from '../../../shared/validate';
import { parseHookCommand } from '../../../main/wireguard';

// Node adds NODE_V8_COVERAGE to the env of every child it spawns (so coverage
// follows node children); `npm run coverage` sets it, and a frozen fixed env
// made every command fail with "object is not extensible".
describe('Runner with NODE_V8_COVERAGE set (as under npm run coverage)', () => {
  const saved = process.env['NODE_V8_COVERAGE'];
  const dir = mkdtempSync(join(tmpdir(), 'wgdesk-v8cov-'));
  before(() => (process.env['NODE_V8_COVERAGE'] = dir));
  after(() => {
    if (saved === undefined) delete process.env['NODE_V8_COVERAGE'];
    else process.env['NODE_V8_COVERAGE'] = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const runner = new Runner({ tools: locateTools() });
  const wg0 = unwrap(parseInterfaceName('wg0'));

  test('runs a tool', async () => {
    const { stdout } = await runner.run({ tool: 'wg', args: ['--version'] });
    assert.match(stdout, /^wireguard-tools v/);
  });

  test('runs a hook with the fixed environment, plus the coverage directory Node adds', async () => {
    const script = expandHook(unwrap(parseHookCommand('env')), wg0);
    const { stdout } = await runner.runShell(script, 'env hook', 5_000);
    const vars = new Map(
      stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // The shell sets these itself.
    for (const own of ['PWD', 'SHLVL', '_']) vars.delete(own);
    assert.deepEqual(Object.fromEntries(vars), {
      LC_ALL: 'C',
      NODE_V8_COVERAGE: dir,
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1',
    });
  });
});
