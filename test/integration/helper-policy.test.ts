/**
 * Root's policy decides whether hooks run, and the helper itself enforces it:
 * runHook written raw on the real helper's stdin, as a hostile parent (or a
 * main process reading a tampered database) would send it, is refused while
 * the helper's --config file says scripts are off, or is absent; it runs once
 * the file says on. The file is read again for each hook.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SCRIPTS_COMMAND } from '../../main/host/policy';
import { writePolicy } from './files';
import { helperArgv } from './helper-argv';
import { RawHelper, type Answer } from './raw-helper';
import { useRig } from './rig';

const rig = useRig();

describe("runHook on the real helper's stdin, under root's policy file", async () => {
  const ns = await rig.namespace('c');
  const name = rig.name('c0');
  let n = 0;

  /** One helper with `--config file`: what it says of scripts, and how it answers one hook. */
  async function tryHook(file: string): Promise<{ allowed: Answer; hook: Answer; ran: boolean }> {
    const marker = join(rig.dir, `hook-ran-${++n}`);
    const helper = new RawHelper(helperArgv(ns, file));
    try {
      await helper.next(); // the hello
      const allowed = await helper.request('scriptsAllowed', {});
      const hook = await helper.request('runHook', {
        name,
        phase: 'postUp',
        command: `touch ${marker}`,
      });
      return { allowed, hook, ran: existsSync(marker) };
    } finally {
      const exited = new Promise((resolve) => helper.child.once('exit', resolve));
      helper.child.stdin.end();
      await exited;
    }
  }

  function refused(r: { allowed: Answer; hook: Answer; ran: boolean }, file: string): void {
    assert.deepEqual([r.allowed.ok, r.allowed.value], [true, false], 'scriptsAllowed says off');
    assert.equal(r.hook.ok, false);
    assert.equal(r.hook.error?.kind, 'PermissionDenied');
    assert.ok(r.hook.error?.message.includes(file), r.hook.error?.message);
    assert.ok(r.hook.error?.message.includes(SCRIPTS_COMMAND), r.hook.error?.message);
    assert.equal(r.hook.spawns, r.allowed.spawns, 'nothing was started');
    assert.equal(r.ran, false, 'the hook did not run');
  }

  test('scripts = off: refused, nothing runs', async () => {
    const file = await writePolicy(join(rig.dir, 'off.conf'), 'off');
    refused(await tryHook(file), file);
  });

  test('no policy file at all: off, refused', async () => {
    const file = join(rig.dir, 'absent.conf');
    refused(await tryHook(file), file);
  });

  test('scripts = on: the hook runs', async () => {
    const r = await tryHook(await writePolicy(join(rig.dir, 'on.conf'), 'on'));
    assert.deepEqual([r.allowed.ok, r.allowed.value], [true, true]);
    assert.equal(r.hook.ok, true, JSON.stringify(r.hook.error));
    assert.equal(r.hook.spawns, r.allowed.spawns + 1, 'one shell');
    assert.equal(r.ran, true);
  });
});
