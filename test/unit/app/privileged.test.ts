import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  planPrivileges,
  privilegedHost,
  rootRefusal,
  type PlanInput,
} from '../../../main/app/privileged';

const base: PlanInput = {
  platform: 'linux',
  uid: 1000,
  execPath: '/opt/wgdesk/wgdesk',
  helperEntry: '/opt/wgdesk/resources/app.asar.unpacked/dist/app/helper.mjs',
  pkexecInstalled: true,
};

describe('rootRefusal', () => {
  test('the desktop app refuses root, and says what to run instead', () => {
    assert.match(rootRefusal(0) ?? '', /does not run as root: start it as your own user/);
    assert.match(rootRefusal(0) ?? '', /wgdesk service/);
  });

  test('any other user, or a platform without uids, may run it', () => {
    for (const uid of [1000, 1, 65534, undefined]) assert.equal(rootRefusal(uid), null, `${uid}`);
  });
});

describe('planPrivileges', () => {
  test('root never gets this far: planning for it is an internal error', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      assert.throws(() => planPrivileges({ ...base, platform, uid: 0 }), { kind: 'Internal' });
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
});
