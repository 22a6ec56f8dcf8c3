/**
 * What the packaged desktop app runs as root: the esbuild bundle of the
 * privileged helper, started the way the app starts it (a bare Node runtime,
 * no tsx, no source tree), must speak the protocol and change a real
 * interface. Catches a bundle that builds but cannot start (top-level await in
 * CommonJS, a dependency left external, a stray console.log on stdout).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HelperHost } from '../../main/host/helper-client';
import { directArgv } from '../../main/host/helper-launch';
import { parseInterfaceName } from '../../shared/validate';
import { unwrap } from '../../shared/result';
import { useRig } from './rig';

const rig = useRig();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the bundled helper (dist/app/helper.mjs) runs under plain node and creates an interface', async () => {
  const out = join(rig.dir, 'dist');
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'scripts/build.mjs'), '--skip-renderer', '--out', out],
    { cwd: ROOT },
  );
  const ns = await rig.namespace('h');
  const host = await HelperHost.start({
    argv: directArgv({
      node: process.execPath,
      nodeArgs: [],
      entry: join(out, 'app', 'helper.mjs'),
      netns: ns,
    }),
  });
  try {
    const name = unwrap(parseInterfaceName(rig.name('h0')));
    assert.equal(await host.createInterface(name), 'userspace');
    assert.ok((await host.readDump()).has(name), 'the new interface is in the dump');
    await host.deleteInterface(name);
    assert.equal((await host.linkState(name)).exists, false);
  } finally {
    await host.close();
  }
});
