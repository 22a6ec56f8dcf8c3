import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planPrivileges, privilegedHost, type PlanInput } from '../../../main/app/privileged';

const base: PlanInput = {
  platform: 'linux',
  uid: 1000,
  execPath: '/opt/wgdesk/wgdesk',
  helperEntry: '/opt/wgdesk/resources/app.asar.unpacked/dist/app/helper.mjs',
  pkexecInstalled: true,
};

describe('planPrivileges', () => {
  test('root runs in-process, on every platform', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      assert.deepEqual(planPrivileges({ ...base, platform, uid: 0 }), { kind: 'in-process' });
    }
  });

  test('Linux: one pkexec prompt, the Electron binary as Node through env, absolute paths only', () => {
    assert.deepEqual(planPrivileges(base), {
      kind: 'helper',
      argv: [
        '/usr/bin/pkexec',
        '--disable-internal-agent',
        '/usr/bin/env',
        'ELECTRON_RUN_AS_NODE=1',
        '/opt/wgdesk/wgdesk',
        '/opt/wgdesk/resources/app.asar.unpacked/dist/app/helper.mjs',
      ],
    });
    assert.throws(() => planPrivileges({ ...base, helperEntry: 'dist/app/helper.mjs' }), {
      kind: 'Internal',
    });
  });

  test('no pkexec, or no launcher for the platform: none, with a reason for the UI', () => {
    const plan = planPrivileges({ ...base, pkexecInstalled: false });
    assert.equal(plan.kind, 'none');
    assert.match(plan.kind === 'none' ? plan.reason : '', /pkexec is not installed/);
    assert.equal(planPrivileges({ ...base, platform: 'win32' }).kind, 'none');
  });
});

describe('privilegedHost', () => {
  test('a helper that cannot start leaves an UnprivilegedHost that says why', async () => {
    const host = await privilegedHost(
      { kind: 'helper', argv: ['/nonexistent/pkexec', 'x'] },
      {},
      () => undefined,
    );
    assert.ok(host);
    await assert.rejects(host.readDump(), (e: Error & { kind?: string }) => {
      assert.equal(e.kind, 'HelperUnavailable');
      assert.match(e.message, /the privileged helper did not start/);
      return true;
    });
  });

  test('in-process leaves the host to the runtime', async () => {
    assert.equal(await privilegedHost({ kind: 'in-process' }, {}, () => undefined), undefined);
  });
});
